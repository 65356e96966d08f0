import { describe, expect, it } from 'vitest';
import type { RankedEntry } from '../api/model';
import { awardRows, awardsPayload, completeOrder, defaultAwardsRound, moveName, previewWinners, rankingByTrack } from './awards';

const row = (entry_id: number, rank: number, track: string, extra: Partial<RankedEntry> = {}): RankedEntry => ({
  entry: String(entry_id), entry_id, rank, track, score: 0, judges: 2, spread: 0, title: `E${entry_id}`, team_id: entry_id, advanced: false, median: 0,
  team_name: '', mean: 0, uncertainty: 0, disagreement: false, track_rank: 0, complete: true, planned: 2, explanation: { statements: [], text: '' }, scores: [],
  ...extra,
});

describe('awards order', () => {
  it('keeps the ranking and appends names not ranked yet', () => {
    expect(completeOrder(['First', 'Second'], ['Mention', 'First', ' ', 'Mention'])).toEqual(['First', 'Second', 'Mention']);
  });
  it('moves names within bounds', () => {
    expect(moveName(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveName(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
  it('sends awards by the rank of their name, not by entry id', () => {
    // Entry 3 has the special mention, entry 7 the first prize: object keys
    // iterate in numeric order, which put the mention first before.
    const rows = [row(7, 1, 'ai'), row(3, 2, 'ai'), row(5, 3, 'ai')];
    const p = awardsPayload({ 3: 'Special mention', 7: 'First prize', 5: 'Second prize' }, ['First prize', 'Second prize', 'Third prize', 'Special mention'], rows);
    expect(p.awards).toEqual([
      { entry_id: 7, award: 'First prize' },
      { entry_id: 5, award: 'Second prize' },
      { entry_id: 3, award: 'Special mention' },
    ]);
    expect(p.awards_order).toEqual(['First prize', 'Second prize', 'Third prize', 'Special mention']);
  });
  it('ranks names not ranked yet by the best-ranked entry that got them, not by entry id', () => {
    const rows = [row(9, 1, 'ai'), row(4, 2, 'ai'), row(2, 3, 'ai')];
    const p = awardsPayload({ 2: 'Special mention', 4: 'Second prize', 9: 'First prize' }, [], rows);
    expect(p.awards_order).toEqual(['First prize', 'Second prize', 'Special mention']);
    expect(p.awards.map((a) => a.entry_id)).toEqual([9, 4, 2]);
  });
  it('previews the public page by track in that order', () => {
    const rows = [row(1, 1, 'ai'), row(2, 2, 'bio'), row(3, 3, 'ai')];
    const p = awardsPayload({ 3: 'Mention', 1: 'First', 2: 'First' }, ['First', 'Mention'], rows);
    const groups = previewWinners(p, rows, [{ id: 2, slug: 'bio', title: 'Bio' }, { id: 1, slug: 'ai', title: 'AI' }]);
    expect(groups.map((g) => [g.title, g.winners.map((w) => w.award)])).toEqual([
      ['Bio', ['First']],
      ['AI', ['First', 'Mention']],
    ]);
  });
});

describe('awardRows', () => {
  it('orders the loaded pages by rank and keeps saved awards of entries not loaded, once', () => {
    const loaded = [row(5, 3, 'bio'), row(1, 1, 'ai'), row(2, 2, 'ai')];
    const saved = [
      { entry_id: 2, title: 'E2', team_name: '', track: 'ai' },
      { entry_id: 40, title: 'Far down', team_name: 'Owls', track: 'bio' },
      { entry_id: 40, title: 'Far down', team_name: 'Owls', track: 'bio' },
    ];
    const rows = awardRows(loaded, saved);
    expect(rows.map((r) => r.entry_id)).toEqual([1, 2, 5, 40]);
    const p = awardsPayload({ 40: 'Mention', 5: 'First' }, ['First', 'Mention'], rows);
    expect(p.awards).toEqual([
      { entry_id: 5, award: 'First' },
      { entry_id: 40, award: 'Mention' },
    ]);
    expect(previewWinners(p, rows)[0].winners.map((w) => [w.title, w.team_name])).toEqual([
      ['E5', ''],
      ['Far down', 'Owls'],
    ]);
  });
});

describe('defaultAwardsRound', () => {
  it('opens on the latest round with scores', () => {
    const scored: Record<string, boolean> = { 1: true, 2: true, 3: false };
    expect(defaultAwardsRound([1, 2, 3], (id) => scored[String(id)])).toBe('2');
  });
  it('falls back to the latest round', () => {
    expect(defaultAwardsRound([1, 2], () => false)).toBe('2');
    expect(defaultAwardsRound([], () => true)).toBe('');
  });
});

describe('rankingByTrack', () => {
  it('shows the rank within the track, not the overall rank', () => {
    const rows = [row(1, 1, 'ai'), row(2, 2, 'bio'), row(3, 3, 'ai'), row(4, 4, 'bio')];
    const t = rankingByTrack(rows);
    expect(t.map((g) => [g.track, g.rows.map((r) => [r.entry_id, r.trackRank])])).toEqual([
      ['ai', [[1, 1], [3, 2]]],
      ['bio', [[2, 1], [4, 2]]],
    ]);
  });
  it("prefers the server's track rank and keeps ties", () => {
    const rows = [row(1, 1, 'ai', { track_rank: 2 }), row(2, 2, 'ai', { track_rank: 1 })];
    expect(rankingByTrack(rows)[0].rows.map((r) => r.entry_id)).toEqual([2, 1]);
    const tied = [row(1, 1, 'ai'), row(2, 1, 'ai'), row(3, 3, 'ai')];
    expect(rankingByTrack(tied)[0].rows.map((r) => r.trackRank)).toEqual([1, 1, 3]);
  });
});
