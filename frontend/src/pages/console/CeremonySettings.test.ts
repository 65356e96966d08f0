import { describe, expect, it } from 'vitest';
import { moved } from './CeremonySettings';

describe('moved', () => {
  it('swaps an item with its neighbour, within the list, on a copy', () => {
    const list = ['a', 'b', 'c'];
    expect(moved(list, 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(list, 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(list, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(list, 2, 1)).toEqual(['a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});
