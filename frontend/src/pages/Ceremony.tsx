// The award ceremony's two screens: the presenter's (an organizer's phone or
// laptop: one award at a time, "next") and the audience's (the big screen:
// no sign-in, an unguessable link, following live).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ceremonyApi, type CeremonyStep, type CeremonyView, type PresenterView, type RevealCard } from '../api/ceremony';
import { keys } from '../api/keys';
import { RequireAuth } from '../components/RequireAuth';
import { ConfirmAction, ErrorBox, Loading, PageTitle, QueryState } from '../components/ui';
import { useCeremonyFeed } from '../hooks/useCeremonyFeed';
import { audienceUrl } from './console/CeremonySettings';
import './ceremony.css';

/** One revealed award, large. */
function Card({ card, big }: { card: RevealCard; big?: boolean }) {
  const { t } = useTranslation();
  return (
    <article className={`reveal${big ? ' reveal-big' : ''}`} aria-live={big ? 'polite' : undefined}>
      <p className="reveal-award">{card.award}</p>
      <h2 className="reveal-team">{card.team_name}</h2>
      <p className="reveal-title">{card.title}</p>
      {card.photo_url && <img className="reveal-photo" src={card.photo_url} alt={t('ceremony.photoAlt', { title: card.title })} />}
    </article>
  );
}

/** What both screens show of the ceremony: waiting, the current award and the ones before, or the end. */
export function Stage({ v, big }: { v: CeremonyView; big?: boolean }) {
  const { t } = useTranslation();
  const shown = v.shown ?? [];
  const current = shown[shown.length - 1];
  return (
    <div className="stage">
      {v.rehearsal && v.state !== 'idle' && <p className="badge">{t('ceremony.rehearsalBadge')}</p>}
      {v.state === 'idle' || !current ? (
        <p className="stage-waiting">{v.state === 'finished' ? t('ceremony.finished') : t('ceremony.waiting')}</p>
      ) : (
        <Card card={current} big={big} />
      )}
      {v.state === 'finished' && current && <p className="stage-waiting">{t('ceremony.finished')}</p>}
      {shown.length > 1 && (
        <section className="stage-earlier small" aria-label={t('ceremony.earlier')}>
          <h2 className="stage-earlier-title">{t('ceremony.earlier')}</h2>
          {/* In the order they were revealed, without numbers: a list number
              next to an award ("2. Third prize") reads as a place. */}
          <ul>
            {shown.slice(0, -1).map((c) => (
              <li key={c.position}>
                {c.award} — {c.team_name}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The audience screen: full screen, no sign-in, follows the presenter live. */
export function AudiencePage() {
  const { token } = useParams();
  const { view, error } = useCeremonyFeed(token);
  useEffect(() => {
    if (view?.title) document.title = view.title;
  }, [view?.title]);
  return (
    <main className="audience" id="main">
      {error && !view ? <ErrorBox error={error} /> : !view ? <Loading /> : (
        <>
          <h1 className="audience-contest">{view.title}</h1>
          <Stage v={view} big />
        </>
      )}
    </main>
  );
}

/** The presenter's screen (organizers): start a rehearsal or the ceremony, reveal the next award, end. */
export function PresenterPage() {
  return (
    <RequireAuth>
      <Presenter />
    </RequireAuth>
  );
}

function Presenter() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: keys.ceremony(slug), queryFn: () => ceremonyApi.presenter(slug) });
  // Another presenter's step reaches this screen through the audience feed.
  const { view } = useCeremonyFeed(q.data?.audience_token);
  useEffect(() => {
    if (view && q.data && view.revision !== q.data.revision) void qc.invalidateQueries({ queryKey: keys.ceremony(slug) });
  }, [view?.revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const m = useMutation({
    mutationFn: ({ step, rehearsal }: { step: CeremonyStep; rehearsal?: boolean }) =>
      ceremonyApi.step(slug, step, { rehearsal, revision: q.data?.revision ?? 0 }),
    onSuccess: (v) => qc.setQueryData(keys.ceremony(slug), v),
    onError: () => void qc.invalidateQueries({ queryKey: keys.ceremony(slug) }),
  });
  return (
    <div className="stack presenter">
      <PageTitle>{t('ceremony.presenterTitle')}</PageTitle>
      <QueryState q={q}>{(v) => <Controls v={v} slug={slug} pending={m.isPending} step={(step, rehearsal) => m.mutate({ step, rehearsal })} />}</QueryState>
      {m.error ? <ErrorBox error={m.error} /> : null}
    </div>
  );
}

function Controls({ v, slug, pending, step }: { v: PresenterView; slug: string; pending: boolean; step: (s: CeremonyStep, rehearsal?: boolean) => void }) {
  const { t } = useTranslation();
  const order = v.order ?? [];
  const upNext = v.state === 'running' ? order[v.revealed] : undefined;
  return (
    <>
      <p className="small">
        <span className="badge">{t(`ceremony.states.${v.state}`)}</span>{' '}
        {v.state !== 'idle' && t('ceremony.revealed', { n: v.revealed, total: v.total })}{' '}
        {v.rehearsal && v.state !== 'idle' && t('ceremony.rehearsalNote')}
      </p>
      {order.length === 0 && <p>{t('ceremony.noAwards')}</p>}
      <div className="actions-inline presenter-actions">
        {v.state !== 'running' && order.length > 0 && (
          <>
            <button type="button" className="btn btn-secondary" disabled={pending} onClick={() => step('start', true)}>
              {t('ceremony.rehearse')}
            </button>
            <ConfirmAction label={t('ceremony.start')} question={t('ceremony.startQuestion')} confirmLabel={t('final.confirm')} pending={pending}
              onConfirm={() => step('start', false)} />
          </>
        )}
        {v.state === 'running' && upNext && (
          <button type="button" className="btn btn-primary btn-large" disabled={pending} onClick={() => step('next')}>
            {t('ceremony.next')}
          </button>
        )}
        {v.state === 'running' && !upNext &&
          (v.rehearsal ? (
            <button type="button" className="btn btn-primary" disabled={pending} onClick={() => step('next')}>
              {t('ceremony.finishRehearsal')}
            </button>
          ) : (
            <ConfirmAction label={t('ceremony.finish')} question={t('ceremony.finishQuestion')} confirmLabel={t('final.confirm')} pending={pending}
              onConfirm={() => step('next')} />
          ))}
        {v.state === 'running' && (
          <button type="button" className="btn btn-ghost" disabled={pending} onClick={() => step('stop')}>
            {t('ceremony.stop')}
          </button>
        )}
      </div>
      {upNext && <p className="small muted">{t('ceremony.upNext', { award: upNext.award, team: upNext.team_name })}</p>}
      <Stage v={v} />
      {v.published && (
        <p>
          {t('ceremony.published')} <Link to={`/c/${encodeURIComponent(slug)}/results`}>{t('ceremony.viewResults')}</Link>
        </p>
      )}
      <p className="small">
        {t('ceremony.audienceLink')}:{' '}
        <a href={audienceUrl(v.audience_token)} target="_blank" rel="noreferrer" className="break">
          {audienceUrl(v.audience_token)}
        </a>
      </p>
    </>
  );
}
