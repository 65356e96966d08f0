// Rubric logic of the judge portal: value checks, the weighted total (the same
// definition as `podium judge rank`, docs/architecture.md) and progress counts.

import type { RubricItem } from '../api/model';
import type { Assignment } from './judging';

/** Error per criterion id for values outside the scale or (when final) missing. */
export function validateScores(rubric: RubricItem[], values: Record<string, number | undefined>, final: boolean): Record<string, string> {
  const errs: Record<string, string> = {};
  for (const c of rubric) {
    const v = values[c.id];
    if (v === undefined || v === null || Number.isNaN(v)) {
      if (final) errs[c.id] = 'validation.scoreMissing';
      continue;
    }
    if (v < c.min || v > c.max) errs[c.id] = 'validation.scoreRange';
  }
  return errs;
}

/** total = 100 · Σ w·(v−min)/(max−min) / Σ w over the criteria scored so far; null if none. */
export function weightedTotal(rubric: RubricItem[], values: Record<string, number | undefined>): number | null {
  let num = 0;
  let den = 0;
  for (const c of rubric) {
    const v = values[c.id];
    if (v === undefined || Number.isNaN(v) || c.max === c.min) continue;
    num += c.weight * ((v - c.min) / (c.max - c.min));
    den += c.weight;
  }
  return den > 0 ? (100 * num) / den : null;
}

/** The values a criterion offers as buttons (integers), or null when the scale is too long. */
export function scaleSteps(c: RubricItem, maxButtons = 11): number[] | null {
  if (!Number.isInteger(c.min) || !Number.isInteger(c.max) || c.max < c.min) return null;
  const n = c.max - c.min + 1;
  if (n > maxButtons) return null;
  return Array.from({ length: n }, (_, i) => c.min + i);
}

/** Counts of a judge's assignments by state. */
export function progressOf(list: Assignment[]): { done: number; draft: number; pending: number; conflict: number; total: number } {
  const r = { done: 0, draft: 0, pending: 0, conflict: 0, total: 0 };
  for (const a of list) {
    if (a.status === 'conflict') {
      r.conflict++;
      continue;
    }
    r.total++;
    if (a.status === 'submitted') r.done++;
    else if (a.status === 'draft') r.draft++;
    else r.pending++;
  }
  return r;
}

/** True when the assignment's score is final. */
export function isDone(a: Assignment): boolean {
  return a.status === 'submitted';
}
