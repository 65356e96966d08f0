import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import { renderAt, testMember, testUser } from '../testing';
import { MemberName } from './MemberName';

afterEach(() => vi.restoreAllMocks());

describe("a member's name in the organizers' team list", () => {
  it('marks an unconfirmed address and sends the link again', async () => {
    const remind = vi.spyOn(api, 'remindVerification').mockResolvedValue({});
    renderAt('/x', <Route path="x" element={<MemberName slug="green" m={testMember({ user_id: 7, name: 'Ada', email_verified: false })} />} />, testUser());
    expect(screen.getByText('address not confirmed')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    expect(await screen.findByText('Link sent')).toBeInTheDocument();
    expect(remind).toHaveBeenCalledWith('green', 7);
  });

  it('shows only the name of a confirmed member', () => {
    renderAt('/x', <Route path="x" element={<MemberName slug="green" m={testMember({ name: 'Bo' })} />} />, testUser());
    expect(screen.getByText('Bo')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
