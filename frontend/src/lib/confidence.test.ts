import { describe, expect, it } from 'vitest';
import { cutSpec, decisionsByEntry, identifiabilityWarnings, percent, planPairs, probit, shiftToCross, stabilityLevel } from './confidence';

describe('decision confidence logic', () => {
  it('reads a cut from the organizer input, or leaves the default to the server', () => {
    expect(cutSpec('10')).toBe('top:10');
    expect(cutSpec('')).toBeUndefined();
    expect(cutSpec('0')).toBeUndefined();
    expect(cutSpec('2.5')).toBeUndefined();
    expect(cutSpec('-3')).toBeUndefined();
  });

  it('grades stability into badges', () => {
    expect(stabilityLevel(0.97)).toBe('stable');
    expect(stabilityLevel(0.95)).toBe('stable');
    expect(stabilityLevel(0.94)).toBe('likely');
    expect(stabilityLevel(0.8)).toBe('likely');
    expect(stabilityLevel(0.62)).toBe('uncertain');
  });

  it('never rounds an uncertain probability to a certainty', () => {
    expect(percent(0.944)).toBe(94);
    expect(percent(0.998)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(0.002)).toBe(1);
    expect(percent(0)).toBe(0);
  });

  it('computes the normal quantile and the score shift that would cross the line', () => {
    expect(probit(0.5)).toBeCloseTo(0, 9);
    expect(probit(0.8413447460685429)).toBeCloseTo(1, 6);
    expect(probit(0.022750131948179)).toBeCloseTo(-2, 6);
    expect(probit(0.999)).toBeCloseTo(3.090232, 5);
    expect(shiftToCross(0.8413447460685429, 2)).toBeCloseTo(2, 5);
    expect(shiftToCross(0.1586552539314571, 2)).toBeCloseTo(2, 5);
    expect(shiftToCross(1, 1)).toBeCloseTo(3.090232, 5); // clamped like the server
  });

  it('maps every entry of the pages to its first cut', () => {
    const m = decisionsByEntry([
      {
        entries: [
          { entry_id: 7, confidence: { sd: 1.5, expected_changes: 0.2, cuts: [{ cut: 'top:3', selected: true, p_above: 0.9, stability: 0.8 }] } },
          { entry_id: 8 },
        ],
      },
      undefined,
      { entries: [{ entry_id: 9, confidence: { sd: 1, expected_changes: 0, cuts: [{ cut: 'top:3', selected: false, p_above: 0.1, stability: 0.9 }] } }] },
      { entries: null },
    ]);
    expect(m.get('7')).toEqual({ sd: 1.5, d: { cut: 'top:3', selected: true, p_above: 0.9, stability: 0.8 } });
    expect(m.has('8')).toBe(false);
    expect(m.get('9')?.d.p_above).toBe(0.1);
    expect(decisionsByEntry([undefined]).size).toBe(0);
  });

  it('warns about disconnected scores, isolated tracks and little overlap', () => {
    expect(identifiabilityWarnings({ components: 1, largest: null, largest_share: 1, co_judges: 4 })).toEqual([]);
    const w = identifiabilityWarnings({
      components: 2,
      largest: null,
      largest_share: 0.5,
      co_judges: 1,
      tracks: [
        { track: 'ai', entries: 5, judges: 2, shared_judges: 0, linked_tracks: 0 },
        { track: 'bio', entries: 5, judges: 2, shared_judges: 1, linked_tracks: 1 },
      ],
    });
    expect(w.map((x) => x.key)).toEqual(['confidence.warnComponents', 'confidence.warnIsolatedTrack', 'confidence.warnOverlap']);
    expect(w[1].params).toEqual({ track: 'ai' });
    // A single track is not "isolated".
    expect(identifiabilityWarnings({ components: 1, largest: null, largest_share: 1, co_judges: 3, tracks: [{ track: '', entries: 3, judges: 3, shared_judges: 0, linked_tracks: 0 }] })).toEqual([]);
  });

  it('flattens a plan into the pairs to accept', () => {
    expect(planPairs(undefined)).toEqual([]);
    expect(
      planPairs({
        round_id: 1, confidence: null, budget: 3, planned: 3, unplaced: 0, expected_wrong: 1, expected_gain: 0.4,
        reviews: [
          { entry_id: 1, rank: 3, team_name: '', title: '', track: '', judges: [{ judge_id: 10, email: 'a@x', name: '' }, { judge_id: 11, email: 'b@x', name: '' }], gain: 0.3, cuts: [], why: '' },
          { entry_id: 2, rank: 4, team_name: '', title: '', track: '', judges: [{ judge_id: 12, email: 'c@x', name: '' }], gain: 0.1, cuts: [], why: '' },
          // The server sends an empty list as null.
          { entry_id: 3, rank: 5, team_name: '', title: '', track: '', judges: null, gain: 0, cuts: null, why: '' },
        ],
      }),
    ).toEqual([
      { entry_id: 1, judge_id: 10 },
      { entry_id: 1, judge_id: 11 },
      { entry_id: 2, judge_id: 12 },
    ]);
  });
});
