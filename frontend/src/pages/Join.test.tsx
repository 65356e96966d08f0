import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { renderAt, testUser } from '../testing';
import { JoinPage } from './Join';

function renderJoin(path: string) {
  return renderAt(path, <Route path="join/:code" element={<JoinPage />} />, testUser({ id: 3, email: 'bo@example.org', name: 'Bo' }));
}

afterEach(() => vi.restoreAllMocks());

describe('the invite page', () => {
  it('names the team, its track and its captain before joining', async () => {
    vi.spyOn(api, 'getContest').mockResolvedValue({ slug: 'green', title: 'Green Tech Challenge' } as never);
    const preview = vi.spyOn(api, 'previewInvite').mockResolvedValue({
      contest: 'Green Tech Challenge', contest_slug: 'green', team: 'Owls', track: 'energy', track_title: 'Energy', captain: 'Ada Lovelace', members: 2, max_team_size: 4,
    });
    renderJoin('/join/ABCDEFGH23?c=green');
    expect(await screen.findByText('You are invited to join Owls (Energy) in Green Tech Challenge.')).toBeInTheDocument();
    expect(screen.getByText('Captain: Ada Lovelace')).toBeInTheDocument();
    expect(screen.getByText('2 of 4 members')).toBeInTheDocument();
    expect(preview).toHaveBeenCalledWith('green', 'ABCDEFGH23');
    expect(screen.getByRole('button', { name: 'Join this team' })).toBeEnabled();
  });

  it('says when the code is not valid, and does not offer to join', async () => {
    vi.spyOn(api, 'getContest').mockResolvedValue({ slug: 'green', title: 'Green Tech Challenge' } as never);
    vi.spyOn(api, 'previewInvite').mockRejectedValue(new ApiError(404, 'not_found', 'team not found'));
    renderJoin('/join/WRONG?c=green');
    expect(await screen.findByText(/This invite code is not valid/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Join this team' })).toBeDisabled();
  });
});
