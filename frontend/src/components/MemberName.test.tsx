import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import { renderAt, testMember, testUser } from '../testing';
import { MemberName } from './MemberName';

// Counts the mutations made (a resend button's), passing them through.
const mutations = vi.hoisted(() => ({ made: 0 }));
vi.mock('@tanstack/react-query', async (real) => {
  const rq = await real<typeof import('@tanstack/react-query')>();
  return {
    ...rq,
    useMutation: ((...a: Parameters<typeof rq.useMutation>) => {
      mutations.made++;
      return rq.useMutation(...a);
    }) as typeof rq.useMutation,
  };
});

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

  it('shows only the name of a confirmed member, with none of the resend button\'s work', () => {
    const before = mutations.made;
    renderAt('/x', <Route path="x" element={<MemberName slug="green" m={testMember({ name: 'Bo' })} />} />, testUser());
    expect(screen.getByText('Bo')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(mutations.made).toBe(before);
  });
});
