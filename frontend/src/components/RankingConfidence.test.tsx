import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../i18n';
import { confidenceApi, type ReviewPlan } from '../lib/confidence';
import { ConfidenceCell, ConfidenceControls, ConfidenceWhy, ReviewPlanPanel, useRankingConfidence } from './RankingConfidence';

afterEach(() => vi.restoreAllMocks());

function wrap(ui: React.ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
}

const plan: ReviewPlan = {
  round_id: 1,
  confidence: null,
  budget: 2,
  planned: 2,
  unplaced: 0,
  expected_wrong: 1.8,
  expected_gain: 0.45,
  reviews: [
    { entry_id: 5, rank: 3, title: 'Solar kite', team_name: '', track: '', judges: [{ judge_id: 21, email: 'ann@jury.example', name: 'Ann' }], gain: 0.3, cuts: [{ cut: 'top:3', selected: true, p_above: 0.55, stability: 0.6 }], why: '' },
    { entry_id: 6, rank: 4, title: 'Wind sock', team_name: '', track: '', judges: [{ judge_id: 22, email: 'bob@jury.example', name: '' }], gain: 0.15, cuts: [{ cut: 'top:3', selected: false, p_above: 0.4, stability: 0.7 }], why: '' },
  ],
};

describe('the review plan panel', () => {
  it('proposes within the budget and assigns only after confirmation', async () => {
    const propose = vi.spyOn(confidenceApi, 'plan').mockResolvedValue(plan);
    const accept = vi.spyOn(confidenceApi, 'accept').mockResolvedValue({ assigned: [] });
    wrap(<ReviewPlanPanel roundId={9} cut="top:3" />);
    fireEvent.change(screen.getByLabelText('Extra reviews'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Propose' }));
    await screen.findByText('Solar kite');
    expect(propose).toHaveBeenCalledWith(9, 2, 'top:3');
    expect(screen.getByRole('row', { name: /Solar kite/ })).toHaveTextContent('At top:3: 55 % likely above, stays in 60 % of re-judgings');
    expect(screen.getByRole('row', { name: /Wind sock/ })).toHaveTextContent('bob@jury.example');
    expect(screen.getByText(/2 of 2 reviews planned/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Accept and assign…' }));
    expect(accept).not.toHaveBeenCalled();
    expect(screen.getByText('Assign 2 extra reviews? The judges are e-mailed at once.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Assign now' }));
    await waitFor(() =>
      expect(accept).toHaveBeenCalledWith(9, [
        { entry_id: 5, judge_id: 21 },
        { entry_id: 6, judge_id: 22 },
      ]),
    );
  });
});

describe('the confidence column and explanation', () => {
  it('shows the probability, the stability badge and what would change the decision', () => {
    const info = { sd: 2, d: { cut: 'top:3', selected: true, p_above: 0.8413447460685429, stability: 0.94 } };
    render(
      <table>
        <tbody>
          <tr>
            <ConfidenceCell info={info} />
          </tr>
        </tbody>
      </table>,
    );
    expect(screen.getByRole('cell')).toHaveTextContent('84 %likely 94 %');
    const why = render(<ConfidenceWhy info={info} />);
    expect(why.container).toHaveTextContent('Would stay above the line in 94 % of re-judgings. Its score would have to fall by about 2 to drop below the line.');
  });
});

function Controls() {
  const s = useRankingConfidence(9, [[4, 5], [7]]);
  return (
    <>
      <ConfidenceControls s={s} roundId={9} />
      <output data-testid="entries">{[...s.byEntry.keys()].join(',')}</output>
    </>
  );
}

describe('the confidence controls', () => {
  it('ask for confidence only when switched on, for the entries shown, at the line typed, and warn about disjoint juries', async () => {
    const ranking = vi.spyOn(confidenceApi, 'summary').mockResolvedValue({
      confidence: {
        samples: 400,
        draws: '',
        seed: 1,
        expected_wrong: 1.24,
        expected_changes: 2.5,
        cuts: [{ name: 'top:2', top: 2, selected: 2, expected_wrong: 1.24, expected_changes: 2.5, uncertain: 3 }],
        identifiability: {
          components: 2,
          largest: null,
          largest_share: 0.5,
          co_judges: 2,
          tracks: [
            { track: 'energy', entries: 5, judges: 2, shared_judges: 0, linked_tracks: 0 },
            { track: 'mobility', entries: 5, judges: 2, shared_judges: 0, linked_tracks: 0 },
          ],
        },
      },
      entries: [],
    });
    const decision = (id: number) => ({ entry_id: id, confidence: { sd: 1, expected_changes: 0.1, cuts: [{ cut: 'top:2', selected: true, p_above: 0.9, stability: 0.9 }] } });
    const entries = vi.spyOn(confidenceApi, 'entries').mockImplementation(async (_round, _cut, ids) => ({ entries: ids.map((id) => decision(Number(id))) }));
    wrap(<Controls />);
    expect(ranking).not.toHaveBeenCalled();
    expect(entries).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('checkbox', { name: /Show decision confidence/ }));
    await screen.findByText(/re-judging would be expected to change 2.5 decisions/);
    expect(ranking).toHaveBeenLastCalledWith(9, undefined);
    await waitFor(() => expect(screen.getByTestId('entries')).toHaveTextContent('4,5,7'));
    expect(entries.mock.calls).toEqual([
      [9, undefined, [4, 5]],
      [9, undefined, [7]],
    ]);
    expect(screen.getByText(/Track energy was judged by a jury that scored no other track/)).toBeInTheDocument();
    expect(screen.getByText(/The scores fall into 2 groups/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Decision line: top/), { target: { value: '2' } });
    await waitFor(() => expect(ranking).toHaveBeenLastCalledWith(9, 'top:2'));
    await waitFor(() => expect(entries).toHaveBeenLastCalledWith(9, 'top:2', [7]));
    expect(screen.getByRole('link', { name: 'CSV with confidence' })).toHaveAttribute('href', '/api/v1/rounds/9/ranking.csv?confidence=1&cut=top%3A2');
  });
});
