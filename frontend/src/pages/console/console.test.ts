import { describe, expect, it } from 'vitest';
import { parseMembersCsv } from './MembersTab';
import { extensionDefault } from './TeamsTab';

describe('parseMembersCsv', () => {
  it('reads people with tracks and organization, reporting bad lines', () => {
    const r = parseMembersCsv('Email,Role,Tracks,Organization\nana@x.org,judge,ai;health,ACME\nbob@y.org,organizer,,\nnot-an-email,judge,,\ncy@z.org,chef,,\nlee@x.org,track_lead,ai,\n');
    expect(r.rows).toEqual([
      { email: 'ana@x.org', role: 'judge', tracks: ['ai', 'health'], organization: 'ACME', scoped: false, prize: '' },
      { email: 'bob@y.org', role: 'organizer', tracks: [], organization: '', scoped: false, prize: '' },
      { email: 'lee@x.org', role: 'track_lead', tracks: ['ai'], organization: '', scoped: false, prize: '' },
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5]);
  });
  it('defaults the role to judge', () => {
    expect(parseMembersCsv('email\nj@x.org').rows[0].role).toBe('judge');
  });
});

describe('extensionDefault', () => {
  const c = { submission_deadline: '2026-12-01T10:00:00Z', timezone: 'Asia/Shanghai' };
  it('starts from the contest deadline, in the contest zone', () => {
    expect(extensionDefault({}, c)).toBe('2026-12-01T18:00');
    // What the list used to send for every team: the zero time.
    expect(extensionDefault({ deadline: '0001-01-01T00:00:00Z', deadline_extension: null }, c)).toBe('2026-12-01T18:00');
    expect(extensionDefault({ deadline: c.submission_deadline }, c)).toBe('2026-12-01T18:00');
  });
  it('starts from the team extension when it has one', () => {
    expect(extensionDefault({ deadline: '2026-12-02T04:30:00Z', deadline_extension: '2026-12-02T04:30:00Z' }, c)).toBe('2026-12-02T12:30');
  });
});
