// Entry checks as the API answers them (a draft file's `check`, a receipt
// view's `checks` by file id), and how a finding is worded.

/** One finding of a file's check. */
export interface CheckWarning {
  code: 'max_pages' | 'identity' | 'no_text' | 'duplicate' | 'unreadable' | string;
  message: string;
  field?: string;
  limit?: number;
  actual?: number;
  organizers_only?: boolean;
  other_team_id?: number;
  other_file_id?: string;
}

/** What the check learned from a PDF. */
export interface PdfFacts {
  pages: number;
  author?: string;
  creator?: string;
  producer?: string;
  title?: string;
  has_text: boolean;
}

/** A file's check. */
export interface FileCheck {
  file_id: string;
  facts?: PdfFacts;
  warnings: CheckWarning[];
  checked_at: string;
}

const KNOWN = new Set(['max_pages', 'identity', 'no_text', 'duplicate', 'unreadable']);
const FIELDS = new Set(['author', 'creator', 'producer', 'title', 'subject', 'keywords', 'first_page']);

/** The i18n key and parameters of a finding (the server's message for a code this client does not know). */
export function warningKey(w: CheckWarning): { key: string; params: Record<string, string | number>; fallback: string } {
  const params: Record<string, string | number> = {
    limit: w.limit ?? 0,
    actual: w.actual ?? 0,
    team: w.other_team_id ?? '',
    field: w.field && FIELDS.has(w.field) ? w.field : 'metadata',
  };
  return { key: KNOWN.has(w.code) ? `checks.${w.code}` : 'checks.other', params, fallback: w.message };
}

/** How many findings a set of checks holds. */
export function warningCount(checks: Record<string, FileCheck> | undefined | null): number {
  return Object.values(checks ?? {}).reduce((n, c) => n + (c.warnings?.length ?? 0), 0);
}
