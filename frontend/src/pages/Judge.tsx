// The judge portal, designed for a phone first: my assignments with progress,
// then one entry at a time with its files, the rubric (large touch targets,
// arrow keys), autosaved drafts, conflict declaration and the final submit.

import { MyCertificates } from '../components/CertificateList';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { RubricItem } from '../api/model';
import type { Assignment } from '../lib/judging';
import { DocumentViewer } from '../components/DocumentViewer';
import { FilePreview } from '../components/FilePreview';
import { RequireAuth } from '../components/RequireAuth';
import { Empty, ErrorBox, Field, Loading, Notice, PageTitle, ProgressBar, QueryState } from '../components/ui';
import { formatBytes, formatDateTime, formatNumber } from '../lib/time';
import { isDone, progressOf, scaleSteps, validateScores, weightedTotal } from '../lib/scoring';
import { browserConnection, openOnArrival, viewerKind } from '../lib/viewer';
import { assignmentQuery, assignmentsQuery } from '../hooks/useEntryPreload';
import { MyLiveRooms } from '../components/LiveSlots';
import { JudgePackets } from '../components/JudgePackets';
import { LiveFollowBar } from './LiveRoom';

const ASSIGNMENTS_KEY = keys.myAssignments();

/** What the judge just did, carried to the next page so that it can confirm it. */
export type JudgeFlash = { submitted?: boolean; conflict?: boolean };

/** The confirmation to show for a navigation's state, if any (an i18n key). */
export function flashMessage(state: unknown): string | null {
  const f = (state ?? {}) as JudgeFlash;
  if (f.submitted) return 'judge.submittedOk';
  if (f.conflict) return 'judge.conflictOk';
  return null;
}

/** The confirmation of the judge's last action, read from the navigation state. */
function Flash() {
  const { t } = useTranslation();
  const key = flashMessage(useLocation().state);
  if (!key) return null;
  return (
    <div role="status">
      <Notice kind="success">{t(key)}</Notice>
    </div>
  );
}

export function JudgeHome() {
  return (
    <RequireAuth>
      <AssignmentsList />
    </RequireAuth>
  );
}

function AssignmentsList() {
  const { t } = useTranslation();
  // Assignments moved to another judge or dropped are no longer the judge's business.
  const q = useQuery({ queryKey: ASSIGNMENTS_KEY, queryFn: api.myAssignments, select: (l: Assignment[]) => l.filter((a) => a.status !== 'moved' && a.status !== 'dropped') });
  const [filter, setFilter] = useState<'todo' | 'done' | 'all'>('todo');
  return (
    <div className="stack judge">
      <PageTitle>{t('judge.title')}</PageTitle>
      <Flash />
      <MyCertificates kind="judge" />
      <MyLiveRooms />
      <QueryState q={q} empty={(d) => (d.length ? null : <Empty>{t('judge.none')}</Empty>)}>
        {(list) => {
          const p = progressOf(list);
          const shown = list.filter((a) => (filter === 'all' ? true : filter === 'done' ? isDone(a) : !isDone(a) && a.status !== 'conflict'));
          return (
            <>
              <section className="card">
                <h2 className="sr-only">{t('judge.progress')}</h2>
                <p className="big-number">
                  {t('judge.progressText', { done: p.done, total: p.total })}
                </p>
                <ProgressBar value={p.done} max={p.total} label={t('judge.progress')} />
                <p className="small muted">{t('judge.progressDetail', { draft: p.draft, pending: p.pending, conflict: p.conflict })}</p>
              </section>
              <JudgePackets assignments={list} />
              <div className="segmented" role="group" aria-label={t('judge.filter')}>
                {(['todo', 'done', 'all'] as const).map((f) => (
                  <button key={f} type="button" aria-pressed={filter === f} className={filter === f ? 'on' : ''} onClick={() => setFilter(f)}>
                    {t(`judge.filters.${f}`)}
                  </button>
                ))}
              </div>
              {shown.length ? (
                <ul className="assignment-list">
                  {shown.map((a) => (
                    <AssignmentItem key={String(a.id)} a={a} />
                  ))}
                </ul>
              ) : (
                <Empty>{filter === 'todo' ? t('judge.allDone') : t('judge.nothingHere')}</Empty>
              )}
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

/** One line of the list; the entry's title comes from its (cached) entry view. */
function AssignmentItem({ a }: { a: Assignment }) {
  const { t } = useTranslation();
  const visible = a.status === 'pending' || a.status === 'draft' || a.status === 'submitted';
  const q = useQuery({ queryKey: keys.assignment(a.id), queryFn: () => api.getAssignment(a.id), enabled: visible, staleTime: 60_000, retry: false });
  const d = { ...a, ...(q.data ?? {}), status: a.status };
  const names = useContestNames(d.contest_slug, d.track);
  if (a.status === 'conflict') {
    // Given back: the entry is no longer the judge's to open.
    return (
      <li>
        <div className="assignment-item">
          <span className="assignment-title">{d.title || d.team_name || t('judge.entry', { id: a.entry_id })}</span>
          <span className="muted small">{t('judge.conflictGivenBack')}</span>
          <span className="badge badge-conflict">{t('judge.status.conflict')}</span>
        </div>
      </li>
    );
  }
  return (
    <li>
      <Link to={`/judge/assignments/${encodeURIComponent(String(a.id))}`} className="assignment-item">
        <span className="assignment-title">{d.title || d.team_name || t('judge.entry', { id: a.entry_id })}</span>
        <span className="muted small">
          {[names.contest, d.round_name, names.track, a.expected_minutes ? t('judge.expectedMinutes', { count: a.expected_minutes }) : ''].filter(Boolean).join(' · ') || '\u00a0'}
        </span>
        <span className={`badge badge-${a.status}`}>{t(`judge.status.${a.status}`, { defaultValue: a.status })}</span>
      </Link>
    </li>
  );
}

/** The contest's title and the track's title (cached contest query), falling back to slugs. */
function useContestNames(slug?: string, track?: string) {
  const q = useQuery({ queryKey: keys.contest(slug ?? ''), queryFn: () => api.getContest(slug!), enabled: !!slug, staleTime: 300_000 });
  return { contest: q.data?.title ?? slug, track: q.data?.tracks?.find((x) => x.slug === track)?.title ?? track };
}

export function JudgeAssignment() {
  return (
    <RequireAuth>
      <AssignmentLoader />
    </RequireAuth>
  );
}

function AssignmentLoader() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const list = useQuery(assignmentsQuery);
  const fromList = list.data?.find((a) => String(a.id) === id);
  // The list carries only a summary; the entry view has the rubric, the entry and the score.
  const one = useQuery(assignmentQuery(id));
  if (list.isPending || one.isPending) return <Loading />;
  if (one.error) return <ErrorBox error={one.error} onRetry={() => void one.refetch()} />;
  if (list.error) return <ErrorBox error={list.error} onRetry={() => void list.refetch()} />;
  const a: Assignment = { ...one.data, status: fromList?.status ?? one.data.status };
  return (
    <>
      <LiveFollowBar entryId={a.entry_id} />
      <ScoreSheet key={String(a.id)} a={a} list={list.data ?? []} live={params.has('room')} />
    </>
  );
}

type Values = Record<string, number | undefined>;

/** An entry to score; live: the judge follows a live room (the team presents on stage). */
function ScoreSheet({ a, list, live }: { a: Assignment; list: Assignment[]; live: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const rubric = a.rubric ?? [];
  const [values, setValues] = useState<Values>(() => ({ ...(a.values ?? {}) }));
  const [comment, setComment] = useState(a.comment ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedAt, setSavedAt] = useState<string | null>(a.updated_at ?? null);
  const [dirty, setDirty] = useState(false);
  const [conflictOpen, setConflictOpen] = useState(false);
  // The file open in the viewer (beside the rubric on a desktop; on a phone
  // in the Document tab, the Scores tab one tap away). Both panes stay
  // mounted, so scores and the page survive switching. The entry's deck
  // is open on arrival when the page fetched it ahead (openOnArrival): it
  // is what the judge came to read (not in a live room, where the team
  // presents on stage); other files open with View.
  const [viewing, setViewing] = useState<string | null>(() => {
    const f = openOnArrival(a.files, browserConnection(), live);
    return f ? fileKey(f) : null;
  });
  // On a phone the rubric shows first: a deck opened on arrival waits,
  // drawn, in the Document tab (one tap away); a file opened with View shows.
  const [tab, setTab] = useState<'document' | 'scores'>(() => (viewing ? 'scores' : 'document'));
  // An open document comes first, under the entry's title, its card after
  // it. View opens a file (it never closes one: × does), and brings the
  // document's top to the top of the screen (on a phone its tab bar, so
  // that the page shows without scrolling). Nothing moves on arrival.
  const review = useRef<HTMLDivElement>(null);
  const [opened, setOpened] = useState(0);
  useEffect(() => {
    if (opened) review.current?.scrollIntoView({ block: 'start' });
  }, [opened]);
  // Text files open in place in the list (a quick look, not a document to read beside the rubric).
  const [preview, setPreview] = useState<string | null>(null);
  const done = isDone(a);
  const conflicted = a.status === 'conflict';
  const locked = done || conflicted;

  const clean = (v: Values) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && !Number.isNaN(x))) as Record<string, number>;

  // Each save counts on from the stored sheet's count, so that the server
  // can tell an autosave that arrives after the submit (or a later save) and
  // ignore it instead of refusing it.
  const seq = useRef(a.seq ?? 0);
  const save = useMutation({
    mutationFn: (final: boolean) => api.score(a.id, { values: clean(values), comment, final, seq: ++seq.current }),
    onSuccess: (_r, final) => {
      setDirty(false);
      setSavedAt(new Date().toISOString());
      void qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY });
      void qc.invalidateQueries({ queryKey: keys.assignment(a.id) });
      if (final) {
        const next = list.find((x) => String(x.id) !== String(a.id) && !isDone(x) && x.status !== 'conflict');
        const flash: JudgeFlash = { submitted: true };
        navigate(next ? `/judge/assignments/${encodeURIComponent(String(next.id))}` : '/judge', { state: flash });
      }
    },
  });

  // Autosave a draft 1.5 s after the last change.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!dirty || locked) return;
    if (Object.keys(validateScores(rubric, values, false)).length) return;
    timer.current = setTimeout(() => save.mutate(false), 1500);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, comment, dirty, locked]);

  const set = (id: string, v: number | undefined) => {
    setValues((p) => ({ ...p, [id]: v }));
    setDirty(true);
    if (errors[id]) setErrors((e) => ({ ...e, [id]: '' }));
  };

  const submit = () => {
    const errs = validateScores(rubric, values, true);
    setErrors(errs);
    const first = rubric.find((c) => errs[c.id]);
    if (first) {
      document.getElementById(`crit-${first.id}`)?.focus();
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    save.mutate(true);
  };

  const serverFields = save.error instanceof ApiError ? save.error.fields : {};
  const errFor = (id: string) => (errors[id] ? t(errors[id], { min: rubric.find((c) => c.id === id)?.min, max: rubric.find((c) => c.id === id)?.max }) : serverFields[id] ?? serverFields[`values.${id}`]);
  const total = useMemo(() => weightedTotal(rubric, values), [rubric, values]);
  const names = useContestNames(a.contest_slug, a.track);
  const viewed = a.files?.find((f) => fileKey(f) === viewing);

  const entry = (
    <section key="entry" className="card">
      <h2>{t('judge.entryDetails')}</h2>
      {a.abstract && <p className="prewrap">{a.abstract}</p>}
      {a.fields && Object.keys(a.fields).length > 0 && (
        <dl className="facts">
          {Object.entries(a.fields).map(([k, v]) => (
            <div key={k} className="fact">
              <dt>{a.form?.find((f) => f.key === k)?.label ?? k}</dt>
              <dd className="prewrap">{/^https?:\/\//.test(v) ? <a href={v} target="_blank" rel="noopener noreferrer nofollow">{v}</a> : v}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>{t('judge.files')}</h3>
      {a.files?.length ? (
        <ul className="list">
          {a.files.map((f) => {
            const key = fileKey(f);
            return (
              <li key={key}>
                <a className="btn btn-secondary btn-small" href={api.downloadUrl(f.file_id)} rel="noopener">
                  {t('judge.download')}
                </a>{' '}
                {viewerKind(f.filename) === 'text' && (
                  <button type="button" className="btn btn-ghost btn-small" aria-expanded={preview === key} onClick={() => setPreview(preview === key ? null : key)}>
                    {t('judge.preview')}
                  </button>
                )}
                {viewerKind(f.filename) && viewerKind(f.filename) !== 'text' && (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-pressed={viewing === key}
                    onClick={() => {
                      setViewing(key);
                      setTab('document');
                      setOpened((n) => n + 1);
                    }}
                  >
                    {t('viewer.open')}
                  </button>
                )}{' '}
                {f.filename} <span className="muted small">({formatBytes(f.size, i18n.language)})</span>
                {preview === key && <FilePreview url={api.viewUrl(f.file_id)} filename={f.filename} />}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('judge.noFiles')}</p>
      )}
      <p className="small muted">{t('judge.downloadNote')}</p>
    </section>
  );
  const sheet = (
    <div key="review" ref={review} className={viewed ? 'review review-open' : 'review'} data-tab={tab}>
      {viewed && (
        <>
          <div className="segmented review-tabs" role="tablist" aria-label={t('viewer.tabs')}>
            {(['document', 'scores'] as const).map((x) => (
              <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'on' : ''} onClick={() => setTab(x)}>
                {t(x === 'document' ? 'viewer.tabDocument' : 'viewer.tabScores')}
              </button>
            ))}
          </div>
          <section className="card review-doc" aria-label={t('viewer.tabDocument')}>
            <div className="review-doc-head">
              <strong className="wrap">{viewed.filename}</strong>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setViewing(null)} aria-label={t('viewer.close')}>
                ×
              </button>
            </div>
            <DocumentViewer key={viewing} url={api.viewUrl(viewed.file_id)} filename={viewed.filename} />
            <p className="small muted wide-only">{t('viewer.keys')}</p>
          </section>
        </>
      )}
      <section className="card review-scores">
        <h2>{t('judge.rubric')}</h2>
        {!rubric.length ? (
          <Empty>{t('judge.noRubric')}</Empty>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
            noValidate
          >
            <fieldset disabled={locked} className="rubric">
              <legend className="sr-only">{t('judge.rubric')}</legend>
              {rubric.map((c) => (
                <Criterion key={c.id} c={c} value={values[c.id]} onChange={(v) => set(c.id, v)} error={errFor(c.id)} />
              ))}
              <Field label={t('judge.comment')} hint={t('judge.commentHint')}>
                {(p) => (
                  <textarea
                    {...p}
                    rows={4}
                    value={comment}
                    onChange={(e) => {
                      setComment(e.target.value);
                      setDirty(true);
                    }}
                  />
                )}
              </Field>
            </fieldset>
            <div className="score-footer">
              <div>
                <span className="muted small">{t('judge.total')}</span>{' '}
                <strong>{total === null ? '—' : formatNumber(total, i18n.language, 1)}</strong>
                <span className="muted small"> / 100</span>
              </div>
              <p className="small muted" role="status" aria-live="polite">
                {save.isPending ? t('common.saving') : dirty ? t('judge.unsaved') : savedAt ? t('judge.savedAt', { at: formatDateTime(savedAt, i18n.language) }) : ''}
              </p>
            </div>
            {save.error && <ErrorBox error={save.error} />}
            {!locked && (
              <div className="actions sticky-actions">
                <button type="button" className="btn btn-secondary btn-large" onClick={() => save.mutate(false)} disabled={save.isPending}>
                  {t('judge.saveDraft')}
                </button>
                <button type="submit" className="btn btn-primary btn-large" disabled={save.isPending}>
                  {t('judge.submit')}
                </button>
              </div>
            )}
          </form>
        )}
      </section>
    </div>
  );

  return (
    <div className={viewed ? 'stack judge judge-wide' : 'stack judge'}>
      <p>
        <Link to="/judge">← {t('judge.back')}</Link>
      </p>
      <Flash />
      <PageTitle>{a.title || a.team_name || t('judge.entry', { id: a.entry_id })}</PageTitle>
      <p className="muted small">
        {[names.contest, a.round_name, names.track, a.team_name && a.title ? a.team_name : null].filter(Boolean).join(' · ')}
        {a.closes_at && <> · {t('judge.closes', { at: formatDateTime(a.closes_at, i18n.language) })}</>}
      </p>
      {conflicted && <Notice kind="warning">{t('judge.conflictDeclared')}</Notice>}
      {done && <Notice kind="success">{t('judge.submitted')}</Notice>}

      {/* An open document first (the deck, on arrival), then the entry's card; otherwise the card, then the rubric. */}
      {viewed ? [sheet, entry] : [entry, sheet]}

      {!locked && (
        <section className="card">
          <h2>{t('judge.conflictTitle')}</h2>
          <p className="small">{t('judge.conflictText')}</p>
          {conflictOpen ? <ConflictForm a={a} onCancel={() => setConflictOpen(false)} /> : (
            <button type="button" className="btn btn-danger" onClick={() => setConflictOpen(true)}>
              {t('judge.declareConflict')}
            </button>
          )}
        </section>
      )}
    </div>
  );
}

/** A file's key in the entry's list. */
function fileKey(f: { file_id: string }): string {
  return f.file_id;
}

/** One rubric criterion: a radio group of big buttons (or a number for long scales). */
function Criterion({ c, value, onChange, error }: { c: RubricItem; value: number | undefined; onChange: (v: number | undefined) => void; error?: string }) {
  const { t } = useTranslation();
  const steps = scaleSteps(c);
  const errId = `crit-${c.id}-err`;
  if (!steps) {
    return (
      <Field label={`${c.label} (${c.min}–${c.max})`} error={error} hint={t('judge.weight', { w: c.weight })}>
        {(p) => (
          <input
            {...p}
            id={`crit-${c.id}`}
            type="number"
            inputMode="decimal"
            min={c.min}
            max={c.max}
            step="any"
            value={value ?? ''}
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          />
        )}
      </Field>
    );
  }
  return (
    <fieldset className={`criterion${error ? ' field-invalid' : ''}`} aria-describedby={error ? errId : undefined}>
      <legend>
        {c.label} <span className="muted small">{t('judge.scale', { min: c.min, max: c.max, w: c.weight })}</span>
      </legend>
      <div className="scale" role="radiogroup" aria-label={c.label}>
        {steps.map((s, i) => (
          <label key={s} className={`scale-step${value === s ? ' on' : ''}`}>
            <input
              type="radio"
              name={`crit-${c.id}`}
              id={i === 0 ? `crit-${c.id}` : undefined}
              value={s}
              checked={value === s}
              onChange={() => onChange(s)}
            />
            <span>{s}</span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={errId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function ConflictForm({ a, onCancel }: { a: Assignment; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [err, setErr] = useState('');
  const m = useMutation({
    mutationFn: () => api.declareConflict(a.id, reason.trim()),
    onSuccess: () => {
      // A conflicted judge no longer sees the entry: mark it rather than refetch it (that would be a 404).
      qc.setQueryData<Assignment>(keys.assignment(a.id), (old) => (old ? { ...old, status: 'conflict' } : old));
      qc.setQueryData<Assignment[]>(ASSIGNMENTS_KEY, (list) => list?.map((x) => (String(x.id) === String(a.id) ? { ...x, status: 'conflict' } : x)));
      void qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY });
      const flash: JudgeFlash = { conflict: true };
      navigate('/judge', { state: flash });
    },
  });
  const fe = m.error instanceof ApiError ? m.error.fields : {};
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return setErr(t('validation.required'));
        setErr('');
        m.mutate();
      }}
      noValidate
    >
      <Field label={t('judge.conflictReason')} error={err || fe.reason} required>
        {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {m.error && !fe.reason && <ErrorBox error={m.error} />}
      <div className="actions">
        <button type="submit" className="btn btn-danger" disabled={m.isPending}>
          {t('judge.confirmConflict')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
