import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { ME_KEY } from '../session';
import { renderAt, testContest, testUser } from '../testing';
import { keys } from '../api/keys';
import { ContestPage } from './Contest';

function renderContest(roles: { contest_slug: string; role: string }[], isAdmin = false) {
  return renderAt('/c/green', <Route path="c/:slug" element={<ContestPage />} />, testUser({ is_admin: isAdmin }), (qc) => {
    qc.setQueryData(ME_KEY, { user: testUser({ is_admin: isAdmin }), csrf_token: 'x', roles });
    qc.setQueryData(keys.contest('green'), { ...testContest, slug: 'green' });
    qc.setQueryData(keys.myTeams(), []);
  });
}

describe('the contest page', () => {
  it('tells an organizer, a judge or a platform admin that they cannot enter, instead of offering a team', () => {
    for (const [roles, admin] of [[[{ contest_slug: 'green', role: 'judge' }], false], [[{ contest_slug: 'green', role: 'organizer' }], false], [[], true]] as const) {
      const { unmount } = renderContest([...roles], admin);
      expect(screen.getByText('You organize or judge this contest, so you cannot enter a team in it.')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Create team' })).toBeNull();
      unmount();
    }
  });
  it('offers a participant to create or join a team', () => {
    renderContest([]);
    expect(screen.getByRole('button', { name: 'Create team' })).toBeTruthy();
    expect(screen.queryByText('You organize or judge this contest, so you cannot enter a team in it.')).toBeNull();
  });
});

afterEach(() => vi.restoreAllMocks());

describe('creating a team with an unconfirmed address', () => {
  it('says why it is refused and leads to the account page, though no field of the form is at fault', async () => {
    vi.spyOn(api, 'createTeam').mockRejectedValue(
      new ApiError(403, 'forbidden', 'confirm your e-mail address before you create or join a team', { email: { code: 'unverified', message: 'is not confirmed yet' } }),
    );
    renderContest([]);
    fireEvent.change(screen.getByLabelText(/Team name/), { target: { value: 'Owls' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Confirm your e-mail address first');
    expect(screen.getByRole('link', { name: 'Your account' })).toHaveAttribute('href', '/account');
  });
});
