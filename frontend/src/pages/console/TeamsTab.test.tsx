import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import type { TeamListItem } from '../../api/model';
import { renderAt, testContest, testMember, testTeam, testUser } from '../../testing';
import { keys } from '../../api/keys';
import { ConsolePage } from './index';

const contest = testContest;

const owls: TeamListItem = {
  ...testTeam(),
  id: 7,
  name: 'Owls',
  track: 'energy',
  members: [
    testMember({ user_id: 1, name: 'Ada Lovelace', email: 'ada@example.org', captain: true }),
    testMember({ user_id: 2, name: 'Alan Turing', email: 'alan@example.org' }),
  ],
  deadline: contest.submission_deadline,
  deadline_extension: null,
  version: 2,
  submitted_at: '2026-11-30T02:00:00Z',
  submitted: true,
  late: false,
  extended: false,
};

function renderTeams() {
  return renderAt('/organize/green/teams', <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'org@example.org', name: 'Org', is_admin: true }), (qc) =>
    qc.setQueryData(keys.contest('green'), contest),
  );
}

afterEach(() => vi.restoreAllMocks());

describe('the console Teams tab', () => {
  it('shows members, the submitted version and the deadline, and a granted extension at once', async () => {
    let extended = false;
    const page = vi.spyOn(api, 'teamsPage').mockImplementation(async () => ({
      items: [extended ? { ...owls, deadline: '2026-12-02T04:30:00Z', deadline_extension: '2026-12-02T04:30:00Z', extended: true } : owls],
      next_after: 0,
    }));
    const grant = vi.spyOn(api, 'grantExtension').mockImplementation(async () => {
      extended = true;
      return owls;
    });
    renderTeams();
    const row = await screen.findByRole('row', { name: /Owls/ });
    expect(row).toHaveTextContent('Ada Lovelace, Alan Turing');
    expect(row).toHaveTextContent(/v2 · .*Nov.* 30/);
    expect(row).not.toHaveTextContent('0001');
    expect(row).not.toHaveTextContent('Extended');

    fireEvent.click(within(row).getByRole('button', { name: 'Extension' }));
    const when = screen.getByLabelText(/New deadline/) as HTMLInputElement;
    expect(when.value).toBe('2026-12-01T18:00'); // the contest deadline, in Shanghai
    fireEvent.change(when, { target: { value: '2026-12-02T12:30' } });
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'Power cut' } });
    fireEvent.click(screen.getByRole('button', { name: 'Grant extension' }));
    await waitFor(() => expect(grant).toHaveBeenCalledWith(7, { until: '2026-12-02T04:30:00Z', reason: 'Power cut' }));
    await waitFor(() => expect(screen.getByRole('row', { name: /Owls/ })).toHaveTextContent('Extended'));
    expect(page).toHaveBeenCalledTimes(2);
  });

  it('asks the server for the filters chosen', async () => {
    const page = vi.spyOn(api, 'teamsPage').mockResolvedValue({ items: [], next_after: 0 });
    renderTeams();
    await screen.findByText('No teams yet.');
    fireEvent.change(screen.getByLabelText('Track'), { target: { value: 'mobility' } });
    fireEvent.change(screen.getByLabelText('Submission'), { target: { value: 'not_submitted' } });
    fireEvent.click(screen.getByLabelText('Extended only'));
    await waitFor(() => expect(page).toHaveBeenLastCalledWith('green', expect.objectContaining({ track: 'mobility', status: 'not_submitted', extended: true }), 0));
    fireEvent.click(screen.getByLabelText('Flagged by the checks only'));
    await waitFor(() => expect(page).toHaveBeenLastCalledWith('green', expect.objectContaining({ extended: true, flagged: true }), 0));
    fireEvent.change(screen.getByLabelText('Submission'), { target: { value: 'late' } });
    await waitFor(() => expect(page).toHaveBeenLastCalledWith('green', expect.objectContaining({ status: 'late' }), 0));
  });
});

describe('a draft contest in the console', () => {
  it('says who sees it and opens it after a confirmation', async () => {
    vi.spyOn(api, 'teamsPage').mockResolvedValue({ items: [], next_after: 0 });
    const open = vi.spyOn(api, 'openContest').mockResolvedValue({ ...contest, status: 'open' });
    renderAt('/organize/green/teams', <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'org@example.org', name: 'Org', is_admin: true }), (qc) =>
      qc.setQueryData(keys.contest('green'), { ...contest, status: 'draft' }),
    );
    expect(await screen.findByText(/Only the organizers see this contest/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Open the contest…' }));
    expect(open).not.toHaveBeenCalled();
    expect(screen.getByText(/it cannot go back to draft/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, open it' }));
    await waitFor(() => expect(open).toHaveBeenCalledWith('green'));
    await waitFor(() => expect(screen.queryByText(/Only the organizers see this contest/)).toBeNull());
  });
});
