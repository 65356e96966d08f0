import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import type { RankedEntry, Ranking } from '../../api/model';
import { renderAt, testContest, testUser } from '../../testing';
import { AWARDS_PAGE, ResultsTab } from './ResultsTab';

// Round 1 is scored (150 entries in energy, 3 in mobility); round 2, the latest, has no scores yet.
const totals: Record<string, number> = { energy: 150, mobility: 3 };

function row(track: string, rank: number): RankedEntry {
  const id = (track === 'mobility' ? 2000 : 1000) + rank;
  return {
    entry: String(id), entry_id: id, team_name: `${track} team ${rank}`, title: `${track} entry ${rank}`, track, rank, track_rank: rank, score: 1,
    mean: 1, median: 1, uncertainty: 0, judges: 2, spread: 0, disagreement: false, team_id: id, advanced: false, complete: true, planned: 2, explanation: { statements: [], text: '' }, scores: [],
  };
}

function page(round: string, track: string, offset: number, limit: number): Ranking {
  const total = round === '1' ? (track ? totals[track] : totals.energy + totals.mobility) : 0;
  const n = Math.max(0, Math.min(limit, total - offset));
  const entries = Array.from({ length: n }, (_, i) => row(track || 'energy', offset + i + 1));
  return { round_id: Number(round), method: 'mean', entries, unscored: [], judges: [], disagreement_threshold: 20, total, total_unscored: 0 };
}

afterEach(() => vi.restoreAllMocks());

describe('the awards tab', () => {
  it('reads one entry per round and a page per track, never a whole ranking, and keeps saved awards further down', async () => {
    vi.spyOn(api, 'listRounds').mockResolvedValue([{ id: 1, name: 'Preliminary' }, { id: 2, name: 'Final' }] as never);
    vi.spyOn(api, 'getResults').mockResolvedValue({
      contest: { slug: 'green', title: '', tracks: [] }, title: '', awards_order: ['First', 'Mention'],
      tracks: [{ slug: 'energy', title: 'Energy', winners: [{ entry_id: 1140, award: 'Mention', award_rank: 2, position: 1, rank: 1, title: 'energy entry 140', team_name: 'energy team 140', track: 'energy' }] }],
    });
    const ranking = vi.spyOn(api, 'rankingPage').mockImplementation(async (id, track, offset, limit) => page(String(id), track, offset, limit));
    const publish = vi.spyOn(api, 'publishResults').mockResolvedValue({} as never);
    renderAt('/organize/green/results', <Route path="organize/:slug/results" element={<ResultsTab c={testContest} sub="" />} />, testUser({ id: 9, is_admin: true }));

    expect(await screen.findByLabelText('Award for energy entry 1', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /Ranking of round/ })).toHaveValue('1');
    expect(screen.getAllByLabelText(/^Award for/)).toHaveLength(AWARDS_PAGE + 3);
    expect(screen.queryByLabelText('Award for energy entry 21')).not.toBeInTheDocument();
    expect(ranking.mock.calls.map(([id, track, offset, limit]) => `${id}:${track}:${offset}:${limit}`).sort()).toEqual(
      ['1::0:1', '2::0:1', `1:energy:0:${AWARDS_PAGE}`, `1:mobility:0:${AWARDS_PAGE}`].sort(),
    );

    fireEvent.change(screen.getByLabelText('Award for energy entry 1'), { target: { value: 'First' } });
    fireEvent.click(screen.getByLabelText('Publish now'));
    fireEvent.click(screen.getByRole('button', { name: 'Save awards' }));
    await waitFor(() => expect(publish).toHaveBeenCalled());
    expect(publish.mock.calls[0][1]).toEqual({
      awards: [
        { entry_id: 1001, award: 'First' },
        { entry_id: 1140, award: 'Mention' },
      ],
      awards_order: ['First', 'Mention'],
      publish: false,
    });

    fireEvent.click(screen.getByRole('button', { name: /20 of 150/ }));
    expect(await screen.findByLabelText('Award for energy entry 40', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(ranking).toHaveBeenCalledWith('1', 'energy', AWARDS_PAGE, AWARDS_PAGE);
  }, 30_000);
});
