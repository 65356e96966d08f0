import { describe, expect, it } from 'vitest';
import { warningCount, warningKey } from './checks';

describe('warningKey', () => {
  it('words known findings with their figures', () => {
    expect(warningKey({ code: 'max_pages', message: 'x', limit: 10, actual: 12 })).toMatchObject({ key: 'checks.max_pages', params: { limit: 10, actual: 12 } });
    expect(warningKey({ code: 'identity', message: 'x', field: 'first_page' }).params.field).toBe('first_page');
    expect(warningKey({ code: 'duplicate', message: 'x', other_team_id: 7 }).params.team).toBe(7);
    expect(warningKey({ code: 'duplicate', message: 'x', other_team_id: 7, other_team_name: 'Owls' }).params.team).toBe('Owls');
  });
  it("falls back to the server's message for a new code, and to metadata for a new field", () => {
    expect(warningKey({ code: 'font_missing', message: 'uses a missing font' })).toMatchObject({ key: 'checks.other', fallback: 'uses a missing font' });
    expect(warningKey({ code: 'identity', message: 'x', field: 'xmp' }).params.field).toBe('metadata');
  });
  it('words durations as a clock and tags as tags', () => {
    expect(warningKey({ code: 'max_duration', message: 'x', limit: 180, actual: 3725 }).params).toMatchObject({ limit: '3:00', actual: '1:02:05' });
    expect(warningKey({ code: 'identity', message: 'x', field: 'tag artist' }).params.field).toBe('tags');
  });
  it('counts findings', () => {
    expect(warningCount({ a: { file_id: 'a', warnings: [{ code: 'no_text', message: '' }], checked_at: '' }, b: { file_id: 'b', warnings: [], checked_at: '' } })).toBe(1);
    expect(warningCount(undefined)).toBe(0);
  });
});
