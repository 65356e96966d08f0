import { describe, expect, it } from 'vitest';
import type { EntryView, RankedEntry, Ranking } from '../api/model';
import { assignmentStatus, fromEntryView, fromServerAssignment, fromServerProgress, fromServerRanking } from './judging';

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
    expect(a.files?.[0].id).toBe('f1');
    // The entry view has no reading time: merged over the list's line, it keeps the list's.
    const line = fromServerAssignment({ ...v.assignment, expected_minutes: 45 });
    expect(line.expected_minutes).toBe(45);
    expect({ ...line, ...a }.expected_minutes).toBe(45);
  });

  it('reads a ranking, with null lists as empty', () => {
    const entry: RankedEntry = {
      entry: '5', entry_id: 5, team_id: 1, team_name: 'Team', track: 'ai', title: 'E', advanced: false, rank: 1, score: 80, judges: 3, spread: 2, mean: 80,
      track_rank: 1, complete: true, planned: 3,
      median: 80, uncertainty: 1, disagreement: true, scores: [{ judge_id: 9, judge_email: 'j@x', total: 81, bias: 0.1, values: null, comment: '' }],
      explanation: { statements: [{ code: 'rank', params: { rank: 1, of: 1 } }], text: 'Rank 1 of 1' },
    };
    const one: Ranking = { round_id: 1, method: 'mean', entries: [entry], unscored: null, judges: null, disagreement_threshold: 20, total: 1, total_unscored: 0 };
    const r = fromServerRanking(one);
    expect(r.ranking[0]).toMatchObject({ entry: '5', raw_mean: 80, flagged: true, explanation: entry.explanation });
    expect(r.ranking[0].scores[0]).toMatchObject({ judge: '9', judge_name: 'j@x', total: 81, values: {} });
    expect(fromServerRanking({ ...one, entries: null }).ranking).toEqual([]);
    expect(r.unscored).toEqual([]);
  });

  it('reads progress', () => {
    expect(
      fromServerProgress({ round_id: 1, closes_at: T, assigned: 10, done: 4, pending: 6, overdue: 1, judges: [{ judge_id: 1, email: 'a@b', name: '', assigned: 5, done: 2, drafts: 0, pending: 3, overdue: 0 }] }),
    ).toMatchObject({ total: 10, done: 4, judges: [{ name: 'a@b', total: 5 }] });
  });
});
