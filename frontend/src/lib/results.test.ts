import { describe, expect, it } from 'vitest';
import type { Results } from '../api/model';
import { fromServerResults } from './results';

describe('results view', () => {
  it('groups published awards by track in the contest order', () => {
    const award = (a: string, id: number, title: string, position: number) => ({ award: a, entry_id: id, title, position, team_name: '', track: '', award_rank: 0 });
    const s: Results = {
      contest_slug: 'demo',
      title: 'Demo',
      published_at: null,
      awards_order: null,
      tracks: [
        { id: 1, slug: 'ai', title: 'AI' },
        { id: 2, slug: 'bio', title: 'Bio' },
      ],
      awards: [],
      by_track: { bio: [award('First', 2, 'B', 1)], ai: [award('Second', 3, 'C', 2), award('First', 1, 'A', 1)] },
    };
    const r = fromServerResults(s);
    expect(r.tracks.map((t) => t.title)).toEqual(['AI', 'Bio']);
    expect(r.tracks[0].winners.map((w) => w.title)).toEqual(['A', 'C']);
  });

  it("lists winners by the organizer's ranking of award names", () => {
    const r = fromServerResults({
      contest_slug: 'demo',
      title: 'Demo',
      published_at: null,
      awards: [],
      tracks: [{ id: 1, slug: 'ai', title: 'AI' }],
      awards_order: ['First prize', 'Special mention'],
      by_track: {
        ai: [
          { award: 'Special mention', entry_id: 3, title: 'M', position: 0, award_rank: 2, team_name: '', track: 'ai' },
          { award: 'First prize', entry_id: 7, title: 'F', position: 5, award_rank: 1, team_name: '', track: 'ai' },
        ],
      },
    });
    expect(r.tracks?.[0].winners.map((w) => w.award)).toEqual(['First prize', 'Special mention']);
    expect(r.awards_order).toEqual(['First prize', 'Special mention']);
  });
});
