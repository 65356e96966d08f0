import { describe, expect, it } from 'vitest';
import type { RubricItem } from '../api/model';
import type { Assignment } from './judging';
import { progressOf, scaleSteps, validateScores, weightedTotal } from './scoring';

const rubric: RubricItem[] = [
  { id: 'innovation', label: 'Innovation', weight: 3, min: 1, max: 10 },
  { id: 'impact', label: 'Impact', weight: 1, min: 0, max: 5 },
];

describe('scoring', () => {
  it('computes the weighted total of docs/architecture.md', () => {
    // 100 * (3*(8-1)/9 + 1*(5-0)/5) / 4
    expect(weightedTotal(rubric, { innovation: 8, impact: 5 })).toBeCloseTo((100 * (3 * (7 / 9) + 1)) / 4, 9);
    expect(weightedTotal(rubric, {})).toBeNull();
  });
  it('checks ranges and, when final, completeness', () => {
    expect(validateScores(rubric, { innovation: 11 }, false)).toEqual({ innovation: 'validation.scoreRange' });
    expect(validateScores(rubric, { innovation: 5 }, true)).toEqual({ impact: 'validation.scoreMissing' });
    expect(validateScores(rubric, { innovation: 5, impact: 0 }, true)).toEqual({});
  });
  it('offers buttons for short integer scales only', () => {
    expect(scaleSteps(rubric[1])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(scaleSteps({ ...rubric[0], max: 100 })).toBeNull();
    expect(scaleSteps({ ...rubric[0], min: 0.5 })).toBeNull();
  });
  it('counts progress, leaving conflicts out of the total', () => {
    const a = (status: string) => ({ id: status, status }) as unknown as Assignment;
    expect(progressOf([a('submitted'), a('draft'), a('pending'), a('conflict')])).toEqual({ done: 1, draft: 1, pending: 1, conflict: 1, total: 3 });
  });
});
