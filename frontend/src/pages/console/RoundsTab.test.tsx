import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Member, Round } from '../../api/model';
import { ME_KEY } from '../../session';
import { renderAt, testContest, testUser } from '../../testing';
import { ConsolePage } from './index';

const round = {
  id: 5, contest_id: 1, name: 'Preliminary', method: 'mean', judges_per_entry: 2, blind: false,
  closes_at: '2026-12-20T10:00:00Z', rubric: [], tracks: [],
} as unknown as Round;

/** The rounds tab at path, for a user whose role in the contest is role. */
function renderRounds(path: string, role: 'organizer' | 'track_lead', invited: Member[] = []) {
  vi.spyOn(api, 'listRounds').mockResolvedValue([round]);
  vi.spyOn(api, 'roundAssignments').mockResolvedValue([]);
  vi.spyOn(api, 'allMembers').mockResolvedValue(invited);
  vi.spyOn(api, 'roundProgress').mockResolvedValue({ round_id: 5, total: 4, done: 1, pending: 3, overdue: 0, judges: [] } as never);
  vi.spyOn(api, 'rankingPage').mockResolvedValue({ round_id: 5, method: 'mean', entries: [], total: 0 } as never);
  return renderAt(path, <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'someone@example.org' }), (qc) => {
    qc.setQueryData(ME_KEY, { user: testUser({ id: 9, email: 'someone@example.org' }), csrf_token: 'x', roles: [{ contest_slug: 'green', role }] });
    qc.setQueryData(keys.contest('green'), testContest);
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the console Rounds tab', () => {
  it('offers an organizer to create a round', async () => {
    renderRounds('/organize/green/rounds', 'organizer');
    expect(await screen.findByRole('button', { name: 'New round' })).toBeInTheDocument();
  });

  it('offers an organizer to run the assignment and remind the judges of a round', async () => {
    renderRounds('/organize/green/rounds/5', 'organizer');
    expect(await screen.findByRole('button', { name: 'Run assignment' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remind judges' })).toBeInTheDocument();
  });

  it('warns an organizer of the invited judges a round waits for, from the invitations only', async () => {
    renderRounds('/organize/green/rounds/5', 'organizer', [
      { email: 'late-judge@example.org', role: 'judge', invited: true },
      { email: 'late-organizer@example.org', role: 'organizer', invited: true },
    ] as Member[]);
    const all = vi.mocked(api.allMembers);
    expect(await screen.findByText(/1 invited judge\(s\) have no account yet.*late-judge@example\.org$/)).toBeInTheDocument();
    expect(screen.queryByText(/late-organizer/)).toBeNull();
    expect(all).toHaveBeenCalledWith('green', { role: 'invited' });
  });

  it('shows a track lead the rounds without the whole-round actions the server refuses them', async () => {
    renderRounds('/organize/green/rounds', 'track_lead');
    expect(await screen.findByRole('link', { name: 'Preliminary' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New round' })).not.toBeInTheDocument();
  });

  it('shows a track lead a round without running its assignment or reminding its judges', async () => {
    renderRounds('/organize/green/rounds/5', 'track_lead');
    expect(await screen.findByRole('heading', { name: 'Preliminary' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Run assignment' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remind judges' })).not.toBeInTheDocument();
  });
});
