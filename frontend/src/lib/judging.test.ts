import { describe, expect, it } from 'vitest';
import type { EntryView } from '../api/model';
import { assignmentStatus, fromEntryView, fromServerAssignment } from './judging';

const T = '2030-01-01T00:00:00Z';

describe('judging view models', () => {
  it('derives the judge-facing status', () => {
    expect(assignmentStatus({ status: 'active', score_state: 'none' })).toBe('pending');
    expect(assignmentStatus({ status: 'active', score_state: 'draft' })).toBe('draft');
    expect(assignmentStatus({ status: 'active', score_state: 'final' })).toBe('submitted');
    expect(assignmentStatus({ status: 'conflict', score_state: 'none' })).toBe('conflict');
  });

  it('flattens an entry view', () => {
    const v: EntryView = {
      assignment: { id: 7, round_id: 2, entry_id: 40, judge_id: 3, status: 'active', score_state: 'draft', created_at: T },
      round: { id: 2, contest_slug: 'demo', position: 1, name: 'Final', rubric: [{ id: 'x', label: 'X', weight: 1, min: 1, max: 5 }], blind: true, closes_at: T },
      contest_slug: 'demo',
      track: 'ai',
      title: 'T',
      abstract: 'A',
      fields: null,
      form: null,
      files: [{ file_id: 'f1', slot: 'deck', filename: 'd.pdf', size: 3, sha256: 'ab' }],
      score: { assignment_id: 7, round_id: 2, entry_id: 40, judge_id: 3, values: { x: 4 }, comment: 'ok', final: false, submitted_at: null, updated_at: T, seq: 3 },
    };
    const a = fromEntryView(v);
    expect(a).toMatchObject({ id: 7, status: 'draft', round_name: 'Final', title: 'T', values: { x: 4 }, comment: 'ok', team_name: null, fields: {}, form: [], seq: 3 });
    expect(a.rubric).toHaveLength(1);
    expect(a.files?.[0].file_id).toBe('f1');
    // The entry view has no reading time: merged over the list's line, it keeps the list's.
    const line = fromServerAssignment({ ...v.assignment, expected_minutes: 45 });
    expect(line.expected_minutes).toBe(45);
    expect({ ...line, ...a }.expected_minutes).toBe(45);
  });

  it('keeps the names of the organizers\' page of assignments, and adds none where the server gave none', () => {
    const row = { id: 7, round_id: 2, entry_id: 40, judge_id: 3, status: 'active', score_state: 'none', created_at: T };
    expect(fromServerAssignment({ ...row, judge_email: 'ada@x.org', judge_name: 'Ada', team_name: 'Owls', title: 'Kiosk' })).toMatchObject({
      judge_name: 'Ada',
      judge_email: 'ada@x.org',
      team_name: 'Owls',
      title: 'Kiosk',
    });
    const bare = fromServerAssignment(row);
    expect('team_name' in bare || 'title' in bare || 'judge_name' in bare).toBe(false);
  });
});
