import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { certificatesApi } from '../api/certificates';
import { renderAt, testContest, testUser } from '../testing';
import { ContestOrCertificatePage } from './Verify';

const route = <Route path="c/:slug" element={<ContestOrCertificatePage />} />;

describe('the certificate verification page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the holder, the award and the contest of a valid code', async () => {
    const verify = vi.spyOn(certificatesApi, 'verify').mockResolvedValue({
      code: '7K3M9QXW2RTY5HBN', issuer: 'Podium · podium.example.org', contest: '全国创新大赛', name: '张伟', kind: 'winner', award: '一等奖',
      issued_at: '2026-12-07T08:00:00Z', revoked: false, revoked_at: null,
    });
    renderAt('/c/7K3M9QXW2RTY5HBN', route, testUser());
    expect(await screen.findByText('张伟')).toBeTruthy();
    expect(screen.getByText('Winner — 一等奖')).toBeTruthy();
    expect(screen.getByText('This certificate was issued by this Podium and is valid.')).toBeTruthy();
    expect(verify).toHaveBeenCalledWith('7K3M9QXW2RTY5HBN');
  });

  it('says a revoked certificate was revoked', async () => {
    vi.spyOn(certificatesApi, 'verify').mockResolvedValue({
      code: '7K3M9QXW2RTY5HBN', issuer: 'Podium', contest: 'C', name: 'N', kind: 'participant', award: '',
      issued_at: '2026-12-07T08:00:00Z', revoked: true, revoked_at: '2026-12-08T08:00:00Z',
    });
    renderAt('/c/7K3M9QXW2RTY5HBN', route, testUser());
    expect(await screen.findByText('This certificate was revoked.')).toBeTruthy();
  });

  it('refuses a forged code', async () => {
    vi.spyOn(certificatesApi, 'verify').mockRejectedValue(new ApiError(404, 'not_found', 'not a certificate issued by this Podium'));
    renderAt('/c/0000000000000000', route, testUser());
    expect(await screen.findByText('Not a certificate issued by this Podium')).toBeTruthy();
  });

  it('leaves a contest address to the contest page', () => {
    const verify = vi.spyOn(certificatesApi, 'verify');
    renderAt('/c/green', route, testUser(), (qc) => {
      qc.setQueryData(['contest', 'green'], testContest);
      qc.setQueryData(['my-teams'], []);
    });
    expect(screen.getByRole('heading', { name: 'Green Tech Challenge' })).toBeTruthy();
    expect(verify).not.toHaveBeenCalled();
  });
});
