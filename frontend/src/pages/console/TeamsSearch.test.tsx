import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { TeamListItem, TeamMember } from '../../api/model';
import { renderAt, testContest, testMember, testTeam, testUser } from '../../testing';
import { ConsolePage } from './index';

// Counts the renders of the team list's member names: one a member of each shown row.
const names = vi.hoisted(() => ({ renders: 0 }));
vi.mock('../../components/MemberName', () => ({
  MemberName: ({ m }: { m: TeamMember }) => {
    names.renders++;
    return <span>{m.name}</span>;
  },
}));

const teams: TeamListItem[] = Array.from({ length: 20 }, (_, i) => ({
  ...testTeam(),
  id: i + 1,
  name: `Team ${i + 1}`,
  members: [testMember({ user_id: i + 1, name: `Member ${i + 1}`, email: `m${i + 1}@example.org` })],
  deadline: testContest.submission_deadline,
  deadline_extension: null,
  version: 0,
  submitted_at: null,
  submitted: false,
  late: false,
  extended: false,
}));

afterEach(() => vi.restoreAllMocks());

describe('searching the console Teams tab', () => {
  it('re-renders none of the rows shown while the organizer types, and searches once they pause', async () => {
    const page = vi.spyOn(api, 'teamsPage').mockResolvedValue({ items: teams, next_after: 0 });
    renderAt('/organize/green/teams', <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'org@example.org', name: 'Org', is_admin: true }), (qc) =>
      qc.setQueryData(keys.contest('green'), testContest),
    );
    expect(await screen.findByRole('row', { name: /Team 20/ })).toBeInTheDocument();
    const before = names.renders;
    const box = screen.getByRole('searchbox', { name: /Search/ });
    for (const text of ['T', 'Te', 'Tea', 'Team']) fireEvent.change(box, { target: { value: text } });
    expect(box).toHaveValue('Team');
    expect(names.renders).toBe(before);
    await waitFor(() => expect(page).toHaveBeenLastCalledWith('green', expect.objectContaining({ q: 'Team' }), 0));
    expect(page).not.toHaveBeenCalledWith('green', expect.objectContaining({ q: 'Tea' }), 0);
  });
});
