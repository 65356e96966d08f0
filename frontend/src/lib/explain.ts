// A ranking line's explanation in the user's language: the server sends it
// as statements (a code and its parameters, server/domain/ranking.go), and
// each becomes one sentence of ranking.statement.<code>.

import type { Explanation } from '../api/model';
import { formatNumber } from './time';

type T = (key: string, params?: Record<string, unknown>) => string;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The sentences of an explanation, worded and with numbers formatted for lang. */
export function explanationSentences(e: Explanation | null | undefined, t: T, lang: string): string[] {
  const f = (v: unknown, digits: number) => formatNumber(num(v), lang, digits);
  return (e?.statements ?? []).map((s) => {
    const p = s.params ?? {};
    switch (s.code) {
      case 'rank':
        return t('ranking.statement.rank', {
          rank: p.rank,
          of: p.of,
          method: t(`rounds.methods.${String(p.method)}`, { defaultValue: String(p.method) }),
          score: f(p.score, 3),
          uncertainty: f(p.uncertainty, 3),
          judges: p.judges,
          mean: f(p.mean, 1),
          spread: f(p.spread, 1),
        });
      case 'incomplete':
        return t('ranking.statement.incomplete', { judges: p.judges, planned: p.planned });
      case 'disagreement':
        return t('ranking.statement.disagreement', { threshold: f(p.threshold, 1) });
      case 'judge': {
        const base = { judge: p.judge, total: f(p.total, 1) };
        if (num(p.bias) === undefined || num(p.scale) === undefined) return t('ranking.statement.judge', base);
        const bias = num(p.bias)!;
        return t('ranking.statement.judgeCalibrated', { ...base, bias: (bias >= 0 ? '+' : '') + f(bias, 1), scale: f(p.scale, 2) });
      }
      default:
        // A statement this version does not know: the server's English text says it.
        return e?.text ?? '';
    }
  });
}
