// Entry checks as the API answers them (a draft file's `check`, a receipt
// view's `checks` by file id; the generated shapes), and how a finding is worded.

import type { CheckWarning, FileCheck, MediaFacts, PDFFacts as PdfFacts } from '../api/model';

export type { CheckWarning, FileCheck, MediaFacts, PdfFacts };

const KNOWN = new Set(['max_pages', 'max_duration', 'unplayable', 'unchecked', 'identity', 'no_text', 'duplicate', 'unreadable', 'page_size', 'min_width', 'max_width', 'min_height', 'max_height', 'metadata_kept', 'sha256_mismatch']);
const FIELDS = new Set(['author', 'creator', 'producer', 'title', 'subject', 'keywords', 'first_page']);

/** The i18n key and parameters of a finding (the server's message for a code this client does not know). */
export function warningKey(w: CheckWarning): { key: string; params: Record<string, string | number>; fallback: string } {
  const seconds = w.code === 'max_duration';
  const params: Record<string, string | number> = {
    limit: seconds ? clock(w.limit ?? 0) : (w.limit ?? 0),
    actual: seconds ? clock(w.actual ?? 0) : (w.actual ?? 0),
    team: w.other_team_name || (w.other_team_id ?? ''),
    size: w.code === 'page_size' ? (w.field ?? '') : '',
    field: w.field?.startsWith('tag ') ? 'tags' : w.field && FIELDS.has(w.field) ? w.field : 'metadata',
  };
  return { key: KNOWN.has(w.code) ? `checks.${w.code}` : 'checks.other', params, fallback: w.message };
}

/** How many findings a set of checks holds. */
export function warningCount(checks: Record<string, FileCheck> | undefined | null): number {
  return Object.values(checks ?? {}).reduce((n, c) => n + (c.warnings?.length ?? 0), 0);
}

/** Seconds as m:ss (h:mm:ss from an hour). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}
