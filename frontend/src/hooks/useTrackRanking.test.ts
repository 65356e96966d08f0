import { describe, expect, it } from 'vitest';
import { sectionPageSize } from './useTrackRanking';

describe('sectionPageSize', () => {
  it('keeps about a hundred rows on the page at first, at least 25 a track', () => {
    expect([0, 1, 2, 3, 4, 5, 12, 40].map(sectionPageSize)).toEqual([100, 100, 50, 34, 25, 25, 25, 25]);
  });
});
