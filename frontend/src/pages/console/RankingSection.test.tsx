import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testContest } from '../../testing';
import { RankingSection } from './RankingSection';

// A round of 150 ranked entries in energy and 3 in mobility, served a page at a time as the server does.
const totals: Record<string, number> = { energy: 150, mobility: 3 };

function entry(track: string, rank: number) {
  const id = (track === 'energy' ? 1000 : 2000) + rank;
  return {
    entry: String(id), entry_id: id, team_name: `${track} team ${rank}`, title: `${track} entry ${rank}`, track, rank, track_rank: rank,
    score: 100 - rank / 10, mean: 80, uncertainty: 0.5, judges: 3, spread: rank === 2 ? 9 : 1, disagreement: rank === 2, complete: true, planned: 3,
    explanation: { statements: [{ code: 'rank', params: { rank, of: totals[track] } }], text: '' },
    scores: [{ judge_id: 5, judge_email: 'judge@example.org', total: 81, values: {}, bias: 0.1, scale: 1 }],
  };
}

function serve() {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    const track = url.searchParams.get('track') ?? '';
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1e9);
    const total = totals[track] ?? 0;
    const ranks = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i + 1);
    const data = { round_id: 4, track, method: 'mean', entries: ranks.map((r) => entry(track, r)), unscored: [], judges: [], disagreement_threshold: 5, total, total_unscored: 0 };
    return new Response(JSON.stringify({ data }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

/** The ranking requests made so far, as [path, track, offset, limit]. */
function rankingCalls(fetch: ReturnType<typeof serve>) {
  return fetch.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname.endsWith('/rounds/4/ranking'))
    .map((u) => [u.searchParams.get('track'), u.searchParams.get('offset'), u.searchParams.get('limit')]);
}

function renderSection() {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
      <MemoryRouter>
        <RankingSection c={testContest} roundId="4" />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('RankingSection', () => {
  it('asks the server for the first page of each track, never the whole ranking, and shows the totals', async () => {
    const fetch = serve();
    renderSection();
    const tables = await screen.findAllByRole('table');
    await waitFor(() => expect(within(tables[0]).getAllByRole('row')).toHaveLength(51));
    expect(within(tables[1]).getAllByRole('row')).toHaveLength(4);
    expect(rankingCalls(fetch).sort()).toEqual([
      ['energy', '0', '50'],
      ['mobility', '0', '50'],
    ]);
    expect(screen.getByRole('heading', { name: /Energy/ })).toHaveTextContent('150');
    expect(screen.getByRole('heading', { name: /Mobility/ })).toHaveTextContent('3');
    expect(screen.getByRole('button', { name: /50 of 150/ })).toBeInTheDocument();
    // Mobility is whole on its first page: nothing more to show.
    expect(screen.getAllByRole('button', { name: /of .* shown/ })).toHaveLength(1);
  }, 20_000);

  it('shows more of one track by asking for its next page, keeping the rows already shown in rank order', async () => {
    const fetch = serve();
    renderSection();
    fireEvent.click(await screen.findByRole('button', { name: /50 of 150/ }));
    await waitFor(() => expect(within(screen.getAllByRole('table')[0]).getAllByRole('row')).toHaveLength(101));
    expect(rankingCalls(fetch)).toContainEqual(['energy', '50', '50']);
    fireEvent.click(await screen.findByRole('button', { name: /100 of 150/ }));
    await waitFor(() => expect(within(screen.getAllByRole('table')[0]).getAllByRole('row')).toHaveLength(151));
    expect(rankingCalls(fetch)).toContainEqual(['energy', '100', '50']);
    expect(screen.queryByRole('button', { name: /of 150/ })).not.toBeInTheDocument();
    const rows = within(screen.getAllByRole('table')[0]).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('energy entry 1');
    expect(rows[101]).toHaveTextContent('energy entry 101');
    expect(rows[150]).toHaveTextContent('energy entry 150');
    // Mobility was asked for once only.
    expect(rankingCalls(fetch).filter(([track]) => track === 'mobility')).toHaveLength(1);
  }, 20_000);

  it('asks for the decision confidence of the rows shown only, page by page, and the round figures with one entry', async () => {
    const fetch = serve();
    renderSection();
    await screen.findByRole('row', { name: /mobility entry 3/ });
    fireEvent.click(screen.getByRole('checkbox', { name: /Show decision confidence/ }));
    const asked = () =>
      fetch.mock.calls.map(([input]) => new URL(String(input), 'http://localhost').searchParams).filter((q) => q.get('confidence') === '1');
    await waitFor(() => expect(asked()).toHaveLength(3));
    expect(asked().map((q) => q.get('limit') ?? q.get('entries')!.split(',').length).sort()).toEqual(['1', 50, 3].sort());
    expect(asked().find((q) => q.get('entries')?.startsWith('2001'))?.get('entries')).toBe('2001,2002,2003');
  }, 20_000);

  it('keeps the explanation and the extra-judge action of a row on a page', async () => {
    serve();
    renderSection();
    const row = await screen.findByRole('row', { name: /energy entry 2\s*Disagreement/ });
    expect(row).toHaveTextContent('Disagreement');
    fireEvent.click(within(row).getByRole('button', { name: /why/i }));
    expect(await screen.findByText('judge@example.org')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /one more judge/i })).toBeInTheDocument();
   }, 20_000);

  it('shows a track as soon as its page arrives, while another track is still loading', async () => {
    const answer = serve().getMockImplementation()!;
    const fetch = vi.fn((input: RequestInfo | URL) =>
      new URL(String(input), 'http://localhost').searchParams.get('track') === 'energy' ? new Promise<Response>(() => {}) : answer(input),
    );
    vi.stubGlobal('fetch', fetch);
    renderSection();
    expect(await screen.findByRole('row', { name: /mobility entry 1/ })).toBeInTheDocument();
    expect(screen.getAllByRole('table')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: /Energy/ })).toBeInTheDocument();
  });

  it('shows that nothing is ranked when every track is empty', async () => {
    totals.energy = 0;
    totals.mobility = 0;
    try {
      serve();
      renderSection();
      expect(await screen.findByText('No scores yet.')).toBeInTheDocument();
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
    } finally {
      totals.energy = 150;
      totals.mobility = 3;
    }
  });
});
