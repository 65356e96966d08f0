import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { ErrorBox } from '../components/ui';
import { renderAt, testUser } from '../testing';
import { SsoButtons } from './Auth';

afterEach(() => vi.restoreAllMocks());

describe('sign-in with an organization', () => {
  it('offers a button per provider that starts its sign-in and comes back to the page asked for', async () => {
    vi.spyOn(api, 'ssoProviders').mockResolvedValue([{ slug: 'uni', name: 'University SSO' }]);
    renderAt('/signin', <Route path="signin" element={<SsoButtons next="/contests/green" />} />, testUser());
    const button = await screen.findByRole('link', { name: 'Sign in with University SSO' });
    expect(button).toHaveAttribute('href', '/api/v1/auth/oidc/uni/start?next=%2Fcontests%2Fgreen');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says why the last sign-in failed, and offers nothing when no provider is set', async () => {
    const list = vi.spyOn(api, 'ssoProviders').mockResolvedValue([]);
    renderAt('/signin?sso_error=domain', <Route path="signin" element={<SsoButtons next="/" />} />, testUser());
    expect(await screen.findByRole('alert')).toHaveTextContent('This sign-in accepts only addresses of certain organizations');
    expect(list).toHaveBeenCalled();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});

describe('a refusal for an unconfirmed address', () => {
  it('is worded for the user and leads to the account page (which resends the link)', () => {
    const err = new ApiError(403, 'forbidden', 'confirm your e-mail address before you create or join a team', {
      email: { code: 'unverified', message: 'is not confirmed yet' },
    });
    renderAt('/x', <Route path="x" element={<ErrorBox error={err} />} />, testUser());
    expect(screen.getByRole('alert')).toHaveTextContent('Confirm your e-mail address first');
    expect(screen.getByRole('link', { name: 'Your account' })).toHaveAttribute('href', '/account');
  });
});
