// A team's page: members and invitations, the submission form rendered from the
// contest's definition, file slots with direct-to-storage uploads, final submit
// with its receipt, and the version history.

import { TeamCertificates } from '../components/CertificateList';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Contest, FileSlot, Id, Receipt, Submission, SubmissionFile, Team } from '../api/model';
import { forgetTeam } from '../lib/myteam';
import { useSession } from '../session';
import { RequireAuth } from '../components/RequireAuth';
import { Refusal, refusalOf } from '../components/AccessState';
import { Countdown, Empty, ErrorBox, Loading, Notice, PageTitle, ProgressBar, useErrorText } from '../components/ui';
import { SubmissionFields } from '../components/SubmissionFields';
import { FileChecks } from '../components/FileChecks';
import type { FileCheck } from '../lib/checks';
import { checkFile, serverFieldError, validateSubmission, type FieldErrors } from '../lib/form';
import { formatBytes, formatDateTime, formatInZone, formatNumber } from '../lib/time';
import { useAutosave, useDeadlinePassed, useLeaveWarning } from '../lib/deadline';
import { useUploads, type UploadItem } from '../lib/useUploads';
import { localizeServerMessage } from '../lib/form';
import { shownTracks } from '../lib/tracks';
import { TeamLiveSlots } from '../components/LiveSlots';

export function TeamPage() {
  return (
    <RequireAuth>
      <TeamLoader />
    </RequireAuth>
  );
}

/** True for a file the server verified and keeps. */
export function isStored(f: SubmissionFile): boolean {
  return f.status === 'stored';
}

/** The latest submitted version and its time, from the submission. */
export function latestVersion(sub: Submission): { version: number; at?: string } {
  const v = sub.current_version;
  const at = sub.versions?.find((x) => x.version === v)?.submitted_at;
  return { version: v, at };
}

/**
 * What a file slot shows: the slot's current stored file, and whether the
 * upload item is still worth showing — not once it is done and the server
 * lists the same file as stored (the file would be shown twice).
 */
export function slotView(stored: SubmissionFile[], item?: { phase: string; filename: string; size: number }): { current?: SubmissionFile; showItem: boolean } {
  const current = stored.filter(isStored).at(-1);
  const listed = !!current && !!item && current.filename === item.filename && current.size === item.size;
  return { current, showItem: !!item && !(item.phase === 'done' && listed) };
}

/** The contest slug a team belongs to. */
export function teamContest(team: Team): string {
  return team.contest_slug;
}

function TeamLoader() {
  const { id = '' } = useParams();
  const team = useQuery({ queryKey: keys.team(id), queryFn: () => api.getTeam(id) });
  const slug = team.data ? teamContest(team.data) : '';
  const contest = useQuery({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug), enabled: !!slug });
  if (team.isPending || (slug && contest.isPending)) return <Loading />;
  // A team that does not exist or that the person may not see (the server
  // answers 404 for both): a not-found page, not an error to retry.
  const refusal = refusalOf(team.error);
  if (refusal) return <Refusal kind={refusal} />;
  if (team.error) return <ErrorBox error={team.error} onRetry={() => void team.refetch()} />;
  if (contest.error) return <ErrorBox error={contest.error} onRetry={() => void contest.refetch()} />;
  if (!contest.data) return <ErrorBox error={new Error('contest of this team is unknown')} />;
  return <TeamView team={team.data!} contest={contest.data} />;
}

function TeamView({ team, contest }: { team: Team; contest: Contest }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const deadline = team.deadline ?? contest.submission_deadline;
  // Locks the page the moment the deadline passes on screen.
  const closed = useDeadlinePassed(deadline);
  // Then asks the server once more, in case an organizer granted an
  // extension meanwhile (a later deadline unlocks the page).
  const qc = useQueryClient();
  useEffect(() => {
    if (closed) void qc.invalidateQueries({ queryKey: keys.team(team.id) });
  }, [closed, qc, team.id]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <PageTitle>{team.name}</PageTitle>
          <p className="muted">
            <Link to={`/c/${encodeURIComponent(contest.slug)}`}>{contest.title}</Link>
            {team.track && shownTracks(contest.tracks).length > 0 && <> · {contest.tracks?.find((x) => x.slug === team.track)?.title ?? team.track}</>}
          </p>
        </div>
      </div>
      {params.get('created') && <Notice kind="success">{t('team.created')}</Notice>}
      <div className="narrow-only">
        <Countdown deadline={deadline} timezone={contest.timezone} label={team.deadline && team.deadline !== contest.submission_deadline ? t('team.extendedDeadline') : undefined} />
      </div>
      <div className="two-col">
        <div className="stack">
          {contest.results_published_at && <TeamResults team={team} contest={contest} />}
          <SubmissionEditor team={team} contest={contest} closed={closed} deadline={deadline} />
        </div>
        <aside className="stack">
          <div className="wide-only">
            <Countdown deadline={deadline} timezone={contest.timezone} label={team.deadline && team.deadline !== contest.submission_deadline ? t('team.extendedDeadline') : undefined} />
          </div>
          <TeamLiveSlots teamId={team.id} timezone={contest.timezone} />
          <Members team={team} contest={contest} />
          <TeamCertificates teamId={team.id} />
        </aside>
      </div>
    </div>
  );
}

function Members({ team, contest }: { team: Team; contest: Contest }) {
  const { t, i18n } = useTranslation();
  // Members change until team registration closes (the server's rule: its
  // own close, else the contest's deadline; an extension does not reopen it).
  const lockedAt = contest.registration_closes_at ?? contest.submission_deadline;
  const locked = useDeadlinePassed(lockedAt);
  const s = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [copied, setCopied] = useState('');
  const me = s.user ? String(s.user.id) : '';
  const iAmCaptain = String(team.captain_id) === me || !!team.members?.some((m) => String(m.user_id) === me && m.captain);
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.team(team.id) });
  const action = useMutation({
    mutationFn: async (a: { kind: 'remove' | 'captain' | 'leave'; user?: Id; name?: string }) => {
      if (a.kind === 'leave') {
        if (!window.confirm(t('team.confirmLeave'))) return 'cancelled';
        await api.leaveTeam(team.id);
        return 'left';
      }
      if (a.kind === 'remove') {
        if (!window.confirm(t('team.confirmRemove', { name: a.name }))) return 'cancelled';
        await api.removeMember(team.id, a.user!);
      } else await api.handOver(team.id, a.user!);
      return 'ok';
    },
    onSuccess: (r) => {
      if (r === 'left') {
        if (s.user) forgetTeam(s.user.id, contest.slug);
        void qc.invalidateQueries({ queryKey: keys.myTeams() });
        navigate(`/c/${encodeURIComponent(contest.slug)}`);
      } else if (r === 'ok') refresh();
    },
  });
  const link = team.invite_code ? `${window.location.origin}/join/${encodeURIComponent(team.invite_code)}?c=${encodeURIComponent(contest.slug)}` : '';
  const copy = async (what: string, v: string) => {
    try {
      await navigator.clipboard.writeText(v);
      setCopied(what);
    } catch {
      setCopied('');
    }
  };
  return (
    <section className="card">
      <h2>{t('team.members')}</h2>
      {team.members?.length ? (
        <ul className="list">
          {team.members.map((m) => (
            <li key={String(m.user_id)} className="member">
              <span>
                {m.name || m.email}
                {(m.captain || String(m.user_id) === String(team.captain_id)) && <span className="badge">{t('team.captain')}</span>}
              </span>
              {iAmCaptain && String(m.user_id) !== me && (
                <span className="actions-inline">
                  <button type="button" className="btn btn-ghost btn-small" disabled={action.isPending} onClick={() => action.mutate({ kind: 'captain', user: m.user_id })}>
                    {t('team.makeCaptain')}
                  </button>
                  {!locked && (
                    <button type="button" className="btn btn-ghost btn-small" disabled={action.isPending} onClick={() => action.mutate({ kind: 'remove', user: m.user_id, name: m.name || m.email })}>
                      {t('common.remove')}
                    </button>
                  )}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('team.noMembers')}</p>
      )}
      <p className="muted small">{t('team.sizeLimit', { n: team.members?.length ?? 1, max: contest.max_team_size })}</p>
      {action.error && <ErrorBox error={action.error} />}
      {locked && (
        <p className="muted small" data-testid="team-locked">
          {t('team.locked', { at: formatInZone(lockedAt, contest.timezone, i18n.language, { dateStyle: 'long', timeStyle: 'short' }) })}
        </p>
      )}
      {!iAmCaptain && !locked && (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => action.mutate({ kind: 'leave' })} disabled={action.isPending}>
          {t('team.leave')}
        </button>
      )}
      {team.invite_code && !locked && (
        <div className="invite">
          <h3>{t('team.invite')}</h3>
          <p className="small">{t('team.inviteText')}</p>
          <div className="copy-row">
            <code className="code" data-testid="invite-code">
              {team.invite_code}
            </code>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void copy('code', team.invite_code!)}>
              {t('team.copyCode')}
            </button>
          </div>
          <div className="copy-row">
            <input readOnly value={link} aria-label={t('team.inviteLink')} className="mono" onFocus={(e) => e.target.select()} />
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void copy('link', link)}>
              {t('team.copyLink')}
            </button>
          </div>
          <p role="status" className="small muted">
            {copied ? t('team.copied') : ''}
          </p>
        </div>
      )}
    </section>
  );
}

function SubmissionEditor({ team, contest, closed, deadline }: { team: Team; contest: Contest; closed: boolean; deadline: string }) {
  const q = useQuery({ queryKey: keys.submission(team.id), queryFn: () => api.getSubmission(team.id) });
  if (q.isPending) return <Loading />;
  // A team without a draft yet: start from an empty one.
  if (q.error && !(q.error instanceof ApiError && q.error.status === 404)) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  const sub: Submission = q.data ?? {
    id: 0, team_id: Number(team.id), contest_id: team.contest_id, title: '', abstract: '', fields: {}, files: [],
    current_version: 0, deadline: team.deadline, updated_at: '', versions: null,
  };
  // The form keeps its own state (typed answers, uploads in flight); files and versions follow the server.
  return <SubmissionForm key={String(team.id)} team={team} contest={contest} sub={sub} closed={closed} deadline={deadline} />;
}

/** True for an API answer that the deadline has passed. */
function isTooLate(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'too_late';
}

function SubmissionForm({ team, contest, sub, closed: pastDeadline, deadline }: { team: Team; contest: Contest; sub: Submission; closed: boolean; deadline: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState({ title: sub.title ?? '', abstract: sub.abstract ?? '', fields: { ...(sub.fields ?? {}) } });
  const [local, setLocal] = useState<FieldErrors>({});
  // Every edit bumps the revision; a save clears `dirty` only if no edit came
  // while it was on its way.
  const [revision, setRevision] = useState(0);
  const [savedRevision, setSavedRevision] = useState(0);
  const dirty = revision !== savedRevision;
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [auto, setAuto] = useState(false);
  // The server said too_late (its clock decides): lock like the deadline.
  const [serverSaysLate, setServerSaysLate] = useState(false);
  const closed = pastDeadline || serverSaysLate;
  const deadlineText = formatInZone(deadline, contest.timezone, i18n.language, { dateStyle: 'full', timeStyle: 'short' });

  const save = useMutation({
    mutationFn: (v: { values: typeof values; revision: number; auto: boolean }) => api.saveSubmission(team.id, v.values),
    onMutate: (v) => setAuto(v.auto),
    onSuccess: (_, v) => {
      setSavedRevision((r) => Math.max(r, v.revision));
      setSavedAt(new Date().toISOString());
    },
    onError: (err) => {
      if (isTooLate(err)) setServerSaysLate(true);
    },
  });
  const latestValues = useRef({ values, revision });
  latestValues.current = { values, revision };
  const autoSave = useCallback(() => {
    const cur = latestValues.current;
    // Answers that cannot be saved yet (e.g. half a link) wait for the next edit.
    const errs = validateSubmission(contest.form ?? [], cur.values, false);
    if (!Object.values(errs).some(Boolean)) save.mutate({ values: cur.values, revision: cur.revision, auto: true });
  }, [contest.form, save]);
  useAutosave({ dirty, enabled: !closed && !save.isPending, revision, save: autoSave });
  // Leaving in the app (a link) flushes the draft; closing the tab asks first.
  const flush = useRef<() => void>(() => {});
  flush.current = () => {
    if (dirty && !closed) void api.saveSubmission(team.id, latestValues.current.values).catch(() => undefined);
  };
  useEffect(() => () => flush.current(), []);
  const submit = useMutation({
    mutationFn: async () => {
      await api.saveSubmission(team.id, values);
      return api.submit(team.id);
    },
    onError: (err) => {
      if (isTooLate(err)) setServerSaysLate(true);
    },
    onSuccess: (receipt: Receipt) => {
      setSavedRevision(revision);
      void qc.invalidateQueries({ queryKey: keys.submission(team.id) });
      void qc.invalidateQueries({ queryKey: keys.versions(team.id) });
      navigate(`/teams/${encodeURIComponent(String(team.id))}/receipt/${receipt.version}?new=1`);
    },
  });
  const lastError = submit.error ?? save.error;
  const tooLate = isTooLate(lastError);
  // A too_late answer is said once, clearly, in the locked notice below.
  // Other errors show once each, next to the button that caused them (and
  // field errors next to their fields).
  const apiErr = !tooLate && lastError instanceof ApiError ? lastError : null;
  const hasFields = (e: unknown) => e instanceof ApiError && Object.keys(e.fields).length > 0;
  const saveErr = !tooLate && !submit.error ? save.error : null;
  const submitErr = !tooLate ? submit.error : null;
  const errorFor = (key: string): string | undefined => {
    const l = local[key];
    if (l) return typeof l === 'string' ? l : t(l.key, l.params);
    return localizeServerMessage(serverFieldError(apiErr?.fields, key), t);
  };

  const onChange = (key: 'title' | 'abstract' | string, v: string, isField: boolean) => {
    setRevision((r) => r + 1);
    setValues((prev) => (isField ? { ...prev, fields: { ...prev.fields, [key]: v } } : { ...prev, [key]: v }));
    if (local[key]) setLocal((p) => ({ ...p, [key]: '' }));
  };

  const onUploaded = useCallback(() => {
    void qc.invalidateQueries({ queryKey: keys.submission(team.id) });
  }, [qc, team.id]);
  const uploads = useUploads(team.id, onUploaded);

  const files = sub.files ?? [];
  const missingFiles = (contest.files ?? []).filter((s) => s.required && !files.some((f) => f.slot === s.key && isStored(f)));
  const latest = latestVersion(sub);

  const doSave = (e?: FormEvent) => {
    e?.preventDefault();
    const errs = validateSubmission(contest.form ?? [], values, false);
    setLocal(errs);
    if (!Object.values(errs).some(Boolean)) save.mutate({ values, revision, auto: false });
  };
  const doSubmit = () => {
    const errs = validateSubmission(contest.form ?? [], values, true);
    setLocal(errs);
    const first = Object.keys(errs).find((k) => errs[k]);
    if (first) {
      document.querySelector<HTMLElement>(`[data-field="${CSS.escape(first)}"] input, [data-field="${CSS.escape(first)}"] textarea, [data-field="${CSS.escape(first)}"] select`)?.focus();
      return;
    }
    if (missingFiles.length) return;
    submit.mutate();
  };

  const busy = Object.values(uploads.items).some((i) => i.phase !== 'done' && i.phase !== 'error');
  useLeaveWarning((dirty || busy) && !closed);
  // An upload refused as too late locks the page like any other late write.
  const uploadTooLate = Object.values(uploads.items).some((i) => i.phase === 'error' && isTooLate(i.error));
  useEffect(() => {
    if (uploadTooLate) setServerSaysLate(true);
  }, [uploadTooLate]);

  return (
    <>
      <section className="card">
        <h2>{t('submission.title')}</h2>
        {closed && (
          <div className="notice notice-warning" role="alert" data-testid="locked">
            <strong>{t('submission.lockedTitle')}</strong>{' '}
            {tooLate
              ? t('submission.tooLate', { at: deadlineText })
              : latest.version
                ? t('submission.locked', { at: deadlineText, version: `v${latest.version}` })
                : t('submission.lockedNone', { at: deadlineText })}
          </div>
        )}
        {latest.version ? <p className="muted small">{t('submission.lastVersion', { v: latest.version, at: formatDateTime(latest.at, i18n.language) })}</p> : null}
        <form onSubmit={doSave} noValidate aria-describedby="form-status">
          <fieldset disabled={closed}>
            <legend className="sr-only">{t('submission.title')}</legend>
            <SubmissionFields form={contest.form ?? []} values={values} errorFor={errorFor} onChange={onChange} />
          </fieldset>
          {saveErr && !hasFields(saveErr) && <ErrorBox error={saveErr} />}
          {hasFields(saveErr) && (
            <p className="field-error" role="alert">
              {t('submission.fixErrors')}
            </p>
          )}
          <p id="form-status" className="small muted" role="status">
            {save.isPending
              ? auto
                ? t('submission.autosaving')
                : t('common.saving')
              : save.isError && auto && !tooLate
                ? t('submission.autosaveFailed')
                : dirty
                  ? t('submission.unsaved')
                  : savedAt
                    ? t(auto ? 'submission.autosaved' : 'submission.savedAt', { at: formatDateTime(savedAt, i18n.language) })
                    : ''}
          </p>
          <div className="actions">
            <button type="submit" className="btn btn-secondary" disabled={closed || save.isPending}>
              {t('submission.saveDraft')}
            </button>
          </div>
        </form>
      </section>

      <section className="card">
        <h2>{t('files.title')}</h2>
        {!contest.files?.length ? (
          <Empty>{t('files.none')}</Empty>
        ) : (
          <ul className="slots">
            {contest.files.map((slot) => (
              <SlotRow key={slot.key} slot={slot} stored={files.filter((f) => f.slot === slot.key)} item={uploads.items[slot.key]} closed={closed} uploads={uploads} recheck={onUploaded} />
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>{t('submission.submitTitle')}</h2>
        <p>{t('submission.submitText')}</p>
        {missingFiles.length > 0 && (
          <p className="field-error">{t('submission.missingFiles', { slots: missingFiles.map((s) => s.label).join(', ') })}</p>
        )}
        {submitErr && !hasFields(submitErr) && <ErrorBox error={submitErr} title={t('submission.submitFailed')} />}
        {submitErr instanceof ApiError && hasFields(submitErr) && (
          <div className="field-error" role="alert">
            <p>{t('submission.fixErrors')}</p>
            <ul>
              {Object.entries(submitErr.fields)
                .filter(([k]) => k.startsWith('files.'))
                .map(([k, v]) => (
                  <li key={k}>
                    {contest.files?.find((s) => `files.${s.key}` === k)?.label ?? k}: {localizeServerMessage(v, t)}
                  </li>
                ))}
            </ul>
          </div>
        )}
        <div className="actions">
          <button type="button" className="btn btn-primary btn-large" onClick={doSubmit} disabled={closed || submit.isPending || busy || missingFiles.length > 0}>
            {submit.isPending ? t('common.working') : latest.version ? t('submission.submitNew') : t('submission.submit')}
          </button>
          {latest.version ? (
            <Link className="btn btn-secondary" to={`/teams/${encodeURIComponent(String(team.id))}/receipt/${latest.version}`}>
              {t('receipt.view')}
            </Link>
          ) : null}
        </div>
        {busy && <p className="small muted">{t('files.waitUploads')}</p>}
      </section>

      <Versions team={team} sub={sub} />
    </>
  );
}

function SlotRow({ slot, stored, item, closed, uploads, recheck }: { slot: FileSlot; stored: SubmissionFile[]; item?: UploadItem; closed: boolean; uploads: ReturnType<typeof useUploads>; recheck: () => void }) {
  const { t, i18n } = useTranslation();
  const errText = useErrorText();
  const [pickErr, setPickErr] = useState('');
  const inputId = `file-${slot.key}`;
  const { current, showItem } = slotView(stored, item);
  const pending = stored.filter((f) => f.status === 'pending').at(-1);
  const onPick = (file: File | undefined) => {
    if (!file) return;
    const e = checkFile(slot, file);
    if (e) {
      setPickErr(t(e.key, { ...e.params, max: formatBytes(slot.max_bytes, i18n.language) }));
      return;
    }
    setPickErr('');
    const p = pending?.id;
    uploads.start(slot.key, file, p ? { id: p, filename: pending!.filename, size: pending!.size, sha256: pending!.sha256 } : undefined);
  };
  const active = item && item.phase !== 'done';
  return (
    <li className="slot" data-slot={slot.key}>
      <div className="slot-head">
        <label htmlFor={inputId} className="slot-label">
          {slot.label}
          {slot.required && <span className="req"> *</span>}
        </label>
        <span className="muted small">
          {t('files.rules', { types: slot.types?.length ? slot.types.join(', ') : t('files.anyType'), max: formatBytes(slot.max_bytes, i18n.language) })}
        </span>
      </div>
      {current && !active && (
        <p className="slot-current">
          <a href={api.downloadUrl(current.id)} rel="noopener" download>
            {current.filename}
          </a>{' '}
          <span className="muted small">
            {formatBytes(current.size, i18n.language)} · SHA-256 {current.sha256 ? <code className="hash">{current.sha256}</code> : t('files.fingerprintPending')}
          </span>{' '}
          <span className="small ok">{current.sha256 ? t('files.phase.done') : t('files.stored')}</span>
        </p>
      )}
      {/* The check runs in the background after the upload: the draft is asked for again until it is there. */}
      {current && !active && <FileChecks check={(current as SubmissionFile & { check?: FileCheck }).check} onRecheck={closed ? undefined : recheck} />}
      {pending && !item && (
        <p className="notice notice-info small">{t('files.interrupted', { name: pending.filename })}</p>
      )}
      {item && showItem && (
        <div className="upload" aria-live="polite">
          <div className="upload-line">
            <span className="upload-name">{item.filename}</span>
            <span className="small">{t(`files.phase.${item.phase}`)}</span>
          </div>
          <ProgressBar
            value={item.phase === 'hashing' ? item.hashed : item.phase === 'done' ? item.size : item.loaded}
            max={item.size || 1}
            label={t('files.progressFor', { name: item.filename })}
          />
          <div className="upload-line small muted">
            <span>
              {formatBytes(item.phase === 'hashing' ? item.hashed : item.loaded, i18n.language)} / {formatBytes(item.size, i18n.language)}
            </span>
            <span className="actions-inline">
              {(item.phase === 'uploading' || item.phase === 'retrying') && item.resumable !== false && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => uploads.pause(slot.key)}>
                  {t('files.pause')}
                </button>
              )}
              {(item.phase === 'paused' || item.phase === 'error') && (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => uploads.resume(slot.key)}>
                  {item.phase === 'error' ? t('common.retry') : t('files.resume')}
                </button>
              )}
              {item.phase !== 'done' && item.phase !== 'completing' && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => uploads.cancel(slot.key)}>
                  {t('common.cancel')}
                </button>
              )}
            </span>
          </div>
          {item.phase === 'error' && !isTooLate(item.error) && <p className="field-error">{errText(item.error)}</p>}
        </div>
      )}
      <input
        id={inputId}
        type="file"
        className="file-input"
        disabled={closed || !!active}
        accept={slot.types?.join(',') || undefined}
        aria-describedby={pickErr ? `${inputId}-err` : undefined}
        onChange={(e) => {
          onPick(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      {pickErr && (
        <p className="field-error" id={`${inputId}-err`}>
          {pickErr}
        </p>
      )}
    </li>
  );
}

function Versions({ team, sub }: { team: Team; sub: Submission }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: keys.versions(team.id),
    queryFn: () => api.listVersions(team.id),
    enabled: !sub.versions,
    retry: false,
  });
  const versions = useMemo(() => [...(sub.versions ?? q.data ?? [])].sort((a, b) => b.version - a.version), [sub.versions, q.data]);
  const latest = latestVersion(sub);
  return (
    <section className="card">
      <h2>{t('versions.title')}</h2>
      {!sub.versions && q.isPending ? (
        <Loading />
      ) : versions.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('versions.version')}</th>
              <th scope="col">{t('versions.submittedAt')}</th>
              <th scope="col">{t('versions.digest')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>
                  <Link to={`/teams/${encodeURIComponent(String(team.id))}/receipt/${v.version}`}>v{v.version}</Link>
                </td>
                <td>{formatDateTime(v.submitted_at, i18n.language)}</td>
                <td>
                  <code className="hash">{v.digest ? `${v.digest.slice(0, 16)}…` : '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : latest.version ? (
        <p>{t('versions.latestOnly', { v: latest.version, at: formatDateTime(latest.at, i18n.language) })}</p>
      ) : (
        <Empty>{t('versions.none')}</Empty>
      )}
    </section>
  );
}

/** After publication: a link to the results and, when enabled, the judges' feedback. */
function TeamResults({ team, contest }: { team: Team; contest: Contest }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: keys.feedback(team.id), queryFn: () => api.teamFeedback(team.id), enabled: !!contest.feedback_enabled, retry: false });
  return (
    <section className="card">
      <h2>{t('feedback.title')}</h2>
      <p>
        <Link to={`/c/${encodeURIComponent(contest.slug)}/results`}>{t('feedback.results')}</Link>
      </p>
      {contest.feedback_enabled &&
        (q.isPending ? (
          <Loading />
        ) : q.error ? (
          <ErrorBox error={q.error} />
        ) : !q.data?.length ? (
          <Empty>{t('feedback.none')}</Empty>
        ) : (
          <ul className="list feedback">
            {q.data.map((f, i) => (
              <li key={i}>
                <strong>{f.round}</strong>
                {f.values && (
                  <ul className="chips">
                    {Object.entries(f.values).map(([k, v]) => (
                      <li key={k} className="chip">
                        {f.rubric?.find((c) => c.id === k)?.label ?? k}: {formatNumber(v, i18n.language, 1)}
                      </li>
                    ))}
                  </ul>
                )}
                {f.comment && <p className="prewrap">{f.comment}</p>}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
