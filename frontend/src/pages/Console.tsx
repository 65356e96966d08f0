// The organizer console of one contest: settings, members (bulk CSV), teams and
// extensions, rounds (rubric, assignment, live progress, ranking, advancement),
// awards and publishing, and the audit log.

import { MemberName } from '../components/MemberName';
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import Papa from 'papaparse';
import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { fromServerProgress } from '../api/adapters';
import { api } from '../api/endpoints';
import type { Contest, Id, Member, MemberInput, Progress, RankingRow, Round, RoundInput, RubricCriterion, Team, TeamFilter, TeamListItem } from '../api/types';
import { ContestEditor } from '../components/ContestEditor';
import { RequireAuth } from '../components/RequireAuth';
import { ConfidenceCell, ConfidenceControls, ConfidenceWhy, ReviewPlanPanel, useRankingConfidence } from '../components/RankingConfidence';
import { Refusal } from '../components/AccessState';
import { awardsPayload, completeOrder, defaultAwardsRound, moveName, previewWinners, rankingByTrack } from '../lib/awards';
import { useSession } from '../session';
import { ConfirmAction, Empty, ErrorBox, Field, Loading, Notice, PageTitle, ProgressBar, QueryState, useErrorText } from '../components/ui';
import { explanationSentences } from '../lib/explain';
import { keyFromLabel } from '../lib/keys';
import { formatDateTime, formatInZone, formatNumber, isoToWallTime, userTimeZone, wallTimeToISO } from '../lib/time';

const TABS = ['settings', 'members', 'teams', 'rounds', 'results', 'exports', 'audit'] as const;
type Tab = (typeof TABS)[number];

export function ConsolePage() {
  return (
    <RequireAuth>
      <Console />
    </RequireAuth>
  );
}

function Console() {
  const { t } = useTranslation();
  const { slug = '', '*': rest = '' } = useParams();
  const [tab, sub] = rest.split('/');
  const active: Tab = (TABS as readonly string[]).includes(tab) ? (tab as Tab) : 'rounds';
  const q = useQuery({ queryKey: ['contest', slug], queryFn: () => api.getContest(slug) });
  const session = useSession();
  return (
    <QueryState q={q}>
      {(c) => !session.organizerOf(c.slug) ? <Refusal kind="forbidden" /> : (
        <div className="stack console">
          <div className="page-head">
            <div>
              <PageTitle>{c.title}</PageTitle>
              <p className="muted small">{t('console.subtitle')}</p>
            </div>
            <Link className="btn btn-secondary" to={`/c/${encodeURIComponent(c.slug)}`}>
              {t('console.publicPage')}
            </Link>
          </div>
          {c.status === 'draft' && <OpenContest c={c} />}
          <nav className="tabs" aria-label={t('console.sections')}>
            {TABS.map((x) => (
              <Link key={x} to={`/organize/${encodeURIComponent(slug)}/${x}`} className={`tab${x === active ? ' tab-active' : ''}`} aria-current={x === active ? 'page' : undefined}>
                {t(`console.tabs.${x}`)}
              </Link>
            ))}
          </nav>
          <div>
            {active === 'settings' && <Settings c={c} />}
            {active === 'members' && <Members c={c} />}
            {active === 'teams' && <Teams c={c} />}
            {active === 'rounds' && (sub ? <RoundDetail c={c} id={sub} /> : <Rounds c={c} />)}
            {active === 'results' && <ResultsAdmin c={c} />}
            {active === 'exports' && <Exports c={c} />}
            {active === 'audit' && <Audit c={c} />}
          </div>
        </div>
      )}
    </QueryState>
  );
}

/** A draft contest: say who sees it, and open it to the public after a confirmation. */
function OpenContest({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api.openContest(c.slug),
    onSuccess: (opened) => {
      qc.setQueryData(['contest', c.slug], opened);
      void qc.invalidateQueries({ queryKey: ['contests'] });
    },
  });
  return (
    <Notice kind="warning">
      <strong>{t('console.draft')}</strong> — {t('console.draftText')}
      <div className="actions">
        <ConfirmAction label={t('console.open')} question={t('console.openConfirm')} confirmLabel={t('console.openNow')} pending={m.isPending} onConfirm={() => m.mutate()} />
      </div>
      {m.error && <ErrorBox error={m.error} />}
    </Notice>
  );
}

function Settings({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [ok, setOk] = useState(false);
  const m = useMutation({
    mutationFn: (b: Parameters<typeof api.updateContest>[1]) => api.updateContest(c.slug, b),
    onSuccess: (updated) => {
      setOk(true);
      qc.setQueryData(['contest', c.slug], updated && typeof updated === 'object' && 'slug' in updated ? updated : undefined);
      void qc.invalidateQueries({ queryKey: ['contest', c.slug] });
      void qc.invalidateQueries({ queryKey: ['contests'] });
    },
  });
  return (
    <div className="stack">
      {ok && <Notice kind="success">{t('console.saved')}</Notice>}
      <ContestEditor
        contest={c}
        onSave={(b) => {
          setOk(false);
          const { slug: _slug, ...rest } = b;
          void _slug;
          m.mutate(rest);
        }}
        saving={m.isPending}
        error={m.error}
        submitLabel={t('common.save')}
      />
    </div>
  );
}

/** One row of a members CSV (email, role, tracks separated by ; or |, organization). */
export function parseMembersCsv(text: string): { rows: MemberInput[]; errors: { line: number; message: string }[] } {
  const res = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim().toLowerCase() });
  const rows: MemberInput[] = [];
  const errors: { line: number; message: string }[] = [];
  res.data.forEach((r, i) => {
    const line = i + 2;
    const email = (r.email ?? '').trim();
    const role = ((r.role ?? 'judge').trim().toLowerCase() || 'judge') as MemberInput['role'];
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return errors.push({ line, message: `invalid e-mail "${email}"` });
    if (role !== 'judge' && role !== 'organizer') return errors.push({ line, message: `invalid role "${role}"` });
    rows.push({
      email,
      role,
      tracks: (r.tracks ?? '')
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean),
      organization: (r.organization ?? r.organisation ?? '').trim(),
    });
  });
  for (const e of res.errors) errors.push({ line: (e.row ?? 0) + 2, message: e.message });
  return { rows, errors };
}

function Members({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errText = useErrorText();
  const list = useQuery({ queryKey: ['members', c.slug], queryFn: () => api.listMembers(c.slug), retry: false });
  // Revoking an invitation kills its link; removing a member takes the role (both audited).
  const revoke = useMutation({
    mutationFn: (m: Member) => (m.invited ? api.revokeInvitation(c.slug, m.invitation_id ?? 0) : api.removeContestMember(c.slug, m.user_id ?? 0, m.role)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members', c.slug] }),
  });
  const [form, setForm] = useState<MemberInput>({ email: '', role: 'judge', tracks: [], organization: '' });
  const add = useMutation({
    mutationFn: (b: MemberInput) => api.addMember(c.slug, b),
    onSuccess: () => {
      setForm({ email: '', role: form.role, tracks: [], organization: '' });
      void qc.invalidateQueries({ queryKey: ['members', c.slug] });
    },
  });
  const fe = add.error instanceof ApiError ? add.error.fields : {};
  const [csv, setCsv] = useState<ReturnType<typeof parseMembersCsv> | null>(null);
  const [bulk, setBulk] = useState<{ email: string; ok: boolean; message?: string }[]>([]);
  const [bulkRunning, setBulkRunning] = useState(false);
  const runBulk = async () => {
    if (!csv) return;
    setBulkRunning(true);
    const out: typeof bulk = [];
    for (const r of csv.rows) {
      try {
        await api.addMember(c.slug, r);
        out.push({ email: r.email, ok: true });
      } catch (err) {
        out.push({ email: r.email, ok: false, message: errText(err) });
      }
      setBulk([...out]);
    }
    setBulkRunning(false);
    void qc.invalidateQueries({ queryKey: ['members', c.slug] });
  };
  return (
    <div className="two-col">
      <section className="card">
        <h2>{t('members.title')}</h2>
        {revoke.error && <ErrorBox error={revoke.error} />}
        {list.isPending ? (
          <Loading />
        ) : list.error ? (
          list.error instanceof ApiError && list.error.status === 404 ? <p className="muted">{t('members.listUnavailable')}</p> : <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data?.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('members.email')}</th>
                  <th scope="col">{t('members.role')}</th>
                  <th scope="col">{t('members.tracks')}</th>
                  <th scope="col">{t('members.organization')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((m) => (
                  <tr key={`${m.email}-${m.role}`}>
                    <td>
                      {m.name ? `${m.name} ` : ''}
                      <span className="muted small">{m.email}</span>
                    </td>
                    <td>
                      {t(`roles.${m.role}`, { defaultValue: m.role })}
                      {m.invited && <span className="badge">{t('members.invited')}</span>}
                    </td>
                    <td>{m.tracks?.join(', ') || '—'}</td>
                    <td>{m.organization || '—'}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(m.invited ? t('members.revokeConfirm', { email: m.email }) : t('members.removeConfirm', { email: m.email }))) revoke.mutate(m);
                        }}
                      >
                        {m.invited ? t('members.revoke') : t('members.remove')}
                        <span className="sr-only"> {m.email}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>{t('members.none')}</Empty>
        )}
      </section>
      <div className="stack">
        <section className="card">
          <h2>{t('members.add')}</h2>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate({ ...form, email: form.email.trim(), organization: form.organization.trim() });
            }}
          >
            <Field label={t('members.email')} error={fe.email} required>
              {(p) => <input {...p} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
            </Field>
            <Field label={t('members.role')} error={fe.role}>
              {(p) => (
                <select {...p} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as MemberInput['role'] })}>
                  <option value="judge">{t('roles.judge')}</option>
                  <option value="organizer">{t('roles.organizer')}</option>
                </select>
              )}
            </Field>
            {form.role === 'judge' && !!c.tracks?.length && (
              <fieldset className="checks">
                <legend>{t('members.tracks')}</legend>
                {c.tracks.map((tr) => (
                  <label className="check" key={tr.slug}>
                    <input
                      type="checkbox"
                      checked={(form.tracks ?? []).includes(tr.slug)}
                      onChange={(e) => setForm({ ...form, tracks: e.target.checked ? [...(form.tracks ?? []), tr.slug] : (form.tracks ?? []).filter((x) => x !== tr.slug) })}
                    />{' '}
                    {tr.title}
                  </label>
                ))}
              </fieldset>
            )}
            <Field label={t('members.organization')} error={fe.organization} hint={t('members.organizationHint')}>
              {(p) => <input {...p} value={form.organization} onChange={(e) => setForm({ ...form, organization: e.target.value })} />}
            </Field>
            {add.error && !Object.keys(fe).length && <ErrorBox error={add.error} />}
            {add.isSuccess && <Notice kind="success">{t('members.added')}</Notice>}
            <button className="btn btn-primary" type="submit" disabled={add.isPending}>
              {t('members.addButton')}
            </button>
          </form>
        </section>
        <section className="card">
          <h2>{t('members.bulk')}</h2>
          <p className="small muted">{t('members.bulkHint')}</p>
          <pre className="code-block">email,role,tracks,organization{'\n'}judge1@example.org,judge,ai;health,ACME</pre>
          <Field label={t('members.csvFile')}>
            {(p) => (
              <input
                {...p}
                type="file"
                accept=".csv,text/csv"
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  setBulk([]);
                  setCsv(f ? parseMembersCsv(await f.text()) : null);
                }}
              />
            )}
          </Field>
          {csv && (
            <>
              <p>{t('members.csvRows', { n: csv.rows.length })}</p>
              {csv.errors.length > 0 && (
                <ul className="field-error">
                  {csv.errors.map((e, i) => (
                    <li key={i}>{t('members.csvLine', { line: e.line, message: e.message })}</li>
                  ))}
                </ul>
              )}
              <button type="button" className="btn btn-primary" disabled={!csv.rows.length || bulkRunning} onClick={() => void runBulk()}>
                {bulkRunning ? t('common.working') : t('members.invite', { n: csv.rows.length })}
              </button>
            </>
          )}
          {bulk.length > 0 && (
            <ul className="list small" aria-live="polite">
              {bulk.map((b, i) => (
                <li key={i} className={b.ok ? 'ok' : 'field-error'}>
                  {b.ok ? '✓' : '✗'} {b.email} {b.message ? `— ${b.message}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function Teams({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<TeamFilter>({ track: '', status: '', extended: false, q: '' });
  const [search, setSearch] = useState('');
  // Search as the organizer types, once they pause.
  useEffect(() => {
    const h = setTimeout(() => setFilter((f) => (f.q === search ? f : { ...f, q: search })), 300);
    return () => clearTimeout(h);
  }, [search]);
  const q = useInfiniteQuery({
    queryKey: ['teams', c.slug, filter],
    queryFn: ({ pageParam }) => api.teamsPage(c.slug, filter, pageParam),
    initialPageParam: 0 as Id,
    getNextPageParam: (last) => (last.next_after && Number(last.next_after) !== 0 ? last.next_after : undefined),
    retry: false,
  });
  const [ext, setExt] = useState<TeamListItem | null>(null);
  const rows = q.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const zone = (iso: string) => formatInZone(iso, c.timezone, i18n.language);
  return (
    <div className="stack">
      <section className="card">
        <h2>{t('teams.title')}</h2>
        <div className="filters" role="search" aria-label={t('teams.filters')}>
          <Field label={t('teams.search')} hint={t('teams.searchHint')}>
            {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
          </Field>
          <Field label={t('teams.track')}>
            {(p) => (
              <select {...p} value={filter.track} onChange={(e) => setFilter({ ...filter, track: e.target.value })}>
                <option value="">{t('teams.allTracks')}</option>
                {c.tracks?.map((tr) => (
                  <option key={tr.slug} value={tr.slug}>
                    {tr.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('teams.status')}>
            {(p) => (
              <select {...p} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as TeamFilter['status'] })}>
                <option value="">{t('teams.allStatuses')}</option>
                <option value="submitted">{t('teams.submitted')}</option>
                <option value="not_submitted">{t('teams.notSubmitted')}</option>
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={!!filter.extended} onChange={(e) => setFilter({ ...filter, extended: e.target.checked })} /> {t('teams.extendedOnly')}
          </label>
        </div>
        {q.isPending ? (
          <Loading />
        ) : q.error ? (
          <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        ) : rows.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('teams.name')}</th>
                  <th scope="col">{t('teams.track')}</th>
                  <th scope="col">{t('teams.members')}</th>
                  <th scope="col">{t('teams.submission')}</th>
                  <th scope="col">{t('teams.deadline')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((tm) => (
                  <tr key={String(tm.id)} data-team={String(tm.id)}>
                    <td>
                      <Link to={`/teams/${encodeURIComponent(String(tm.id))}`}>{tm.name}</Link>
                      {(tm.flagged_files ?? 0) > 0 && (
                        <Link to={`/teams/${encodeURIComponent(String(tm.id))}/receipt`} className="badge badge-warning" title={t('checks.flaggedHint')}>
                          {t('checks.flagged', { count: tm.flagged_files })}
                        </Link>
                      )}
                    </td>
                    <td>{c.tracks?.find((x) => x.slug === tm.track)?.title ?? tm.track}</td>
                    <td>
                      {tm.members?.length
                        ? tm.members.map((m, i) => (
                            <Fragment key={String(m.user_id)}>
                              {i > 0 && ', '}
                              <MemberName slug={c.slug} m={m} />
                            </Fragment>
                          ))
                        : '—'}
                    </td>
                    <td>
                      {tm.submitted ? (
                        <>
                          {t('teams.version', { v: tm.version, at: tm.submitted_at ? zone(tm.submitted_at) : '' })}
                          {tm.late && <span className="badge badge-warning">{t('teams.late')}</span>}
                        </>
                      ) : (
                        <span className="muted">{t('teams.notSubmitted')}</span>
                      )}
                    </td>
                    <td>
                      {zone(tm.deadline ?? c.submission_deadline)}
                      {tm.extended && <span className="badge">{t('teams.extended')}</span>}
                    </td>
                    <td>
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => setExt(tm)}>
                        {t('teams.extend')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {q.hasNextPage && (
              <button type="button" className="btn btn-secondary" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
                {q.isFetchingNextPage ? t('common.working') : t('teams.more')}
              </button>
            )}
          </div>
        ) : (
          <Empty>{t('teams.none')}</Empty>
        )}
      </section>
      {ext && <ExtensionForm c={c} team={ext} onDone={() => setExt(null)} />}
    </div>
  );
}

/**
 * The extension form's starting value, as a wall time in the contest's zone:
 * the team's current extension if it has one, else the contest's deadline.
 * (A team's deadline is never before the contest's; anything earlier — a
 * missing or zero time — is ignored.)
 */
export function extensionDefault(team: Partial<Pick<Team, 'deadline' | 'deadline_extension'>>, c: Pick<Contest, 'submission_deadline' | 'timezone'>): string {
  const base = new Date(c.submission_deadline).getTime();
  const own = [team.deadline_extension, team.deadline].map((x) => (x ? new Date(x).getTime() : NaN)).find((x) => x > base);
  return isoToWallTime(new Date(own ?? base).toISOString(), c.timezone);
}

function ExtensionForm({ c, team, onDone }: { c: Contest; team: Team; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [when, setWhen] = useState(() => extensionDefault(team, c));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () => api.grantExtension(team.id, { until: wallTimeToISO(when, c.timezone), reason: reason.trim() }),
    onSuccess: async () => {
      // The list shows the new deadline at once.
      await qc.invalidateQueries({ queryKey: ['teams', c.slug] });
      onDone();
    },
  });
  const fe: Record<string, string> = { ...local, ...(m.error instanceof ApiError ? m.error.fields : {}) };
  if (fe.until) fe.deadline = fe.until;
  return (
    <section className="card" aria-labelledby="ext-title">
      <h2 id="ext-title">{t('teams.extendTitle', { name: team.name })}</h2>
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const errs: Record<string, string> = {};
          if (!when) errs.deadline = t('validation.required');
          if (!reason.trim()) errs.reason = t('validation.required');
          setLocal(errs);
          if (!Object.keys(errs).length) m.mutate();
        }}
      >
        <Field label={t('teams.newDeadline')} hint={c.timezone} error={fe.deadline} required>
          {(p) => <input {...p} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />}
        </Field>
        <Field label={t('teams.reason')} hint={t('teams.reasonHint')} error={fe.reason} required>
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {m.error && !Object.keys(fe).length && <ErrorBox error={m.error} />}
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={m.isPending}>
            {t('teams.grant')}
          </button>
          <button className="btn btn-ghost" type="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Rounds({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['rounds', c.slug], queryFn: () => api.listRounds(c.slug), retry: false });
  const [creating, setCreating] = useState(false);
  return (
    <div className="stack">
      <section className="card">
        <div className="card-head">
          <h2>{t('rounds.title')}</h2>
          {!creating && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              {t('rounds.new')}
            </button>
          )}
        </div>
        {q.isPending ? (
          <Loading />
        ) : q.error ? (
          <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data?.length ? (
          <ul className="list">
            {q.data.map((r) => (
              <li key={String(r.id)} className="round-item">
                <Link to={`/organize/${encodeURIComponent(c.slug)}/rounds/${encodeURIComponent(String(r.id))}`}>{r.name}</Link>{' '}
                <span className="muted small">
                  {t(`rounds.methods.${r.method}`)} · {t('rounds.kShort', { k: r.judges_per_entry })} {r.blind ? `· ${t('rounds.blind')}` : ''} · {t('rounds.closes', { at: formatDateTime(r.closes_at, i18n.language) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('rounds.none')}</Empty>
        )}
      </section>
      {creating && <RoundForm c={c} onDone={() => setCreating(false)} />}
    </div>
  );
}

export function RoundForm({ c, onDone }: { c: Contest; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [k, setK] = useState(3);
  const [blind, setBlind] = useState(true);
  const [method, setMethod] = useState<RoundInput['method']>('calibrated');
  const [closes, setCloses] = useState('');
  const [maxLoad, setMaxLoad] = useState(0);
  const [poolTracks, setPoolTracks] = useState<string[]>([]);
  const [rubric, setRubric] = useState<RubricCriterion[]>([
    { id: 'innovation', label: 'Innovation', weight: 3, min: 1, max: 10 },
    { id: 'impact', label: 'Impact', weight: 2, min: 1, max: 10 },
    { id: 'execution', label: 'Execution', weight: 2, min: 1, max: 10 },
  ]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const tz = c.timezone || userTimeZone();
  const m = useMutation({
    mutationFn: () =>
      api.createRound(c.slug, {
        name: name.trim(),
        rubric,
        judges_per_entry: k,
        blind,
        method,
        closes_at: wallTimeToISO(closes, tz),
        max_load: maxLoad,
        pool_tracks: poolTracks,
        pool_judges: [],
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['rounds', c.slug] });
      onDone();
      if (r?.id !== undefined) navigate(`/organize/${encodeURIComponent(c.slug)}/rounds/${encodeURIComponent(String(r.id))}`);
    },
  });
  const fe: Record<string, string> = { ...local, ...(m.error instanceof ApiError ? m.error.fields : {}) };
  // A criterion's id follows its label: the server's problems with it belong there.
  rubric.forEach((_, i) => (fe[`rubric[${i}].label`] ??= fe[`rubric[${i}].id`]));
  const shown = (k: string) => /^(name|closes_at|judges_per_entry|method|max_load|rubric)$|^rubric\[\d+\]\.(label|id|weight|min|max)$/.test(k);
  const unshown = m.error instanceof ApiError ? Object.entries(m.error.fields).filter(([k]) => !shown(k)) : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('validation.required');
    if (!closes) errs.closes_at = t('validation.required');
    if (!(k >= 1)) errs.judges_per_entry = t('validation.positive');
    if (!rubric.length) errs.rubric = t('validation.rubricEmpty');
    rubric.forEach((r, i) => {
      if (!r.id || !r.label.trim()) errs[`rubric[${i}].label`] = t('validation.required');
      if (!(r.max > r.min)) errs[`rubric[${i}].max`] = t('validation.range');
      if (!(r.weight > 0)) errs[`rubric[${i}].weight`] = t('validation.positive');
    });
    setLocal(errs);
    if (!Object.keys(errs).length) m.mutate();
  };
  const setRow = (i: number, p: Partial<RubricCriterion>) => setRubric(rubric.map((r, j) => (j === i ? { ...r, ...p } : r)));
  return (
    <section className="card">
      <h2>{t('rounds.new')}</h2>
      <form noValidate onSubmit={submit}>
        <div className="grid-2">
          <Field label={t('rounds.name')} error={fe.name} required>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('rounds.namePlaceholder')} />}
          </Field>
          <Field label={t('rounds.closesAt')} hint={tz} error={fe.closes_at} required>
            {(p) => <input {...p} type="datetime-local" value={closes} onChange={(e) => setCloses(e.target.value)} />}
          </Field>
          <Field label={t('rounds.k')} error={fe.judges_per_entry} required>
            {(p) => <input {...p} type="number" min={1} max={20} value={k} onChange={(e) => setK(Number(e.target.value))} />}
          </Field>
          <Field label={t('rounds.method')} error={fe.method} hint={t(`rounds.methodHints.${method}`)}>
            {(p) => (
              <select {...p} value={method} onChange={(e) => setMethod(e.target.value as RoundInput['method'])}>
                {(['calibrated', 'zscore', 'mean'] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`rounds.methods.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field label={t('rounds.maxLoad')} hint={t('rounds.maxLoadHint')} error={fe.max_load}>
            {(p) => <input {...p} type="number" min={0} value={maxLoad} onChange={(e) => setMaxLoad(Number(e.target.value))} />}
          </Field>
          {!!c.tracks?.length && (
            <fieldset className="checks">
              <legend>{t('rounds.poolTracks')}</legend>
              {c.tracks.map((tr) => (
                <label className="check" key={tr.slug}>
                  <input
                    type="checkbox"
                    checked={poolTracks.includes(tr.slug)}
                    onChange={(e) => setPoolTracks(e.target.checked ? [...poolTracks, tr.slug] : poolTracks.filter((x) => x !== tr.slug))}
                  />{' '}
                  {tr.title}
                </label>
              ))}
              <p className="hint">{t('rounds.poolTracksHint')}</p>
            </fieldset>
          )}
        </div>
        <label className="check">
          <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> {t('rounds.blindLabel')}
        </label>
        <fieldset className="rubric-editor">
          <legend>{t('rounds.rubric')}</legend>
          {fe.rubric && <p className="field-error">{fe.rubric}</p>}
          {rubric.map((r, i) => (
            <div className="row-editor" key={i}>
              <Field label={t('rounds.criterion')} error={fe[`rubric[${i}].label`]} required>
                {(p) => <input {...p} value={r.label} onChange={(e) => setRow(i, { label: e.target.value, id: keyFromLabel(e.target.value, rubric.filter((_, j) => j !== i).map((x) => x.id), 'criterion', i + 1) })} />}
              </Field>
              <Field label={t('rounds.weight')} error={fe[`rubric[${i}].weight`]}>
                {(p) => <input {...p} type="number" min={0} step="any" value={r.weight} onChange={(e) => setRow(i, { weight: Number(e.target.value) })} />}
              </Field>
              <Field label={t('rounds.min')} error={fe[`rubric[${i}].min`]}>
                {(p) => <input {...p} type="number" value={r.min} onChange={(e) => setRow(i, { min: Number(e.target.value) })} />}
              </Field>
              <Field label={t('rounds.max')} error={fe[`rubric[${i}].max`]}>
                {(p) => <input {...p} type="number" value={r.max} onChange={(e) => setRow(i, { max: Number(e.target.value) })} />}
              </Field>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setRubric(rubric.filter((_, j) => j !== i))}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setRubric([...rubric, { id: keyFromLabel('', rubric.map((x) => x.id), 'criterion', rubric.length + 1), label: '', weight: 1, min: 1, max: 10 }])}>
            {t('rounds.addCriterion')}
          </button>
        </fieldset>
        {m.error && !(m.error instanceof ApiError && Object.keys(m.error.problems).length) && <ErrorBox error={m.error} />}
        {unshown.length > 0 && (
          <div className="state state-error" role="alert">
            {unshown.map(([k, v]) => (
              <p key={k}>
                {t(k.startsWith('pool_') ? 'rounds.poolTracks' : 'errors.codes.invalid')}: {v}
              </p>
            ))}
          </div>
        )}
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={m.isPending}>
            {t('rounds.create')}
          </button>
          <button className="btn btn-ghost" type="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Live progress: server-sent events, with polling when the stream is unavailable. */
export function useLiveProgress(roundId: string) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let stopped = false;
    const fetchOnce = () =>
      api
        .roundProgress(roundId)
        .then((p) => {
          if (stopped) return;
          setProgress(p);
          setError(null);
        })
        .catch((err) => !stopped && setError(err));
    const startPolling = () => {
      if (poll) return;
      void fetchOnce();
      poll = setInterval(fetchOnce, 10_000);
    };
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(api.progressStreamUrl(roundId), { withCredentials: true });
      const onMsg = (e: MessageEvent) => {
        try {
          const d = JSON.parse(e.data);
          setProgress(fromServerProgress(d?.data ?? d));
          setLive(true);
        } catch {
          /* ignore keep-alives */
        }
      };
      es.onmessage = onMsg;
      es.addEventListener('progress', onMsg as EventListener);
      es.onerror = () => {
        setLive(false);
        if (es && es.readyState === EventSource.CLOSED) startPolling();
      };
    } else startPolling();
    return () => {
      stopped = true;
      es?.close();
      if (poll) clearInterval(poll);
    };
  }, [roundId]);
  return { progress, live, error };
}

function RoundDetail({ c, id }: { c: Contest; id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const rounds = useQuery({ queryKey: ['rounds', c.slug], queryFn: () => api.listRounds(c.slug), retry: false });
  const round: Round | undefined = rounds.data?.find((r) => String(r.id) === id);
  const assignments = useQuery({ queryKey: ['round-assignments', id], queryFn: () => api.roundAssignments(id), retry: false });
  const assign = useMutation({
    mutationFn: () => api.assign(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['round-assignments', id] });
      void qc.invalidateQueries({ queryKey: ['ranking', id] });
    },
  });
  const remind = useMutation({ mutationFn: () => api.remind(id) });
  // Invited judges who have not signed up cannot be assigned: say so before and after assigning.
  const members = useQuery({ queryKey: ['members', c.slug], queryFn: () => api.listMembers(c.slug), retry: false });
  const waiting = (members.data ?? []).filter((m) => m.invited && m.role === 'judge');
  const reopen = useMutation({
    mutationFn: async (assignmentId: Id) => {
      const reason = window.prompt(t('rounds.reopenReason'));
      if (!reason?.trim()) return false;
      await api.reopen(assignmentId, reason.trim());
      return true;
    },
    onSuccess: (done) => {
      if (done) void qc.invalidateQueries({ queryKey: ['round-assignments', id] });
    },
  });
  const { progress, live, error: progressError } = useLiveProgress(id);
  // Entry titles for the assignments table come from the ranking (scored and unscored entries).
  const ranking = useQuery({ queryKey: ['ranking', id], queryFn: () => api.ranking(id), retry: false });
  const titles = new Map<string, string>();
  for (const r of [...(ranking.data?.ranking ?? []), ...(ranking.data?.unscored ?? [])]) titles.set(String(r.entry_id), r.title || r.team_name || '');
  return (
    <div className="stack">
      <p>
        <Link to={`/organize/${encodeURIComponent(c.slug)}/rounds`}>← {t('rounds.all')}</Link>
      </p>
      <section className="card">
        <h2>{round?.name ?? t('rounds.round', { id })}</h2>
        {round && (
          <p className="muted small">
            {t(`rounds.methods.${round.method}`)} · {t('rounds.kShort', { k: round.judges_per_entry })} {round.blind ? `· ${t('rounds.blind')}` : ''} ·{' '}
            {t('rounds.closes', { at: formatInZone(round.closes_at, c.timezone, i18n.language) })}
          </p>
        )}
        {round?.rubric?.length ? (
          <p className="small">
            {t('rounds.rubric')}: {round.rubric.map((r) => `${r.label} ×${r.weight} (${r.min}–${r.max})`).join(' · ')}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => assign.mutate()} disabled={assign.isPending}>
            {assign.isPending ? t('common.working') : assignments.data?.length ? t('rounds.reassign') : t('rounds.runAssignment')}
          </button>
        </div>
        {waiting.length > 0 && !assign.data && (
          <Notice kind="warning">{t('rounds.invitedWaiting', { count: waiting.length, emails: waiting.map((m) => m.email).join(', ') })}</Notice>
        )}
        {assign.isSuccess && <Notice kind="success">{t('rounds.assigned')}</Notice>}
        {assign.data?.unassigned?.length ? (
          <div className="notice-list" role="status">
            <Notice kind="warning">{t('rounds.unassignedTitle', { count: assign.data.unassigned.length })}</Notice>
            <ul className="list small">
              {assign.data.unassigned.map((u) => (
                <li key={`${String(u.judge_id ?? '')}-${u.email}`}>
                  <strong>{u.name || u.email}</strong> {u.name ? <span className="muted">({u.email})</span> : null} — {t(`rounds.unassignedReasons.${u.reason}`, { defaultValue: u.message ?? u.reason })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {assign.error && <ErrorBox error={assign.error} title={t('rounds.assignFailed')} />}
      </section>

      <section className="card" aria-labelledby="progress-title">
        <div className="card-head">
          <h2 id="progress-title">{t('rounds.progress')}</h2>
          <span className="actions-inline">
            <span className={`badge ${live ? 'badge-open' : ''}`}>{live ? t('rounds.live') : t('rounds.notLive')}</span>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={remind.isPending || !progress?.pending}
              onClick={() => {
                if (window.confirm(t('rounds.remindConfirm', { count: progress?.judges?.filter((j) => j.pending > 0).length ?? 0 }))) remind.mutate();
              }}
            >
              {t('rounds.remind')}
            </button>
          </span>
        </div>
        {remind.data && (
          <Notice kind="success">
            {remind.data.reminded?.length ? t('rounds.reminded', { count: remind.data.reminded.length }) : t('rounds.nobodyToRemind')}
          </Notice>
        )}
        {remind.error && <ErrorBox error={remind.error} />}
        {!progress ? (
          progressError ? <ErrorBox error={progressError} /> : <Loading />
        ) : (
          <>
            <p>{t('rounds.progressText', { done: progress.done, total: progress.total ?? progress.done + progress.pending, overdue: progress.overdue ?? 0 })}</p>
            <ProgressBar value={progress.done} max={progress.total ?? progress.done + progress.pending} label={t('rounds.progress')} />
            {progress.judges?.length ? (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('rounds.judge')}</th>
                      <th scope="col">{t('rounds.done')}</th>
                      <th scope="col">{t('rounds.pending')}</th>
                      <th scope="col">{t('rounds.overdue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {progress.judges.map((j) => (
                      <tr key={String(j.judge_id)}>
                        <td>{j.name ?? j.judge_id}</td>
                        <td>{j.done}</td>
                        <td>{j.pending}</td>
                        <td>{j.overdue ?? 0}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        )}
      </section>

      <section className="card">
        <h2>{t('rounds.assignments')}</h2>
        {reopen.error && <ErrorBox error={reopen.error} />}
        <QueryState q={assignments} empty={(d) => (d.length ? null : <Empty>{t('rounds.noAssignments')}</Empty>)}>
          {(list) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('rounds.entry')}</th>
                    <th scope="col">{t('rounds.judge')}</th>
                    <th scope="col">{t('rounds.status')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={String(a.id)}>
                      <td>{a.title || a.team_name || titles.get(String(a.entry_id)) || `#${a.entry_id}`}</td>
                      <td>{a.judge_name ?? a.judge_id}</td>
                      <td>
                        <span className={`badge badge-${a.status}`}>{t(`judge.status.${a.status}`, { defaultValue: a.status })}</span>
                      </td>
                      <td>
                        {a.status === 'submitted' && (
                          <button type="button" className="btn btn-ghost btn-small" disabled={reopen.isPending} onClick={() => reopen.mutate(a.id)}>
                            {t('rounds.reopen')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>

      <RankingSection c={c} roundId={id} />
    </div>
  );
}

function RankingSection({ c, roundId }: { c: Contest; roundId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['ranking', roundId], queryFn: () => api.ranking(roundId), retry: false });
  const [open, setOpen] = useState<string | null>(null);
  const conf = useRankingConfidence(roundId);
  const [top, setTop] = useState(3);
  const advance = useMutation({
    mutationFn: () => api.advance(roundId, { top_per_track: top }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['rounds', c.slug] }),
  });
  const extra = useMutation({
    mutationFn: (entryId: Id) => api.extraJudge(roundId, entryId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['round-assignments', roundId] });
      void qc.invalidateQueries({ queryKey: ['ranking', roundId] });
    },
  });
  const rows = q.data?.ranking ?? [];
  const byTrack = rankingByTrack(rows);
  return (
    <section className="card">
      <div className="card-head">
        <h2>{t('ranking.title')}</h2>
        <span className="actions-inline">
          <a className="btn btn-secondary btn-small" href={api.rankingCsvUrl(roundId)} download>
            {t('ranking.csv')}
          </a>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void q.refetch()}>
            {t('common.refresh')}
          </button>
        </span>
      </div>
      <ConfidenceControls s={conf} roundId={roundId} />
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !rows.length ? (
        <Empty>{t('ranking.none')}</Empty>
      ) : null}
      {extra.isSuccess && <Notice kind="success">{t('ranking.extraAdded')}</Notice>}
      {extra.error && <ErrorBox error={extra.error} />}
      {q.isPending || q.error || !rows.length ? null : (
        byTrack.map(({ track, rows: list }) => (
          <div key={track} className="stack">
            {track && <h3>{c.tracks?.find((x) => x.slug === track)?.title ?? track}</h3>}
            <div className="table-wrap">
              <table className="table ranking">
                <thead>
                  <tr>
                    <th scope="col">{track ? t('ranking.rankInTrack') : t('ranking.rank')}</th>
                    <th scope="col">{t('ranking.entry')}</th>
                    <th scope="col">{t('ranking.score')}</th>
                    <th scope="col">{t('ranking.rawMean')}</th>
                    <th scope="col">{t('ranking.judges')}</th>
                    <th scope="col">{t('ranking.spread')}</th>
                    {conf.on && <th scope="col">{t('confidence.column')}</th>}
                    <th scope="col">
                      <span className="sr-only">{t('ranking.explanation')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => {
                    const key = String(r.entry_id ?? r.entry);
                    return (
                      <Fragment key={key}>
                        <tr className={r.flagged ? 'flagged' : ''}>
                          <td>
                            {track ? r.trackRank : r.rank}
                            {track && r.trackRank !== r.rank && <span className="muted small"> ({t('ranking.overall', { rank: r.rank })})</span>}
                          </td>
                          <td>
                            {r.title || r.team_name || r.entry}
                            {r.complete === false && (
                              <span className="badge badge-warning" title={t('ranking.incompleteHint')}>
                                {t('ranking.incomplete')}
                              </span>
                            )}
                            {r.flagged && (
                              <span className="badge badge-warning" title={t('ranking.flagHint')}>
                                {t('ranking.flag')}
                              </span>
                            )}
                          </td>
                          <td>
                            {formatNumber(r.score, i18n.language, 3)}
                            {r.uncertainty !== undefined && <span className="muted small"> ± {formatNumber(r.uncertainty, i18n.language, 2)}</span>}
                          </td>
                          <td>{formatNumber(r.raw_mean, i18n.language, 1)}</td>
                          <td>{r.planned ? t('ranking.judgesOf', { judges: r.judges, planned: r.planned }) : r.judges}</td>
                          <td>{formatNumber(r.spread, i18n.language, 1)}</td>
                          {conf.on && <ConfidenceCell info={conf.byEntry.get(String(r.entry_id))} />}
                          <td>
                            <button type="button" className="btn btn-ghost btn-small" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                              {t('ranking.why')}
                            </button>
                          </td>
                        </tr>
                        {open === key && (
                          <tr>
                            <td colSpan={conf.on ? 8 : 7}>
                              <Explanation r={r} />
                              {conf.on && <ConfidenceWhy info={conf.byEntry.get(String(r.entry_id))} />}
                              {r.flagged && (
                                <button type="button" className="btn btn-secondary btn-small" disabled={extra.isPending} onClick={() => extra.mutate(r.entry_id ?? r.entry)}>
                                  {t('ranking.extraJudge')}
                                </button>
                              )}
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        ))
      )}
      {rows.length > 0 && <ReviewPlanPanel roundId={roundId} cut={conf.cut} />}
      <form
        className="advance"
        onSubmit={(e) => {
          e.preventDefault();
          advance.mutate();
        }}
      >
        <h3>{t('ranking.advance')}</h3>
        <div className="inline-form">
          <Field label={t('ranking.topPerTrack')}>
            {(p) => <input {...p} type="number" min={1} value={top} onChange={(e) => setTop(Number(e.target.value))} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={advance.isPending || !rows.length}>
            {t('ranking.advanceButton')}
          </button>
        </div>
        {advance.data && (
          <div role="status">
            <Notice kind="success">{t('ranking.advancedCount', { count: advance.data.advanced?.length ?? 0 })}</Notice>
            {advance.data.entries?.length ? (
              <ul className="list small">
                {advance.data.entries.map((e) => (
                  <li key={String(e.entry_id)}>
                    {e.track_rank ? `${e.track_rank}. ` : ''}
                    {e.title || e.team_name || `#${e.entry_id}`}
                    {e.title && e.team_name ? <span className="muted"> — {e.team_name}</span> : null} <span className="muted">· {c.tracks?.find((x) => x.slug === e.track)?.title ?? e.track}</span>
                    {e.complete === false && <span className="badge badge-warning">{t('ranking.incomplete')}</span>}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
        {advance.error && <ErrorBox error={advance.error} />}
      </form>
    </section>
  );
}

function Explanation({ r }: { r: RankingRow }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="explanation">
      <p className="small">{t('ranking.explainText', { rank: r.rank, judges: r.judges, spread: formatNumber(r.spread, i18n.language, 1) })}</p>
      {r.scores?.length ? (
        <table className="table small">
          <thead>
            <tr>
              <th scope="col">{t('rounds.judge')}</th>
              <th scope="col">{t('ranking.total')}</th>
              <th scope="col">{t('ranking.bias')}</th>
              <th scope="col">{t('ranking.scale')}</th>
            </tr>
          </thead>
          <tbody>
            {r.scores.map((s) => (
              <tr key={String(s.judge)}>
                <td>{s.judge_name ?? s.judge}</td>
                <td>{formatNumber(s.total, i18n.language, 1)}</td>
                <td>{formatNumber(s.bias, i18n.language, 2)}</td>
                <td>{formatNumber(s.scale, i18n.language, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {explanationSentences(r.explanation, t, i18n.language).map((s, i) => (
        <p className="small" key={i}>
          {s}
        </p>
      ))}
    </div>
  );
}

function ResultsAdmin({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rounds = useQuery({ queryKey: ['rounds', c.slug], queryFn: () => api.listRounds(c.slug), retry: false });
  const roundIds = (rounds.data ?? []).map((r) => r.id);
  // Open on the latest round with scores (a new round without scores has nothing to award).
  const rankings = useQueries({
    queries: roundIds.map((id) => ({ queryKey: ['ranking', String(id)], queryFn: () => api.ranking(id), retry: false })),
  });
  const [roundId, setRoundId] = useState('');
  const settled = rankings.every((r) => !r.isPending);
  const fallback = settled ? defaultAwardsRound(roundIds, (id) => !!rankings[roundIds.indexOf(Number(id))]?.data?.ranking.length) : '';
  const rid = roundId || fallback;
  const ranking = useQuery({ queryKey: ['ranking', rid], queryFn: () => api.ranking(rid), enabled: !!rid, retry: false });
  const current = useQuery({ queryKey: ['results', c.slug], queryFn: () => api.getResults(c.slug), retry: false });
  const [awards, setAwards] = useState<Record<string, string>>({});
  const suggestions = [t('awards.first'), t('awards.second'), t('awards.third'), t('awards.mention')];
  const [order, setOrder] = useState<string[] | null>(null);
  const [newName, setNewName] = useState('');
  // Start from the awards and the ranking of names saved before (organizers can read them before publication).
  const saved = current.data?.tracks?.flatMap((tr) => tr.winners) ?? [];
  useEffect(() => {
    if (saved.length && !Object.keys(awards).length) setAwards(Object.fromEntries(saved.filter((w) => w.entry_id !== undefined).map((w) => [String(w.entry_id), w.award])));
    if (order === null && current.data?.awards_order?.length) setOrder(current.data.awards_order);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.data]);
  const names = completeOrder(order ?? suggestions, Object.values(awards));
  const rows = ranking.data?.ranking ?? [];
  const payload = awardsPayload(awards, names, rows);
  const [publish, setPublish] = useState(true);
  const [previewing, setPreviewing] = useState(false);
  const m = useMutation({
    mutationFn: () => api.publishResults(c.slug, { ...payload, publish }),
    onSuccess: () => {
      setPreviewing(false);
      void qc.invalidateQueries({ queryKey: ['results', c.slug] });
    },
  });
  return (
    <div className="stack">
      <section className="card">
        <h2>{t('results.adminTitle')}</h2>
        <p className="small muted">{t('results.adminHint')}</p>
        {current.data?.published_at ? (
          <Notice kind="success">
            {t('results.published')} <Link to={`/c/${encodeURIComponent(c.slug)}/results`}>{t('results.view')}</Link>
          </Notice>
        ) : (
          <p className="small">{t('results.notPublished')}</p>
        )}
        {rounds.isPending || (roundIds.length > 0 && !rid) ? (
          <Loading />
        ) : rounds.error ? (
          <ErrorBox error={rounds.error} />
        ) : !rounds.data?.length ? (
          <Empty>{t('rounds.none')}</Empty>
        ) : (
          <Field label={t('results.fromRound')}>
            {(p) => (
              <select {...p} value={rid} onChange={(e) => setRoundId(e.target.value)}>
                {rounds.data!.map((r) => (
                  <option key={String(r.id)} value={String(r.id)}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <fieldset className="award-order">
          <legend>{t('results.orderTitle')}</legend>
          <p className="hint">{t('results.orderHint')}</p>
          <ol className="list">
            {names.map((n, i) => (
              <li key={n} className="inline-form">
                <span>{n}</span>
                <button type="button" className="btn btn-ghost btn-small" disabled={i === 0} aria-label={t('results.moveUp', { name: n })} onClick={() => setOrder(moveName(names, i, -1))}>
                  ↑
                </button>
                <button type="button" className="btn btn-ghost btn-small" disabled={i === names.length - 1} aria-label={t('results.moveDown', { name: n })} onClick={() => setOrder(moveName(names, i, 1))}>
                  ↓
                </button>
                {!Object.values(awards).some((a) => a.trim() === n) && (
                  <button type="button" className="btn btn-ghost btn-small" aria-label={t('results.removeName', { name: n })} onClick={() => setOrder(names.filter((x) => x !== n))}>
                    {t('common.remove')}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <div className="inline-form">
            <Field label={t('results.addName')}>{(p) => <input {...p} value={newName} onChange={(e) => setNewName(e.target.value)} />}</Field>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={!newName.trim()}
              onClick={() => {
                setOrder(completeOrder(names, [newName]));
                setNewName('');
              }}
            >
              {t('results.add')}
            </button>
          </div>
        </fieldset>
        <datalist id="award-names">
          {names.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {rid && ranking.isPending && <Loading />}
        {ranking.error && <ErrorBox error={ranking.error} />}
        {ranking.data && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              // Publishing is public: show what the page will say and ask first.
              if (publish) setPreviewing(true);
              else m.mutate();
            }}
          >
            {rows.length ? (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('ranking.rank')}</th>
                      <th scope="col">{t('ranking.entry')}</th>
                      <th scope="col">{t('teams.track')}</th>
                      <th scope="col">{t('results.award')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => {
                      const key = String(r.entry_id ?? r.entry);
                      return (
                        <tr key={key}>
                          <td>{r.rank}</td>
                          <td>
                            {r.title || r.team_name || r.entry}
                            {r.complete === false && <span className="badge badge-warning">{t('ranking.incomplete')}</span>}
                          </td>
                          <td>{c.tracks?.find((x) => x.slug === r.track)?.title ?? r.track ?? '—'}</td>
                          <td>
                            <input
                              list="award-names"
                              aria-label={t('results.awardFor', { entry: r.title || r.team_name || r.entry })}
                              value={awards[key] ?? ''}
                              onChange={(e) => {
                                setAwards({ ...awards, [key]: e.target.value });
                                setPreviewing(false);
                              }}
                              data-entry={key}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>{t('ranking.none')}</Empty>
            )}
            <label className="check">
              <input
                type="checkbox"
                checked={publish}
                onChange={(e) => {
                  setPublish(e.target.checked);
                  setPreviewing(false);
                }}
              />{' '}
              {t('results.publishNow')}
            </label>
            {m.error && <ErrorBox error={m.error} />}
            {m.isSuccess && <Notice kind="success">{publish ? t('results.publishedOk') : t('results.savedOk')}</Notice>}
            {previewing ? (
              <section className="card preview" aria-labelledby="publish-preview">
                <h3 id="publish-preview">{t('results.previewTitle')}</h3>
                <Notice kind="warning">{t('results.previewWarning')}</Notice>
                {previewWinners(payload, rows, c.tracks ?? []).map((g) => (
                  <div key={g.slug || 'all'}>
                    <h4>{g.title || t('results.allTracks')}</h4>
                    <ol className="winners">
                      {g.winners.map((w) => (
                        <li key={`${String(w.entry_id)}-${w.award}`}>
                          <span className="award">{w.award}</span> <span className="winner-name">{w.title || w.team_name}</span>
                          {w.title && w.team_name && <span className="muted small"> {w.team_name}</span>}
                        </li>
                      ))}
                    </ol>
                  </div>
                ))}
                <div className="actions">
                  <button type="button" className="btn btn-primary btn-large" disabled={m.isPending} onClick={() => m.mutate()}>
                    {t('results.confirmPublish')}
                  </button>
                  <button type="button" className="btn btn-ghost" onClick={() => setPreviewing(false)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </section>
            ) : (
              <div className="actions">
                <button type="submit" className="btn btn-primary btn-large" disabled={m.isPending || !payload.awards.length}>
                  {publish ? t('results.previewPublish') : t('results.saveAwards')}
                </button>
                <a className="btn btn-secondary" href={api.resultsCsvUrl(c.slug)} download>
                  {t('results.csv')}
                </a>
              </div>
            )}
          </form>
        )}
      </section>
    </div>
  );
}

function Audit({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['audit', c.slug], queryFn: () => api.audit(c.slug), retry: false });
  return (
    <section className="card">
      <h2>{t('audit.title')}</h2>
      <QueryState q={q} empty={(d) => (d.length ? null : <Empty>{t('audit.none')}</Empty>)}>
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={String(e.id)}>
                    <td>{formatDateTime(e.created_at, i18n.language)}</td>
                    <td>{e.actor_email ?? '—'}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td className="small">
                      {[e.object_type, e.object_id].filter(Boolean).join(' ')} {e.detail ? <code className="wrap">{typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)}</code> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

function Exports({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['exports', c.slug],
    queryFn: () => api.listExports(c.slug),
    retry: false,
    // Poll while an export is running.
    refetchInterval: (query) => ((query.state.data ?? []).some((e) => e.status === 'queued' || e.status === 'running') ? 2000 : false),
  });
  const start = useMutation({
    mutationFn: (kind: 'csv' | 'zip') => api.startExport(c.slug, kind),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['exports', c.slug] }),
  });
  return (
    <section className="card">
      <h2>{t('exports.title')}</h2>
      <p className="small muted">{t('exports.hint')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={start.isPending} onClick={() => start.mutate('csv')}>
          {t('exports.csv')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={start.isPending} onClick={() => start.mutate('zip')}>
          {t('exports.zip')}
        </button>
      </div>
      {start.error && <ErrorBox error={start.error} />}
      <QueryState q={q} empty={(d) => (d.length ? null : <Empty>{t('exports.none')}</Empty>)}>
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('exports.kind')}</th>
                  <th scope="col">{t('exports.started')}</th>
                  <th scope="col">{t('exports.status')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id}>
                    <td>{e.kind.toUpperCase()}</td>
                    <td>{formatDateTime(e.created_at, i18n.language)}</td>
                    <td>
                      {t(`exports.states.${e.status}`, { defaultValue: e.status })}
                      {(e.status === 'running' || e.status === 'queued') && e.total_items > 0 && (
                        <ProgressBar value={e.done_items} max={e.total_items} label={t('exports.progress')} />
                      )}
                      {e.error && <span className="field-error"> {e.error}</span>}
                    </td>
                    <td>
                      {e.status === 'done' && <ExportLink slug={c.slug} job={e} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

/** The download link of a finished export: fetched fresh (it is valid for 5 minutes). */
function ExportLink({ slug, job }: { slug: string; job: { id: string; download_url?: string } }) {
  const { t } = useTranslation();
  const m = useMutation({
    mutationFn: () => api.getExport(slug, job.id),
    onSuccess: (e) => {
      if (e.download_url) window.location.assign(e.download_url);
    },
  });
  return (
    <button type="button" className="btn btn-secondary btn-small" disabled={m.isPending} onClick={() => m.mutate()}>
      {t('exports.download')}
    </button>
  );
}
