// Identifiers derived from what people type: form field and file slot keys,
// rubric criterion ids and track slugs. Nobody has to invent one; each is
// made from its label in the form the server accepts (the rules published in
// its OpenAPI document, rules.gen.ts), unique in its list, and stays editable.

import { rules } from '../api/rules.gen';

/** Latin letters without accents, lowercase; anything else becomes a separator. */
function words(label: string): string[] {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Joins words with sep, within max characters, cutting at a word boundary when it can. */
function joinWithin(ws: string[], sep: string, max: number): string {
  let out = '';
  for (const w of ws) {
    const next = out ? out + sep + w : w;
    if (next.length > max) return out || w.slice(0, max);
    out = next;
  }
  return out;
}

/** Makes v unique among taken by a numeric suffix, staying within max characters. */
function unique(v: string, taken: Iterable<string>, sep: string, max: number): string {
  const used = new Set(taken);
  if (!used.has(v)) return v;
  for (let n = 2; ; n++) {
    const suffix = `${sep}${n}`;
    const c = v.slice(0, max - suffix.length).replace(/[-_]+$/, '') + suffix;
    if (!used.has(c)) return c;
  }
}

/**
 * A key (rule "key": a letter, then lowercase letters, digits or _) from a
 * label: "Demo video" → "demo_video", "What problem do you solve?" →
 * "what_problem_do_you_solve". A label with no Latin letters (项目简介)
 * gives `${fallback}_${n}`, n its 1-based position. Unique among taken.
 */
export function keyFromLabel(label: string, taken: Iterable<string>, fallback: string, n: number): string {
  const max = rules.key.maxLength;
  let k = joinWithin(words(label), '_', max);
  if (k && !/^[a-z]/.test(k)) k = joinWithin([fallback, k], '_', max);
  if (!k) k = `${fallback}_${n}`;
  return unique(k, taken, '_', max);
}

/** A slug (rule "slug": lowercase letters, digits and dashes) from a title, like keyFromLabel. */
export function slugFromTitle(title: string, taken: Iterable<string>, fallback: string, n: number): string {
  const max = rules.slug.maxLength;
  let s = joinWithin(words(title), '-', max);
  if (s.length < rules.slug.minLength) s = s ? `${fallback}-${s}` : `${fallback}-${n}`;
  return unique(s, taken, '-', max);
}

/** True when v is a valid key. */
export function isKey(v: string): boolean {
  return rules.key.pattern.test(v);
}

/** True when v is a valid slug. */
export function isSlug(v: string): boolean {
  return rules.slug.pattern.test(v);
}

/**
 * The field a server error path belongs to in an editor: a list item's
 * sub-value ("files[0].types[1]", "form[2].options[0]") belongs to its list
 * field ("files[0].types"); paths with no field of their own stay as sent.
 */
export function fieldOfPath(path: string): string {
  return path.replace(/^(.*\])(\.[a-z_]+)\[\d+\]$/, '$1$2');
}
