import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { renderAt, testUser } from '../testing';
import { TeamPage } from './Team';

afterEach(() => vi.restoreAllMocks());

describe('a team the person may not see (another track, for a track lead)', () => {
  it('shows the not-found page, not an error to retry', async () => {
    vi.spyOn(api, 'getTeam').mockRejectedValue(new ApiError(404, 'not_found', 'team not found'));
    renderAt('/teams/9', <Route path="teams/:id" element={<TeamPage />} />, testUser());
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
