// A final-ranking line's explanation in the user's language: the server
// sends statements (server/domain/final.go: combined, round_part,
// missing_rounds, override), each worded by final.statement.<...>.

import type { Explanation } from '../api/model';
import { formatNumber } from './time';

type T = (key: string, params?: Record<string, unknown>) => string;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The sentences of a final ranking line's explanation, for the entry entryId. */
export function finalSentences(e: Explanation | null | undefined, t: T, lang: string): string[] {
  const f = (v: unknown, digits: number) => formatNumber(num(v), lang, digits);
  return (e?.statements ?? []).map((s) => {
    const p = s.params ?? {};
    switch (s.code) {
      case 'combined':
        return t('final.statement.combined', { rank: p.rank, of: p.of, score: f(p.score, 2), uncertainty: f(p.uncertainty, 2) });
      case 'round_part':
        return t('final.statement.roundPart', { round: p.round, share: f((num(p.share) ?? 0) * 100, 0), score: f(p.score, 2), rank: p.rank, points: f(p.points, 2) });
      case 'missing_rounds': {
        const rounds = Array.isArray(p.rounds) ? p.rounds.join(', ') : String(p.rounds);
        return t(p.rule === 'renormalize' ? 'final.statement.missingRenormalized' : 'final.statement.missingExcluded', { rounds });
      }
      case 'override': {
        const base = { reason: p.reason, by: p.by, position: p.position };
        if (p.kind === 'move') return t('final.statement.move', base);
        if (p.kind === 'tie') return t(p.applied === false ? 'final.statement.tieNotApplied' : 'final.statement.tie', base);
        return t('final.statement.other', base);
      }
      default:
        return e?.text ?? '';
    }
  });
}
