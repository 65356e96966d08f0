import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import { renderAt, testUser } from '../testing';
import { LinkProviders } from './Account';

afterEach(() => vi.restoreAllMocks());

const uni = { provider: 'uni', name: 'University SSO', subject: 'sub-1', email: 'ana@uni.example.edu', linked_at: '2026-12-01T10:00:00Z' };

function renderProviders(hasPassword: boolean) {
  vi.spyOn(api, 'ssoProviders').mockResolvedValue([{ slug: 'uni', name: 'University SSO' }, { slug: 'corp', name: 'Corp SSO' }]);
  vi.spyOn(api, 'signInWays').mockResolvedValue({ has_password: hasPassword, identities: [uni] });
  renderAt('/account', <Route path="account" element={<LinkProviders admin={false} />} />, testUser());
}

describe('the sign-in providers of the account page', () => {
  it('unlinks a provider when a password stays, and offers to link the others', async () => {
    renderProviders(true);
    const unlink = vi.spyOn(api, 'unlinkProvider').mockResolvedValue({ has_password: true, identities: [] });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    expect(await screen.findByText('Linked: University SSO (ana@uni.example.edu)', { exact: false })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Link Corp SSO' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Link University SSO' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Unlink University SSO' }));
    await vi.waitFor(() => expect(unlink).toHaveBeenCalledWith('uni'));
    expect(await screen.findByRole('button', { name: 'Link University SSO' })).toBeInTheDocument();
  });

  it('does not offer to unlink the only way to sign in', async () => {
    renderProviders(false);
    expect(await screen.findByText(/This is your only way to sign in/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Unlink University SSO' })).toBeNull();
  });
});
