import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { keys } from './keys';

describe('query keys', () => {
  it('name one cache entry whether an id is a number (API) or a string (URL)', () => {
    expect(keys.submission(42)).toEqual(keys.submission('42'));
    expect(keys.team(7)).toEqual(keys.team('7'));
    expect(keys.ranking(3)).toEqual(keys.ranking('3'));
    expect(keys.assignment(5)).toEqual(keys.assignment('5'));
    expect(keys.rankingConfidence(3, 2)).toEqual(keys.rankingConfidence('3', 2));
  });

  it('let data cached under a numeric id be read and invalidated with the string id', async () => {
    const qc = new QueryClient();
    qc.setQueryData(keys.submission(42), { version: 1 });
    expect(qc.getQueryData(keys.submission('42'))).toEqual({ version: 1 });
    await qc.invalidateQueries({ queryKey: keys.submission('42') });
    expect(qc.getQueryState(keys.submission(42))?.isInvalidated).toBe(true);
  });

  it('make a resource key the prefix of its filtered and sub keys', async () => {
    const qc = new QueryClient();
    qc.setQueryData(keys.teams('green', { track: 'energy' }), []);
    qc.setQueryData(keys.rankingConfidence(9, 5), {});
    await qc.invalidateQueries({ queryKey: keys.teams('green') });
    await qc.invalidateQueries({ queryKey: keys.rankingConfidence(9) });
    expect(qc.getQueryState(keys.teams('green', { track: 'energy' }))?.isInvalidated).toBe(true);
    expect(qc.getQueryState(keys.rankingConfidence('9', 5))?.isInvalidated).toBe(true);
  });
});
