// Client-side checks of a submission against the contest's form definition.
// The server validates too and has the last word; these give instant feedback
// with the same field names, so server and client messages land in one place.

import type { FileSlot, FormField } from '../api/model';

/** An error per field key; the value is an i18n key plus its parameters. */
export type FieldErrors = Record<string, { key: string; params?: Record<string, unknown> } | string>;

/** True for an http(s) URL with a host. */
export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

/**
 * Checks form answers. Keys of the result are the form field keys, or
 * "title" / "abstract" for the fixed fields.
 */
export function validateSubmission(form: FormField[], v: { title: string; abstract: string; fields: Record<string, string> }, final: boolean): FieldErrors {
  const errs: FieldErrors = {};
  if (final && !v.title.trim()) errs.title = { key: 'validation.required' };
  for (const f of form) {
    const val = (v.fields[f.key] ?? '').trim();
    if (!val) {
      if (f.required && final) errs[f.key] = { key: 'validation.required' };
      continue;
    }
    if (f.type === 'url' && !isHttpUrl(val)) errs[f.key] = { key: 'validation.url' };
    if (f.type === 'select' && f.options?.length && !f.options.includes(val)) errs[f.key] = { key: 'validation.option' };
  }
  return errs;
}

/** Lowercase extension with the dot ("report.PDF" → ".pdf"), or "". */
export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

/** Checks a chosen file against its slot; returns an i18n error or null. */
export function checkFile(slot: FileSlot, file: { name: string; size: number }): { key: string; params?: Record<string, unknown> } | null {
  const types = (slot.types ?? []).map((t) => t.toLowerCase());
  if (types.length && !types.includes(extensionOf(file.name))) return { key: 'validation.fileType', params: { types: types.join(', ') } };
  if (slot.max_bytes > 0 && file.size > slot.max_bytes) return { key: 'validation.fileSize', params: { max: slot.max_bytes } };
  return null;
}

/**
 * The server's message for a form field, whatever the naming the server uses:
 * "summary", "fields.summary" or "fields[summary]".
 */
export function serverFieldError(fields: Record<string, string> | undefined, key: string): string | undefined {
  if (!fields) return undefined;
  return fields[key] ?? fields[`fields.${key}`] ?? fields[`fields[${key}]`];
}

/** Server messages we know, mapped to translations (others are shown as sent). */
const SERVER_MESSAGES: Record<string, string> = {
  'is required': 'validation.required',
  'a file is required': 'validation.fileRequired',
  'must be an http or https URL': 'validation.url',
  'must be one of the listed options': 'validation.option',
  'must be a single line': 'validation.singleLine',
};

/** Translates a server field message when it is one we know. */
export function localizeServerMessage(msg: string | undefined, t: (k: string) => string): string | undefined {
  if (!msg) return msg;
  const k = SERVER_MESSAGES[msg];
  return k ? t(k) : msg;
}
