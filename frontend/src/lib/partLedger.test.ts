import { beforeEach, describe, expect, it } from 'vitest';
import { forgetParts, rememberPart, trustedParts } from './partLedger';

describe('partLedger', () => {
  beforeEach(() => localStorage.clear());

  it('trusts the whole list for an upload this browser never saw', () => {
    const listed = [{ number: 1, etag: '"a"' }, { number: 2, etag: '"b"' }];
    expect(trustedParts('f1', listed)).toEqual(listed);
  });

  it('keeps only listed parts stored whole with the ETag this browser received', () => {
    rememberPart('f1', { number: 1, etag: '"aaa"' });
    rememberPart('f1', { number: 3, etag: 'ccc' });
    const listed = [
      { number: 1, etag: 'aaa' }, // same ETag, quotes aside: kept
      { number: 2, etag: '"bbb"' }, // cut off before its answer: sent again
      { number: 3, etag: '"zzz"' }, // listed with another ETag: sent again
    ];
    expect(trustedParts('f1', listed)).toEqual([{ number: 1, etag: 'aaa' }]);
    expect(trustedParts('f2', listed)).toEqual(listed); // another upload
  });

  it('forgets a completed upload', () => {
    rememberPart('f1', { number: 1, etag: 'x' });
    forgetParts('f1');
    const listed = [{ number: 2, etag: 'y' }];
    expect(trustedParts('f1', listed)).toEqual(listed);
  });
});
