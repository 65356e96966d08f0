import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import type { OIDCProvider } from '../api/model';
import { renderAt, testUser } from '../testing';
import { AdminSignInPage } from './AdminSignIn';

afterEach(() => vi.restoreAllMocks());

const provider = (p: Partial<OIDCProvider>): OIDCProvider => ({
  id: 1, slug: 'uni', name: 'University SSO', issuer: 'https://id.uni.example', client_id: 'podium', has_secret: true,
  allowed_domains: ['uni.example'], link_verified: true, enabled: true, created_at: '2026-10-01T00:00:00Z', updated_at: '2026-10-01T00:00:00Z', ...p,
});

describe('sign-in providers (platform admins)', () => {
  it('lists providers, one without allowed domains (sent as null) too', async () => {
    vi.spyOn(api, 'adminSsoProviders').mockResolvedValue([provider({}), provider({ id: 2, slug: 'open', name: 'Open SSO', allowed_domains: null })]);
    renderAt('/admin/sign-in', <Route path="admin/sign-in" element={<AdminSignInPage />} />, testUser({ is_admin: true }));
    expect(await screen.findByRole('heading', { name: /Open SSO/ })).toBeInTheDocument();
    expect(screen.getByText(/uni\.example$/)).toBeInTheDocument();
  });
});
