import { describe, expect, it } from 'vitest';
import { entryOfPath } from './useEntryPreload';

describe('entryOfPath', () => {
  it.each([
    ['/judge/assignments/42', '42'],
    ['/judge/assignments/42/', '42'],
    ['/judge/assignments/a%2Fb', 'a/b'],
    ['/judge/assignments/', null],
    ['/judge', null],
    ['/judge/assignments/42/extra', null],
    ['/organize/demo/judge/assignments/42', null],
    ['/judge/assignments/%E0%A4%A', null],
  ])('%s → %s', (path, want) => expect(entryOfPath(path)).toBe(want));
});
