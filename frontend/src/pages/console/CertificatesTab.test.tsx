import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { certificatesApi, type Certificate, type CertificateOverview, type CertificateTemplate } from '../../api/certificates';
import { keys } from '../../api/keys';
import { renderAt, testContest, testUser } from '../../testing';
import { ConsolePage } from './index';

function cert(id: number): Certificate {
  return {
    id, code: `CODE${String(id).padStart(12, '0')}`, contest_id: 1, user_id: id, team_id: null, kind: 'judge', award: '', name: `Judge ${id}`,
    team_name: '', entry_title: '', track: '', revision: 1, ready: true, issued_at: '2026-12-01T00:00:00Z', revoked_at: null, revoked_reason: '',
  };
}

const template: CertificateTemplate = { title: 'Certificate', winner_text: 'w', participant_text: 'p', judge_text: 'j', signer: 's', revision: 1, updated_at: '2026-12-01T00:00:00Z', fields: {} };

afterEach(() => vi.restoreAllMocks());

describe('the console Certificates tab', () => {
  it('lists every certificate, page after page, past the first page', async () => {
    vi.spyOn(certificatesApi, 'getTemplate').mockResolvedValue(template);
    const first = [cert(1), cert(2), cert(3)];
    const overview = vi.spyOn(certificatesApi, 'overview').mockImplementation(async (_slug, after): Promise<CertificateOverview> => ({
      template_revision: 1, run: null, counts: { judge: 5 },
      certificates: after ? [cert(4), cert(5)] : first,
      next_after: after ? 0 : 3,
    }));
    renderAt('/organize/green/certificates', <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'org@example.org', name: 'Org', is_admin: true }), (qc) =>
      qc.setQueryData(keys.contest('green'), testContest),
    );
    expect(await screen.findByText('Judge 3')).toBeTruthy();
    expect(screen.queryByText('Judge 4')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Show more certificates' }));
    expect(await screen.findByText('Judge 5')).toBeTruthy();
    expect(overview).toHaveBeenLastCalledWith('green', 3);
    expect(screen.getAllByText(/^Judge \d$/)).toHaveLength(5);
    expect(screen.queryByRole('button', { name: 'Show more certificates' })).toBeNull();
  });
});
