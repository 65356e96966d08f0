// The contests list (the landing page).

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Contest } from '../api/model';
import { Empty, PageTitle, QueryState, useNow } from '../components/ui';
import { contestPhase, formatInZone } from '../lib/time';
import { useSession } from '../session';
import { shownTracks } from '../lib/tracks';

export function HomePage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: keys.contests(), queryFn: api.listContests });
  const s = useSession();
  return (
    <div>
      <section className="hero">
        <PageTitle>{t('home.title')}</PageTitle>
        <p className="lead">{t('home.lead')}</p>
        {!s.user && !s.loading && (
          <div className="actions">
            <Link className="btn btn-primary" to="/signup">
              {t('home.cta')}
            </Link>
            <Link className="btn btn-secondary" to="/signin">
              {t('nav.signIn')}
            </Link>
          </div>
        )}
      </section>
      {s.user && <MyTeams />}
      <h2>{t('home.contests')}</h2>
      <QueryState q={q} empty={(d) => (d.length ? null : <Empty>{t('home.noContests')}</Empty>)}>
        {(contests) => (
          <ul className="grid cards" aria-label={t('home.contests')}>
            {contests.map((c) => (
              <ContestCard key={c.slug} c={c} />
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}

export function PhaseBadge({ c }: { c: Pick<Contest, 'registration_opens_at' | 'submission_opens_at' | 'submission_deadline'> }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const p = contestPhase(c, now);
  return <span className={`badge badge-${p}`}>{t(`phase.${p}`)}</span>;
}

function ContestCard({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="card contest-card">
      <div className="card-head">
        <h3>
          <Link to={`/c/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
        </h3>
        {c.status === 'draft' ? <span className="badge badge-warning">{t('console.draft')}</span> : <PhaseBadge c={c} />}
      </div>
      {c.description && <p className="clamp">{c.description}</p>}
      <p className="muted small">
        {t('contest.deadline')}: {formatInZone(c.submission_deadline, c.timezone, i18n.language)}
      </p>
      {!!shownTracks(c.tracks).length && (
        <ul className="chips" aria-label={t('contest.tracks')}>
          {shownTracks(c.tracks).map((tr) => (
            <li key={tr.slug} className="chip">
              {tr.title}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function MyTeams() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: keys.myTeams(), queryFn: api.myTeams, retry: false });
  if (!q.data?.length) return null;
  return (
    <section className="my-teams">
      <h2>{t('home.myTeams')}</h2>
      <ul className="grid cards">
        {q.data.map((tm) => (
          <li key={String(tm.id)} className="card">
            <h3>
              <Link to={`/teams/${encodeURIComponent(String(tm.id))}`}>{tm.name}</Link>
            </h3>
            <p className="muted small">{tm.contest_slug}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
