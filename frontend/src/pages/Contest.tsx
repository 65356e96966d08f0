// A contest's page: description, tracks, windows, the deadline countdown, and
// the way in for a team (create one, or join with an invite code).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Contest } from '../api/model';
import { Countdown, ErrorBox, Field, Loading, Notice, PageTitle, QueryState } from '../components/ui';
import { teamContest } from './Team';
import { formatInZone } from '../lib/time';
import { rememberTeam, rememberedTeam } from '../lib/myteam';
import { useSession } from '../session';
import { PhaseBadge } from './Home';
import { shownTracks } from '../lib/tracks';

export function ContestPage() {
  const { slug = '' } = useParams();
  const q = useQuery({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug) });
  return <QueryState q={q}>{(c) => <ContestView c={c} />}</QueryState>;
}

function ContestView({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  const s = useSession();
  const mine = useQuery({ queryKey: keys.myTeams(), queryFn: api.myTeams, enabled: !!s.user, retry: false });
  const fromServer = mine.data?.find((tm) => teamContest(tm) === c.slug);
  const myTeam = fromServer ? String(fromServer.id) : mine.isSuccess ? null : (s.user ? rememberedTeam(s.user.id, c.slug) : null);
  return (
    <div className="stack">
      {c.status === 'draft' && (
        <Notice kind="warning">
          <strong>{t('console.draft')}</strong> — {t('console.draftText')}
        </Notice>
      )}
      <div className="page-head">
        <div>
          <PageTitle>{c.title}</PageTitle>
          {c.status === 'draft' ? <span className="badge badge-warning">{t('console.draft')}</span> : <PhaseBadge c={c} />}
        </div>
        <div className="actions">
          <Link className="btn btn-secondary" to={`/c/${encodeURIComponent(c.slug)}/results`}>
            {t('contest.results')}
          </Link>
          {s.organizerOf(c.slug) && (
            <Link className="btn btn-secondary" to={`/organize/${encodeURIComponent(c.slug)}`}>
              {t('contest.console')}
            </Link>
          )}
        </div>
      </div>
      <div className="two-col">
        <div className="stack">
          {c.description && (
            <section className="card">
              <h2>{t('contest.about')}</h2>
              <p className="prewrap">{c.description}</p>
            </section>
          )}
          <section className="card">
            <h2>{t('contest.tracks')}</h2>
            {shownTracks(c.tracks).length ? (
              <ul className="chips">
                {shownTracks(c.tracks).map((tr) => (
                  <li className="chip" key={tr.slug}>
                    {tr.title}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('contest.noTracks')}</p>
            )}
            <dl className="facts">
              <dt>{t('contest.registrationOpens')}</dt>
              <dd>{formatInZone(c.registration_opens_at, c.timezone, i18n.language)}</dd>
              <dt>{t('contest.submissionOpens')}</dt>
              <dd>{formatInZone(c.submission_opens_at, c.timezone, i18n.language)}</dd>
              <dt>{t('contest.deadline')}</dt>
              <dd>{formatInZone(c.submission_deadline, c.timezone, i18n.language)}</dd>
              <dt>{t('contest.teamSize')}</dt>
              <dd>{t('contest.upTo', { n: c.max_team_size })}</dd>
            </dl>
          </section>
        </div>
        <div className="stack">
          <Countdown deadline={c.submission_deadline} timezone={c.timezone} />
          {!s.user ? (
            <section className="card">
              <h2>{t('contest.participate')}</h2>
              <p>{t('contest.signInToJoin')}</p>
              <div className="actions">
                <Link className="btn btn-primary" to={`/signup?next=${encodeURIComponent(`/c/${c.slug}`)}`}>
                  {t('nav.signUp')}
                </Link>
                <Link className="btn btn-secondary" to={`/signin?next=${encodeURIComponent(`/c/${c.slug}`)}`}>
                  {t('nav.signIn')}
                </Link>
              </div>
            </section>
          ) : s.staffOf(c.slug) ? (
            <section className="card">
              <h2>{t('contest.participate')}</h2>
              <p className="muted">{t('contest.staffCannotEnter')}</p>
            </section>
          ) : mine.isPending ? (
            <Loading />
          ) : myTeam ? (
            <section className="card">
              <h2>{t('contest.yourTeam')}</h2>
              {fromServer && <p className="team-name">{fromServer.name}</p>}
              <Link className="btn btn-primary" to={`/teams/${encodeURIComponent(myTeam)}`}>
                {t('contest.openTeam')}
              </Link>
            </section>
          ) : (
            <>
              <CreateTeam c={c} />
              <JoinTeam slug={c.slug} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function CreateTeam({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const s = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [track, setTrack] = useState(c.tracks?.[0]?.slug ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () => api.createTeam(c.slug, { name: name.trim(), track }),
    onSuccess: (team) => {
      if (s.user) rememberTeam(s.user.id, c.slug, team.id);
      void qc.invalidateQueries({ queryKey: keys.me() });
      void qc.invalidateQueries({ queryKey: keys.myTeams() });
      navigate(`/teams/${encodeURIComponent(String(team.id))}?created=1`);
    },
  });
  const fe = { ...local, ...(m.error instanceof ApiError ? m.error.fields : {}) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('validation.required');
    if (c.tracks?.length && !track) errs.track = t('validation.required');
    setLocal(errs);
    if (!Object.keys(errs).length) m.mutate();
  };
  return (
    <section className="card">
      <h2>{t('team.createTitle')}</h2>
      <form onSubmit={submit} noValidate>
        <Field label={t('team.name')} error={fe.name} required>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
        </Field>
        {(c.tracks?.length ?? 0) > 1 && (
          <Field label={t('team.track')} error={fe.track} required>
            {(p) => (
              <select {...p} value={track} onChange={(e) => setTrack(e.target.value)}>
                {(c.tracks ?? []).map((tr) => (
                  <option key={tr.slug} value={tr.slug}>
                    {tr.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {/* A refusal that names no field of this form (e.g. the account's unconfirmed address) shows as a whole. */}
        {m.error && !fe.name && !fe.track && <ErrorBox error={m.error} />}
        <button className="btn btn-primary" type="submit" disabled={m.isPending}>
          {m.isPending ? t('common.working') : t('team.create')}
        </button>
      </form>
    </section>
  );
}

/** Extracts an invite code from a pasted code or invite link. */
export function parseInvite(input: string): string {
  const v = input.trim();
  const m = /\/join\/([^/?#\s]+)/.exec(v);
  return m ? decodeURIComponent(m[1]) : v;
}

function JoinTeam({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const go = (e: FormEvent) => {
    e.preventDefault();
    const c = parseInvite(code);
    if (c) navigate(`/c/${encodeURIComponent(slug)}/join/${encodeURIComponent(c)}`);
  };
  return (
    <section className="card">
      <h2>{t('team.joinTitle')}</h2>
      <form onSubmit={go} noValidate>
        <Field label={t('team.inviteCode')} hint={t('team.inviteHint')}>
          {(p) => <input {...p} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <button className="btn btn-secondary" type="submit" disabled={!code.trim()}>
          {t('team.join')}
        </button>
      </form>
    </section>
  );
}
