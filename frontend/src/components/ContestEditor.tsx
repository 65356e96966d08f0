// The contest editor of the organizer console: windows in the contest's time
// zone, tracks, the form builder and the file slots. Used to create and to edit.
// Nobody types an identifier: keys and slugs are made from labels in the form
// the server accepts (lib/keys.ts) and stay editable under "Advanced"; every
// server problem is shown next to the field it names, worded with labels.

import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Contest, ContestInput, FileSlot, FormField, TrackInput } from '../api/model';
import { fieldOfPath, isKey, isSlug, keyFromLabel, slugFromTitle } from '../lib/keys';
import { isoToWallTime, isValidTimeZone, userTimeZone, wallTimeToISO } from '../lib/time';
import { ErrorBox, Field } from './ui';

const MiB = 1024 * 1024;

interface Draft {
  slug: string;
  title: string;
  description: string;
  timezone: string;
  registration_opens_at: string; // wall time in timezone
  registration_closes_at: string; // kept as the server sent it (not edited here)
  submission_opens_at: string;
  submission_deadline: string;
  max_team_size: number;
  feedback_enabled: boolean;
  tracks: (TrackInput & Auto)[];
  form: (FormField & Auto & { optionsText?: string })[];
  files: (FileSlot & Auto & { maxMiB?: number; typesText?: string; maxMinutes?: number | '' })[];
}

/** auto: the key (or slug) follows the label until someone edits it; saved rows keep theirs. */
interface Auto {
  auto?: boolean;
}

function toDraft(c?: Contest): Draft {
  const tz = c?.timezone ?? userTimeZone();
  return {
    slug: c?.slug ?? '',
    title: c?.title ?? '',
    description: c?.description ?? '',
    timezone: tz,
    registration_opens_at: isoToWallTime(c?.registration_opens_at, tz),
    registration_closes_at: c?.registration_closes_at ?? '',
    submission_opens_at: isoToWallTime(c?.submission_opens_at, tz),
    submission_deadline: isoToWallTime(c?.submission_deadline, tz),
    max_team_size: c?.max_team_size ?? 5,
    feedback_enabled: c?.feedback_enabled ?? false,
    tracks: c?.tracks?.map((x) => ({ slug: x.slug, title: x.title })) ?? [],
    form: c?.form?.map((f) => ({ ...f, optionsText: (f.options ?? []).join('\n') })) ?? [],
    files:
      c?.files?.map((f) => ({
        ...f,
        maxMiB: Math.round((f.max_bytes / MiB) * 100) / 100,
        typesText: (f.types ?? []).join(', '),
        maxMinutes: f.max_duration_seconds ? Math.round((f.max_duration_seconds / 60) * 100) / 100 : '',
      })) ?? [],
  };
}

/** Turns the editor's draft into the API body (instants in UTC). */
export function draftToInput(d: Draft): ContestInput {
  return {
    slug: d.slug.trim(),
    title: d.title.trim(),
    description: d.description,
    timezone: d.timezone,
    registration_opens_at: wallTimeToISO(d.registration_opens_at, d.timezone),
    registration_closes_at: d.registration_closes_at,
    submission_opens_at: wallTimeToISO(d.submission_opens_at, d.timezone),
    submission_deadline: wallTimeToISO(d.submission_deadline, d.timezone),
    max_team_size: Number(d.max_team_size),
    feedback_enabled: d.feedback_enabled,
    tracks: d.tracks.map((x) => ({ slug: x.slug.trim(), title: x.title.trim() })),
    form: d.form.map((f) => ({
      key: f.key.trim(),
      label: f.label.trim(),
      type: f.type,
      required: f.required,
      options: f.type === 'select' ? (f.optionsText ?? '').split('\n').map((s) => s.trim()).filter(Boolean) : [],
    })),
    files: d.files.map((f) => ({
      key: f.key.trim(),
      label: f.label.trim(),
      required: f.required,
      max_bytes: Math.round(Number(f.maxMiB ?? 0) * MiB),
      max_pages: Number(f.max_pages ?? 0) || 0,
      max_duration_seconds: Math.round(Number(f.maxMinutes || 0) * 60),
      ...Object.fromEntries(IMAGE_BOUNDS.map((b) => [b, Number(f[b] ?? 0) || 0])),
      page_size: f.page_size || undefined,
      types: (f.typesText ?? '')
        .split(/[,\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
        .map((s) => (s.startsWith('.') ? s : `.${s}`)),
    })),
  };
}

/** Client-side checks (the server's rules, from rules.gen.ts); keys match the API's field names (e.g. "tracks[0].slug"). */
export function checkDraft(d: Draft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!isSlug(d.slug.trim())) e.slug = 'errors.rule.slug';
  if (!d.title.trim()) e.title = 'validation.required';
  if (!isValidTimeZone(d.timezone)) e.timezone = 'validation.timezone';
  for (const k of ['registration_opens_at', 'submission_opens_at', 'submission_deadline'] as const) if (!d[k]) e[k] = 'validation.required';
  if (d.registration_opens_at && d.submission_opens_at && d.submission_opens_at < d.registration_opens_at) e.submission_opens_at = 'validation.order';
  if (d.submission_opens_at && d.submission_deadline && d.submission_deadline <= d.submission_opens_at) e.submission_deadline = 'validation.order';
  if (!(Number(d.max_team_size) >= 1)) e.max_team_size = 'validation.positive';
  const dup = (arr: string[], i: number) => arr.indexOf(arr[i]) !== i;
  d.tracks.forEach((x, i) => {
    if (!isSlug(x.slug)) e[`tracks[${i}].slug`] = 'errors.rule.slug';
    else if (dup(d.tracks.map((t) => t.slug), i)) e[`tracks[${i}].slug`] = 'validation.duplicate';
    if (!x.title.trim()) e[`tracks[${i}].title`] = 'validation.required';
  });
  d.form.forEach((f, i) => {
    if (!isKey(f.key)) e[`form[${i}].key`] = 'errors.rule.key';
    else if (dup(d.form.map((x) => x.key), i)) e[`form[${i}].key`] = 'validation.duplicate';
    if (!f.label.trim()) e[`form[${i}].label`] = 'validation.required';
    if (f.type === 'select' && !(f.optionsText ?? '').trim()) e[`form[${i}].options`] = 'validation.options';
  });
  d.files.forEach((f, i) => {
    if (!isKey(f.key)) e[`files[${i}].key`] = 'errors.rule.key';
    else if (dup(d.files.map((x) => x.key), i)) e[`files[${i}].key`] = 'validation.duplicate';
    if (!f.label.trim()) e[`files[${i}].label`] = 'validation.required';
    if (!(Number(f.maxMiB) > 0)) e[`files[${i}].max_bytes`] = 'validation.positive';
    if (!(Number(f.max_pages ?? 0) >= 0) || !Number.isInteger(Number(f.max_pages ?? 0))) e[`files[${i}].max_pages`] = 'validation.nonNegativeInteger';
    if (!(Number(f.maxMinutes || 0) >= 0)) e[`files[${i}].max_duration_seconds`] = 'validation.nonNegative';
    for (const b of IMAGE_BOUNDS) if (!(Number(f[b] ?? 0) >= 0) || !Number.isInteger(Number(f[b] ?? 0))) e[`files[${i}].${b}`] = 'validation.nonNegativeInteger';
  });
  return e;
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    const z = intl.supportedValuesOf?.('timeZone');
    if (z?.length) return z.includes('UTC') ? z : ['UTC', ...z];
  } catch {
    /* old browser */
  }
  return ['UTC', 'Asia/Shanghai', 'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles'];
}

/** The editor's label of a top-level field or of a list item's field, for messages. */
const TOP: Record<string, string> = {
  title: 'editor.title',
  slug: 'editor.slug',
  description: 'editor.description',
  timezone: 'editor.timezone',
  max_team_size: 'editor.maxTeamSize',
  registration_opens_at: 'editor.registration_opens_at',
  registration_closes_at: 'fieldNames.registration_closes_at',
  submission_opens_at: 'editor.submission_opens_at',
  submission_deadline: 'editor.submission_deadline',
  tracks: 'editor.tracks',
  form: 'editor.form',
  files: 'editor.files',
};
const SUB: Record<string, string> = {
  key: 'editor.key',
  slug: 'editor.key',
  label: 'editor.label',
  title: 'editor.trackTitle',
  type: 'editor.type',
  options: 'editor.options',
  max_bytes: 'editor.maxMiB',
  max_pages: 'editor.maxPages',
  max_duration_seconds: 'editor.maxMinutes',
  page_size: 'editor.pageSize',
  min_width: 'editor.imageBounds.min_width',
  max_width: 'editor.imageBounds.max_width',
  min_height: 'editor.imageBounds.min_height',
  max_height: 'editor.imageBounds.max_height',
  types: 'editor.fileTypes',
};
/** The page sizes a slot may require of a PDF (the server's list). */
const PAGE_SIZES = ['A4', 'Letter', 'A3', 'A5', 'Legal'];

/** A file slot's pixel bounds for images (0: none). */
const IMAGE_BOUNDS = ['min_width', 'max_width', 'min_height', 'max_height'] as const;

const ITEM: Record<string, string> = { form: 'editor.formItem', files: 'editor.fileItem', tracks: 'editor.trackItem' };

/**
 * Names the field a server path points at with the editor's labels:
 * "form[2].key" → 'Form field 3 “Demo video” — Key'; "" for a path the
 * editor has no label for (the message then stands alone). Never the raw path.
 */
export function describePath(path: string, d: Draft, t: (k: string, o?: Record<string, unknown>) => string): string {
  const m = /^(form|files|tracks)\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (!m) return TOP[path] ? t(TOP[path]) : '';
  const [, list, idx, sub] = m;
  const i = Number(idx);
  const row = d[list as 'form' | 'files' | 'tracks'][i] as { label?: string; title?: string } | undefined;
  const name = row?.label ?? row?.title ?? '';
  const item = t(ITEM[list], { n: i + 1 });
  const what = name ? t('editor.fieldOf', { what: item, name }) : item;
  return sub && SUB[sub] ? `${what} — ${t(SUB[sub])}` : what;
}

export function ContestEditor({ contest, onSave, saving, error, submitLabel }: { contest?: Contest; onSave: (b: ContestInput) => void; saving: boolean; error: unknown; submitLabel: string }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(() => toDraft(contest));
  // A title with no Latin letters (e.g. all Chinese) gives no words for an
  // address: each new contest then gets a short random one, so that a second
  // such contest does not collide with the first.
  const [slugFallback] = useState(() => `contest-${Math.random().toString(36).slice(2, 7)}`);
  const [local, setLocal] = useState<Record<string, string>>({});
  const zones = useMemo(timeZones, []);
  // The server's problems, in the user's language, on the field each belongs to.
  const serverFields = error instanceof ApiError ? error.fields : {};
  const server: Record<string, string> = {};
  for (const [k, v] of Object.entries(serverFields)) server[fieldOfPath(k)] ??= v;
  const err = (k: string) => (local[k] ? t(local[k]) : server[k]);
  const up = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const editing = !!contest;
  const others = <T,>(rows: T[], i: number, key: (r: T) => string) => rows.filter((_, j) => j !== i).map(key);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = checkDraft(d);
    setLocal(errs);
    const first = Object.keys(errs)[0];
    if (first) {
      const el = document.querySelector<HTMLElement>(`[data-k="${CSS.escape(first)}"]`);
      el?.closest('details')?.setAttribute('open', '');
      el?.focus();
      return;
    }
    onSave(draftToInput(d));
  };

  /** The label of a row (its key follows it while auto). */
  const labelField = (k: string, label: string, value: string, onChange: (v: string) => void) => (
    <Field label={label} error={err(k)} required>
      {(p) => <input {...p} data-k={k} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );

  /** The key of a row, editable under "Advanced", opened when the key has a problem. */
  const keyField = (k: string, value: string, set: (v: string) => void) => (
    <details className="advanced" open={!!err(k)}>
      <summary className="small">{t('editor.advanced')}</summary>
      <Field label={t('editor.key')} error={err(k)} hint={editing ? t('editor.keyChanged') : t('editor.keyHint')} required>
        {(p) => <input {...p} data-k={k} className="mono" value={value} onChange={(e) => set(e.target.value)} />}
      </Field>
    </details>
  );

  return (
    <form onSubmit={submit} noValidate className="stack editor">
      <section className="card">
        <h2>{t('editor.basics')}</h2>
        <div className="grid-2">
          <Field label={t('editor.title')} error={err('title')} required>
            {(p) => (
              <input
                {...p}
                data-k="title"
                value={d.title}
                onChange={(e) =>
                  up({ title: e.target.value, ...(!editing && (!d.slug || d.slug === slugFromTitle(d.title, [], slugFallback, 1)) ? { slug: slugFromTitle(e.target.value, [], slugFallback, 1) } : {}) })
                }
              />
            )}
          </Field>
          <Field label={t('editor.slug')} error={err('slug')} hint={t('editor.slugHint')} required>
            {(p) => <input {...p} data-k="slug" value={d.slug} disabled={editing} onChange={(e) => up({ slug: e.target.value })} className="mono" />}
          </Field>
        </div>
        <Field label={t('editor.description')} error={err('description')}>
          {(p) => <textarea {...p} data-k="description" rows={4} value={d.description} onChange={(e) => up({ description: e.target.value })} />}
        </Field>
        <div className="grid-2">
          <Field label={t('editor.timezone')} error={err('timezone')} hint={t('editor.timezoneHint')} required>
            {(p) => (
              <select {...p} data-k="timezone" value={d.timezone} onChange={(e) => up({ timezone: e.target.value })}>
                {zones.map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('editor.maxTeamSize')} error={err('max_team_size')} required>
            {(p) => <input {...p} data-k="max_team_size" type="number" min={1} max={100} value={d.max_team_size} onChange={(e) => up({ max_team_size: Number(e.target.value) })} />}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={d.feedback_enabled} onChange={(e) => up({ feedback_enabled: e.target.checked })} /> {t('editor.feedback')}
        </label>
        <div className="grid-3">
          {(['registration_opens_at', 'submission_opens_at', 'submission_deadline'] as const).map((k) => (
            <Field key={k} label={t(`editor.${k}`)} error={err(k)} hint={d.timezone} required>
              {(p) => <input {...p} data-k={k} type="datetime-local" value={d[k]} onChange={(e) => up({ [k]: e.target.value } as Partial<Draft>)} />}
            </Field>
          ))}
        </div>
      </section>

      <section className="card">
        <h2>{t('editor.tracks')}</h2>
        {err('tracks') && <p className="field-error">{err('tracks')}</p>}
        {d.tracks.length === 0 && <p className="muted small">{t('editor.noTracks')}</p>}
        {d.tracks.map((x, i) => {
          const set = (p: Partial<Draft['tracks'][number]>) => up({ tracks: d.tracks.map((y, j) => (j === i ? { ...y, ...p } : y)) });
          return (
            <div className="row-editor" key={i}>
              {labelField(`tracks[${i}].title`, t('editor.trackTitle'), x.title, (v) =>
                set({ title: v, ...(x.auto ? { slug: slugFromTitle(v, others(d.tracks, i, (r) => r.slug), 'track', i + 1) } : {}) }),
              )}
              {keyField(`tracks[${i}].slug`, x.slug, (v) => set({ slug: v, auto: false }))}
              <button type="button" className="btn btn-ghost btn-small" onClick={() => up({ tracks: d.tracks.filter((_, j) => j !== i) })} aria-label={t('editor.removeTrack', { n: i + 1 })}>
                {t('common.remove')}
              </button>
            </div>
          );
        })}
        <button type="button" className="btn btn-secondary btn-small" onClick={() => up({ tracks: [...d.tracks, { slug: '', title: '', auto: true }] })}>
          {t('editor.addTrack')}
        </button>
      </section>

      <section className="card">
        <h2>{t('editor.form')}</h2>
        <p className="muted small">{t('editor.formHint')}</p>
        {err('form') && <p className="field-error">{err('form')}</p>}
        {d.form.map((f, i) => {
          const set = (p: Partial<Draft['form'][number]>) => up({ form: d.form.map((y, j) => (j === i ? { ...y, ...p } : y)) });
          return (
            <div className="row-editor row-editor-wide" key={i}>
              {labelField(`form[${i}].label`, t('editor.label'), f.label, (v) =>
                set({ label: v, ...(f.auto ? { key: keyFromLabel(v, others(d.form, i, (r) => r.key), 'field', i + 1) } : {}) }),
              )}
              <Field label={t('editor.type')} error={err(`form[${i}].type`)}>
                {(p) => (
                  <select {...p} value={f.type} onChange={(e) => set({ type: e.target.value as FormField['type'] })}>
                    {(['text', 'textarea', 'url', 'select'] as const).map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`editor.types.${ty}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <label className="check">
                <input type="checkbox" checked={f.required} onChange={(e) => set({ required: e.target.checked })} /> {t('editor.required')}
              </label>
              {f.type === 'select' && (
                <Field label={t('editor.options')} hint={t('editor.optionsHint')} error={err(`form[${i}].options`)} required>
                  {(p) => <textarea {...p} data-k={`form[${i}].options`} rows={3} value={f.optionsText ?? ''} onChange={(e) => set({ optionsText: e.target.value })} />}
                </Field>
              )}
              {keyField(`form[${i}].key`, f.key, (v) => set({ key: v, auto: false }))}
              <div className="row-buttons">
                <button type="button" className="btn btn-ghost btn-small" disabled={i === 0} onClick={() => up({ form: move(d.form, i, -1) })} aria-label={t('editor.moveUp', { name: f.label || i + 1 })}>
                  ↑
                </button>
                <button type="button" className="btn btn-ghost btn-small" disabled={i === d.form.length - 1} onClick={() => up({ form: move(d.form, i, 1) })} aria-label={t('editor.moveDown', { name: f.label || i + 1 })}>
                  ↓
                </button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => up({ form: d.form.filter((_, j) => j !== i) })}>
                  {t('common.remove')}
                </button>
              </div>
            </div>
          );
        })}
        <button type="button" className="btn btn-secondary btn-small" onClick={() => up({ form: [...d.form, { key: '', label: '', type: 'text', required: false, optionsText: '', auto: true }] })}>
          {t('editor.addField')}
        </button>
      </section>

      <section className="card">
        <h2>{t('editor.files')}</h2>
        {err('files') && <p className="field-error">{err('files')}</p>}
        {d.files.map((f, i) => {
          const set = (p: Partial<Draft['files'][number]>) => up({ files: d.files.map((y, j) => (j === i ? { ...y, ...p } : y)) });
          return (
            <div className="row-editor row-editor-wide" key={i}>
              {labelField(`files[${i}].label`, t('editor.label'), f.label, (v) =>
                set({ label: v, ...(f.auto ? { key: keyFromLabel(v, others(d.files, i, (r) => r.key), 'file', i + 1) } : {}) }),
              )}
              <Field label={t('editor.maxMiB')} error={err(`files[${i}].max_bytes`)} required>
                {(p) => <input {...p} data-k={`files[${i}].max_bytes`} type="number" min={0} step="any" value={f.maxMiB ?? ''} onChange={(e) => set({ maxMiB: Number(e.target.value) })} />}
              </Field>
              <Field label={t('editor.fileTypes')} hint={t('editor.fileTypesHint')} error={err(`files[${i}].types`)}>
                {(p) => <input {...p} data-k={`files[${i}].types`} className="mono" value={f.typesText ?? ''} onChange={(e) => set({ typesText: e.target.value })} placeholder=".pdf, .mp4" />}
              </Field>
              <Field label={t('editor.maxPages')} hint={t('editor.maxPagesHint')} error={err(`files[${i}].max_pages`)}>
                {(p) => (
                  <input
                    {...p}
                    data-k={`files[${i}].max_pages`}
                    type="number"
                    min={0}
                    step={1}
                    value={f.max_pages || ''}
                    onChange={(e) => set({ max_pages: e.target.value === '' ? 0 : Number(e.target.value) })}
                  />
                )}
              </Field>
              <Field label={t('editor.maxMinutes')} hint={t('editor.maxMinutesHint')} error={err(`files[${i}].max_duration_seconds`)}>
                {(p) => (
                  <input
                    {...p}
                    data-k={`files[${i}].max_duration_seconds`}
                    type="number"
                    min={0}
                    step="any"
                    value={f.maxMinutes ?? ''}
                    onChange={(e) => set({ maxMinutes: e.target.value === '' ? '' : Number(e.target.value) })}
                  />
                )}
              </Field>
              <Field label={t('editor.pageSize')} hint={t('editor.pageSizeHint')} error={err(`files[${i}].page_size`)}>
                {(p) => (
                  <select {...p} data-k={`files[${i}].page_size`} value={f.page_size ?? ''} onChange={(e) => set({ page_size: e.target.value })}>
                    <option value="">{t('editor.pageSizeAny')}</option>
                    {PAGE_SIZES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <fieldset className="image-bounds">
                <legend>{t('editor.imageBounds.legend')}</legend>
                <p className="small muted">{t('editor.imageBounds.hint')}</p>
                {IMAGE_BOUNDS.map((b) => (
                  <Field key={b} label={t(`editor.imageBounds.${b}`)} error={err(`files[${i}].${b}`)}>
                    {(p) => <input {...p} data-k={`files[${i}].${b}`} type="number" min={0} step={1} value={f[b] || ''} onChange={(e) => set({ [b]: e.target.value === '' ? 0 : Number(e.target.value) })} />}
                  </Field>
                ))}
              </fieldset>
              <label className="check">
                <input type="checkbox" checked={f.required} onChange={(e) => set({ required: e.target.checked })} /> {t('editor.required')}
              </label>
              {keyField(`files[${i}].key`, f.key, (v) => set({ key: v, auto: false }))}
              <div className="row-buttons">
                <button type="button" className="btn btn-ghost btn-small" onClick={() => up({ files: d.files.filter((_, j) => j !== i) })}>
                  {t('common.remove')}
                </button>
              </div>
            </div>
          );
        })}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => up({ files: [...d.files, { key: '', label: '', required: false, max_bytes: 100 * MiB, maxMiB: 100, types: [], typesText: '.pdf', auto: true }] })}
        >
          {t('editor.addFile')}
        </button>
      </section>

      {error && !(error instanceof ApiError && Object.keys(error.problems).length) ? <ErrorBox error={error} /> : null}
      {error instanceof ApiError && Object.keys(error.problems).length > 0 && (
        <div className="state state-error" role="alert">
          <strong>{t('editor.serverErrors')}</strong>
          <ul>
            {Object.entries(serverFields).map(([k, v]) => (
              <li key={k}>{[describePath(k, d, t), v].filter(Boolean).join(': ')}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-large" disabled={saving}>
          {saving ? t('common.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}

function move<T>(arr: T[], i: number, by: number): T[] {
  const a = [...arr];
  const [x] = a.splice(i, 1);
  a.splice(i + by, 0, x);
  return a;
}
