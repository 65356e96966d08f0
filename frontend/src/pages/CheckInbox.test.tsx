import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import { renderAt, testUser } from '../testing';
import { CheckInboxPage, VerifyBanner } from './Account';

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('the check-your-inbox page', () => {
  it('reloads the account on "Continue", so an address confirmed from the mailbox in another tab counts at once', async () => {
    const unconfirmed = testUser({ email: 'ana@example.org', email_verified: false });
    const me = vi.spyOn(api, 'me').mockResolvedValue({ user: { ...unconfirmed, email_verified: true }, csrf_token: 'x', roles: [{ contest_slug: 'green', role: 'track_lead' }] } as never);
    localStorage.setItem('podium.session', '1');
    renderAt('/check-inbox?next=/next', (
      <>
        <Route path="check-inbox" element={<CheckInboxPage />} />
        <Route path="next" element={<VerifyBanner />} />
      </>
    ), unconfirmed);
    fireEvent.click(screen.getByRole('link', { name: 'Continue' }));
    await vi.waitFor(() => expect(me).toHaveBeenCalled());
    await vi.waitFor(() => expect(screen.queryByText(/Confirm your address ana@example.org/)).toBeNull());
  });
});
