import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { renderAt, testUser } from '../testing';
import { PersonalData } from './PersonalData';

describe('PersonalData', () => {
  afterEach(() => vi.restoreAllMocks());

  it('deletes the account only after the address, the password and a confirming click', async () => {
    const del = vi.spyOn(api, 'deleteMe').mockResolvedValue({});
    renderAt('/account', <Route path="/account" element={<PersonalData email="ann@example.org" />} />, testUser({ email: 'ann@example.org' }));
    expect(screen.queryByRole('button', { name: 'Delete my account' })).toBeNull();
    await userEvent.type(screen.getByLabelText('Type your e-mail address to confirm'), 'ANN@example.org');
    await userEvent.type(screen.getByLabelText('Your password'), 'a-long-password');
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect(del).not.toHaveBeenCalled();
    expect(screen.getByText('Delete the account for good?')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account for good' }));
    expect(del).toHaveBeenCalledWith({ confirm: 'ANN@example.org', password: 'a-long-password' });
  });

  it('shows a wrong password on its field', async () => {
    vi.spyOn(api, 'deleteMe').mockRejectedValue(new ApiError(400, 'invalid', 'password: is wrong', { password: { code: 'invalid', message: 'is wrong' } }));
    renderAt('/account', <Route path="/account" element={<PersonalData email="ann@example.org" />} />, testUser({ email: 'ann@example.org' }));
    await userEvent.type(screen.getByLabelText('Type your e-mail address to confirm'), 'ann@example.org');
    await userEvent.type(screen.getByLabelText('Your password'), 'wrong-one');
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account for good' }));
    expect(await screen.findByText('is wrong')).toBeInTheDocument();
  });
});
