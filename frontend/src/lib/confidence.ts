// Decision confidence of a round's ranking and the plan of extra reviews:
// the server's shapes, generated (GET /rounds/{id}/ranking?confidence=1,
// POST /rounds/{id}/review-plan[/accept]) and the pure logic the console shows.

import { API_BASE, fillPath, request } from '../api/client';
import { routes } from '../api/endpoints';
import type { AcceptedReviews, CutDecision, Ranking, RankedEntry, CutSummary, EntryConfidence, Identifiability, PlannedReview, ProposedJudge, ReviewPair, ReviewPlan, RoundConfidence, TrackOverlap, Id } from '../api/model';

export type { CutDecision, CutSummary, EntryConfidence, Identifiability, PlannedReview, ProposedJudge, ReviewPair, ReviewPlan, RoundConfidence, TrackOverlap };

/** The part of a ranking with confidence (GET /rounds/{id}/ranking?confidence=1) that the console reads. */
export type RankingConfidence = Pick<Ranking, 'confidence'> & { entries: Pick<RankedEntry, 'entry_id' | 'confidence'>[] | null };

/** "top:N" for a positive whole N, else undefined (the server's default cut). */
export function cutSpec(top: string): string | undefined {
  const n = Number(top);
  return Number.isInteger(n) && n >= 1 ? `top:${n}` : undefined;
}

export const confidenceApi = {
  /** The round's figures at the cut (with the first entry only: the page needs none of the others). */
  summary: (id: Id, cut?: string) => request<RankingConfidence>('GET', fillPath(routes.ranking[1], { id }), undefined, { query: { confidence: 1, cut, limit: 1 } }),
  /** The decisions of the listed entries (the rows of one page) in the round's ranking at the cut. */
  entries: (id: Id, cut: string | undefined, ids: Id[]) =>
    request<RankingConfidence>('GET', fillPath(routes.ranking[1], { id }), undefined, { query: { confidence: 1, cut, entries: ids.join(',') } }),
  csvUrl: (id: Id, cut?: string) => {
    const q = new URLSearchParams({ confidence: '1' });
    if (cut) q.set('cut', cut);
    return `${API_BASE}${fillPath(routes.rankingCsv[1], { id })}?${q.toString()}`;
  },
  plan: (id: Id, budget: number, cut?: string) =>
    request<ReviewPlan>('POST', fillPath(routes.reviewPlan[1], { id }), { budget, cuts: cut ? [cut] : [] }),
  accept: (id: Id, reviews: ReviewPair[]) => request<AcceptedReviews>('POST', fillPath(routes.acceptReviewPlan[1], { id }), { reviews }),
};

/** The first cut's decision of every entry of the pages, by entry id. */
export function decisionsByEntry(pages: (RankingConfidence | undefined)[]): Map<string, { d: CutDecision; sd: number }> {
  const out = new Map<string, { d: CutDecision; sd: number }>();
  for (const e of pages.flatMap((r) => r?.entries ?? [])) {
    const d = e.confidence?.cuts?.[0];
    if (d && e.confidence) out.set(String(e.entry_id), { d, sd: e.confidence.sd });
  }
  return out;
}

export type StabilityLevel = 'stable' | 'likely' | 'uncertain';

/** stable ≥ 95 %, likely ≥ 80 %, otherwise uncertain. */
export function stabilityLevel(stability: number): StabilityLevel {
  if (stability >= 0.95) return 'stable';
  if (stability >= 0.8) return 'likely';
  return 'uncertain';
}

/** A probability as a whole percentage (never 100 or 0 unless exact). */
export function percent(p: number): number {
  const v = Math.round(p * 100);
  if (v === 100 && p < 1) return 99;
  if (v === 0 && p > 0) return 1;
  return v;
}

/** Φ⁻¹(p), the standard normal quantile (Acklam's approximation, error < 1.2e-9 relative). */
export function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * How far the entry's score would have to move to cross the cut:
 * |Φ⁻¹(p_above)|·sd, p clamped to [0.001, 0.999] (as the server explains it).
 */
export function shiftToCross(pAbove: number, sd: number): number {
  const p = Math.min(Math.max(pAbove, 0.001), 0.999);
  return Math.abs(probit(p)) * sd;
}

export interface Warning {
  key: 'confidence.warnComponents' | 'confidence.warnIsolatedTrack' | 'confidence.warnOverlap';
  params: Record<string, string | number>;
}

/**
 * Identifiability warnings: scores in disconnected groups of judges and
 * entries, tracks whose judges scored no other track (with several tracks),
 * and judges sharing entries with fewer than 2 other judges (median).
 */
export function identifiabilityWarnings(id: Identifiability | undefined): Warning[] {
  if (!id) return [];
  const out: Warning[] = [];
  if (id.components > 1) out.push({ key: 'confidence.warnComponents', params: { count: id.components } });
  const tracks = id.tracks ?? [];
  if (tracks.length > 1) {
    for (const t of tracks) if (t.shared_judges === 0) out.push({ key: 'confidence.warnIsolatedTrack', params: { track: t.track || '—' } });
  }
  if (id.co_judges < 2) out.push({ key: 'confidence.warnOverlap', params: { count: id.co_judges } });
  return out;
}

/** The judge-entry pairs of a plan, as the accept call takes them. */
export function planPairs(plan: ReviewPlan | undefined): ReviewPair[] {
  return (plan?.reviews ?? []).flatMap((r) => (r.judges ?? []).map((j) => ({ entry_id: r.entry_id, judge_id: j.judge_id })));
}
