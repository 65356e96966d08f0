// The contest editor of the organizer console: windows in the contest's time
// zone, tracks, the form builder and the file slots. Used to create and to edit.

import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Contest, ContestInput, FileSlot, FormField, FormFieldType, Track } from '../api/types';
import { KEY_RE, slugify } from '../lib/form';
import { isoToWallTime, isValidTimeZone, userTimeZone, wallTimeToISO } from '../lib/time';
import { ErrorBox, Field } from './ui';

const MiB = 1024 * 1024;

interface Draft {
  slug: string;
  title: string;
  description: string;
  timezone: string;
  registration_opens_at: string; // wall time in timezone
  submission_opens_at: string;
  submission_deadline: string;
  max_team_size: number;
  feedback_enabled: boolean;
  tracks: Track[];
  form: (FormField & { optionsText?: string })[];
  files: (FileSlot & { maxMiB?: number; typesText?: string })[];
}

function toDraft(c?: Contest): Draft {
  const tz = c?.timezone ?? userTimeZone();
  return {
    slug: c?.slug ?? '',
    title: c?.title ?? '',
    description: c?.description ?? '',
    timezone: tz,
    registration_opens_at: isoToWallTime(c?.registration_opens_at, tz),
    submission_opens_at: isoToWallTime(c?.submission_opens_at, tz),
    submission_deadline: isoToWallTime(c?.submission_deadline, tz),
    max_team_size: c?.max_team_size ?? 5,
    feedback_enabled: c?.feedback_enabled ?? false,
    tracks: c?.tracks?.map((x) => ({ ...x })) ?? [],
    form: c?.form?.map((f) => ({ ...f, optionsText: (f.options ?? []).join('\n') })) ?? [],
    files: c?.files?.map((f) => ({ ...f, maxMiB: Math.round((f.max_bytes / MiB) * 100) / 100, typesText: (f.types ?? []).join(', ') })) ?? [],
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
      types: (f.typesText ?? '')
        .split(/[,\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
        .map((s) => (s.startsWith('.') ? s : `.${s}`)),
    })),
  };
}

/** Client-side checks; keys match the API's field names (e.g. "tracks[0].slug"). */
export function checkDraft(d: Draft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!KEY_RE.test(d.slug.trim())) e.slug = 'validation.slug';
  if (!d.title.trim()) e.title = 'validation.required';
  if (!isValidTimeZone(d.timezone)) e.timezone = 'validation.timezone';
  for (const k of ['registration_opens_at', 'submission_opens_at', 'submission_deadline'] as const) if (!d[k]) e[k] = 'validation.required';
  if (d.registration_opens_at && d.submission_opens_at && d.submission_opens_at < d.registration_opens_at) e.submission_opens_at = 'validation.order';
  if (d.submission_opens_at && d.submission_deadline && d.submission_deadline <= d.submission_opens_at) e.submission_deadline = 'validation.order';
  if (!(Number(d.max_team_size) >= 1)) e.max_team_size = 'validation.positive';
  const dup = (arr: string[], i: number) => arr.indexOf(arr[i]) !== i;
  d.tracks.forEach((x, i) => {
    if (!KEY_RE.test(x.slug)) e[`tracks[${i}].slug`] = 'validation.slug';
    else if (dup(d.tracks.map((t) => t.slug), i)) e[`tracks[${i}].slug`] = 'validation.duplicate';
    if (!x.title.trim()) e[`tracks[${i}].title`] = 'validation.required';
  });
  d.form.forEach((f, i) => {
    if (!KEY_RE.test(f.key)) e[`form[${i}].key`] = 'validation.slug';
    else if (dup(d.form.map((x) => x.key), i)) e[`form[${i}].key`] = 'validation.duplicate';
    if (!f.label.trim()) e[`form[${i}].label`] = 'validation.required';
    if (f.type === 'select' && !(f.optionsText ?? '').trim()) e[`form[${i}].options`] = 'validation.options';
  });
  d.files.forEach((f, i) => {
    if (!KEY_RE.test(f.key)) e[`files[${i}].key`] = 'validation.slug';
    else if (dup(d.files.map((x) => x.key), i)) e[`files[${i}].key`] = 'validation.duplicate';
    if (!f.label.trim()) e[`files[${i}].label`] = 'validation.required';
    if (!(Number(f.maxMiB) > 0)) e[`files[${i}].max_bytes`] = 'validation.positive';
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

export function ContestEditor({ contest, onSave, saving, error, submitLabel }: { contest?: Contest; onSave: (b: ContestInput) => void; saving: boolean; error: unknown; submitLabel: string }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(() => toDraft(contest));
  const [local, setLocal] = useState<Record<string, string>>({});
  const zones = useMemo(timeZones, []);
  const server = error instanceof ApiError ? error.fields : {};
  const err = (k: string) => (local[k] ? t(local[k]) : server[k]);
  const up = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const editing = !!contest;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = checkDraft(d);
    setLocal(errs);
    const first = Object.keys(errs)[0];
    if (first) {
      document.querySelector<HTMLElement>(`[data-k="${CSS.escape(first)}"]`)?.focus();
      return;
    }
    onSave(draftToInput(d));
  };

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
                onChange={(e) => up({ title: e.target.value, ...(!editing && (!d.slug || d.slug === slugify(d.title)) ? { slug: slugify(e.target.value) } : {}) })}
              />
            )}
          </Field>
          <Field label={t('editor.slug')} error={err('slug')} hint={t('editor.slugHint')} required>
            {(p) => <input {...p} data-k="slug" value={d.slug} disabled={editing} onChange={(e) => up({ slug: e.target.value })} className="mono" />}
          </Field>
        </div>
        <Field label={t('editor.description')} error={err('description')}>
          {(p) => <textarea {...p} rows={4} value={d.description} onChange={(e) => up({ description: e.target.value })} />}
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
        {d.tracks.length === 0 && <p className="muted small">{t('editor.noTracks')}</p>}
        {d.tracks.map((x, i) => (
          <div className="row-editor" key={i}>
            <Field label={t('editor.trackTitle')} error={err(`tracks[${i}].title`)} required>
              {(p) => (
                <input
                  {...p}
                  data-k={`tracks[${i}].title`}
                  value={x.title}
                  onChange={(e) => up({ tracks: d.tracks.map((y, j) => (j === i ? { title: e.target.value, slug: !y.slug || y.slug === slugify(y.title) ? slugify(e.target.value) : y.slug } : y)) })}
                />
              )}
            </Field>
            <Field label={t('editor.key')} error={err(`tracks[${i}].slug`)} required>
              {(p) => <input {...p} data-k={`tracks[${i}].slug`} className="mono" value={x.slug} onChange={(e) => up({ tracks: d.tracks.map((y, j) => (j === i ? { ...y, slug: e.target.value } : y)) })} />}
            </Field>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => up({ tracks: d.tracks.filter((_, j) => j !== i) })} aria-label={t('editor.removeTrack', { n: i + 1 })}>
              {t('common.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-secondary btn-small" onClick={() => up({ tracks: [...d.tracks, { slug: '', title: '' }] })}>
          {t('editor.addTrack')}
        </button>
      </section>

      <section className="card">
        <h2>{t('editor.form')}</h2>
        <p className="muted small">{t('editor.formHint')}</p>
        {d.form.map((f, i) => {
          const set = (p: Partial<Draft['form'][number]>) => up({ form: d.form.map((y, j) => (j === i ? { ...y, ...p } : y)) });
          return (
            <div className="row-editor row-editor-wide" key={i}>
              <Field label={t('editor.label')} error={err(`form[${i}].label`)} required>
                {(p) => <input {...p} data-k={`form[${i}].label`} value={f.label} onChange={(e) => set({ label: e.target.value, key: !f.key || f.key === slugify(f.label) ? slugify(e.target.value) : f.key })} />}
              </Field>
              <Field label={t('editor.key')} error={err(`form[${i}].key`)} required>
                {(p) => <input {...p} data-k={`form[${i}].key`} className="mono" value={f.key} onChange={(e) => set({ key: e.target.value })} />}
              </Field>
              <Field label={t('editor.type')}>
                {(p) => (
                  <select {...p} value={f.type} onChange={(e) => set({ type: e.target.value as FormFieldType })}>
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
        <button type="button" className="btn btn-secondary btn-small" onClick={() => up({ form: [...d.form, { key: '', label: '', type: 'text', required: false, optionsText: '' }] })}>
          {t('editor.addField')}
        </button>
      </section>

      <section className="card">
        <h2>{t('editor.files')}</h2>
        {d.files.map((f, i) => {
          const set = (p: Partial<Draft['files'][number]>) => up({ files: d.files.map((y, j) => (j === i ? { ...y, ...p } : y)) });
          return (
            <div className="row-editor row-editor-wide" key={i}>
              <Field label={t('editor.label')} error={err(`files[${i}].label`)} required>
                {(p) => <input {...p} data-k={`files[${i}].label`} value={f.label} onChange={(e) => set({ label: e.target.value, key: !f.key || f.key === slugify(f.label) ? slugify(e.target.value) : f.key })} />}
              </Field>
              <Field label={t('editor.key')} error={err(`files[${i}].key`)} required>
                {(p) => <input {...p} data-k={`files[${i}].key`} className="mono" value={f.key} onChange={(e) => set({ key: e.target.value })} />}
              </Field>
              <Field label={t('editor.maxMiB')} error={err(`files[${i}].max_bytes`)} required>
                {(p) => <input {...p} data-k={`files[${i}].max_bytes`} type="number" min={0} step="any" value={f.maxMiB ?? ''} onChange={(e) => set({ maxMiB: Number(e.target.value) })} />}
              </Field>
              <Field label={t('editor.fileTypes')} hint={t('editor.fileTypesHint')} error={err(`files[${i}].types`)}>
                {(p) => <input {...p} className="mono" value={f.typesText ?? ''} onChange={(e) => set({ typesText: e.target.value })} placeholder=".pdf, .mp4" />}
              </Field>
              <label className="check">
                <input type="checkbox" checked={f.required} onChange={(e) => set({ required: e.target.checked })} /> {t('editor.required')}
              </label>
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
          onClick={() => up({ files: [...d.files, { key: '', label: '', required: false, max_bytes: 100 * MiB, maxMiB: 100, types: [], typesText: '.pdf' }] })}
        >
          {t('editor.addFile')}
        </button>
      </section>

      {error && !(error instanceof ApiError && Object.keys(error.fields).length) ? <ErrorBox error={error} /> : null}
      {error instanceof ApiError && Object.keys(error.fields).length > 0 && (
        <div className="state state-error" role="alert">
          <strong>{t('editor.serverErrors')}</strong>
          <ul>
            {Object.entries(error.fields).map(([k, v]) => (
              <li key={k}>
                <code>{k}</code>: {v}
              </li>
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
