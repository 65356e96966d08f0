import { describe, expect, it } from 'vitest';
import { assignmentStatus, fromEntryView, fromServerProgress, fromServerRanking, fromServerResults } from './adapters';
import type { EntryView } from './types';

describe('adapters', () => {
  it('derives the judge-facing status', () => {
    expect(assignmentStatus({ status: 'active', score_state: 'none' })).toBe('pending');
    expect(assignmentStatus({ status: 'active', score_state: 'draft' })).toBe('draft');
    expect(assignmentStatus({ status: 'active', score_state: 'final' })).toBe('submitted');
    expect(assignmentStatus({ status: 'conflict', score_state: 'none' })).toBe('conflict');
  });

  it('flattens an entry view', () => {
    const v: EntryView = {
      assignment: { id: 7, round_id: 2, entry_id: 40, judge_id: 3, status: 'active', score_state: 'draft' },
      round: { id: 2, name: 'Final', rubric: [{ id: 'x', label: 'X', weight: 1, min: 1, max: 5 }], blind: true, closes_at: '2030-01-01T00:00:00Z' },
      contest_slug: 'demo',
      track: 'ai',
      title: 'T',
      abstract: 'A',
      fields: null,
      form: null,
      files: [{ file_id: 'f1', slot: 'deck', filename: 'd.pdf', size: 3, sha256: 'ab' }],
      score: { values: { x: 4 }, comment: 'ok', final: false },
    };
    const a = fromEntryView(v);
    expect(a).toMatchObject({ id: 7, status: 'draft', round_name: 'Final', title: 'T', values: { x: 4 }, comment: 'ok', team_name: null, fields: {}, form: [] });
    expect(a.rubric).toHaveLength(1);
    expect(a.files?.[0].id).toBe('f1');
  });

  it('reads rankings: one object, per-track lists, or plain rows', () => {
    const one = { round_id: 1, method: 'mean', entries: [{ entry: '5', entry_id: 5, rank: 1, score: 80, judges: 3, spread: 2, mean: 80, disagreement: true, scores: [{ judge_id: 9, judge_email: 'j@x', total: 81, bias: 0.1 }] }] };
    const r = fromServerRanking(one);
    expect(r.ranking[0]).toMatchObject({ entry: '5', raw_mean: 80, flagged: true });
    expect(r.ranking[0].scores?.[0]).toMatchObject({ judge: '9', judge_name: 'j@x', total: 81 });
    expect(fromServerRanking([one, { ...one, entries: null }]).ranking).toHaveLength(1);
    expect(fromServerRanking({ ranking: [{ entry: 'e', rank: 1, score: 1, judges: 1, spread: 0 }] }).ranking).toHaveLength(1);
  });

  it('reads progress', () => {
    expect(fromServerProgress({ round_id: 1, assigned: 10, done: 4, pending: 6, overdue: 1, judges: [{ judge_id: 1, email: 'a@b', name: '', assigned: 5, done: 2, pending: 3 }] })).toMatchObject({
      total: 10,
      done: 4,
      judges: [{ name: 'a@b', total: 5 }],
    });
  });

  it('groups published awards by track in the contest order', () => {
    const r = fromServerResults({
      contest_slug: 'demo',
      title: 'Demo',
      tracks: [
        { slug: 'ai', title: 'AI' },
        { slug: 'bio', title: 'Bio' },
      ],
      awards: [],
      by_track: { bio: [{ award: 'First', entry_id: 2, title: 'B', position: 1 }], ai: [{ award: 'Second', entry_id: 3, title: 'C', position: 2 }, { award: 'First', entry_id: 1, title: 'A', position: 1 }] },
    });
    expect(r.tracks?.map((t) => t.title)).toEqual(['AI', 'Bio']);
    expect(r.tracks?.[0].winners.map((w) => w.title)).toEqual(['A', 'C']);
  });

  it("lists winners by the organizer's ranking of award names", () => {
    const r = fromServerResults({
      contest_slug: 'demo',
      title: 'Demo',
      tracks: [{ slug: 'ai', title: 'AI' }],
      awards_order: ['First prize', 'Special mention'],
      by_track: {
        ai: [
          { award: 'Special mention', entry_id: 3, title: 'M', position: 0, award_rank: 2 },
          { award: 'First prize', entry_id: 7, title: 'F', position: 5, award_rank: 1 },
        ],
      },
    });
    expect(r.tracks?.[0].winners.map((w) => w.award)).toEqual(['First prize', 'Special mention']);
    expect(r.awards_order).toEqual(['First prize', 'Special mention']);
  });
});
