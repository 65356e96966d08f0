import { describe, expect, it } from 'vitest';
import { parseMembersCsv } from './Console';

describe('parseMembersCsv', () => {
  it('reads people with tracks and organization, reporting bad lines', () => {
    const r = parseMembersCsv('Email,Role,Tracks,Organization\nana@x.org,judge,ai;health,ACME\nbob@y.org,organizer,,\nnot-an-email,judge,,\ncy@z.org,chef,,\n');
    expect(r.rows).toEqual([
      { email: 'ana@x.org', role: 'judge', tracks: ['ai', 'health'], organization: 'ACME' },
      { email: 'bob@y.org', role: 'organizer', tracks: [], organization: '' },
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5]);
  });
  it('defaults the role to judge', () => {
    expect(parseMembersCsv('email\nj@x.org').rows[0].role).toBe('judge');
  });
});
