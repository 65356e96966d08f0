import { fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { AuditEntry } from '../../api/model';
import { renderAt, testContest, testUser } from '../../testing';
import { ConsolePage } from './index';

function entry(id: number, action: string): AuditEntry {
  return { id, contest_id: 1, actor_id: 9, actor_email: 'org@example.org', action, object_type: 'team', object_id: String(id), detail: null, created_at: '2026-11-01T00:00:00Z' };
}

afterEach(() => vi.restoreAllMocks());

describe('the console audit log', () => {
  it('shows the newest page of the log first and asks the server for older entries, not the whole log', async () => {
    const page = vi.spyOn(api, 'auditPage').mockImplementation(async (_slug, after) =>
      after ? { items: [entry(1, 'contest.open')], next_after: 0 } : { items: [entry(3, 'team.extend'), entry(2, 'member.add')], next_after: 2 },
    );
    renderAt('/organize/green/audit', <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'org@example.org', name: 'Org', is_admin: true }), (qc) =>
      qc.setQueryData(keys.contest('green'), testContest),
    );
    expect(await screen.findByRole('row', { name: /team\.extend/ })).toBeInTheDocument();
    expect(screen.getByText('Newest first.')).toBeInTheDocument();
    expect(screen.queryByRole('row', { name: /contest\.open/ })).toBeNull();
    expect(page).toHaveBeenCalledWith('green', 0);

    fireEvent.click(screen.getByRole('button', { name: 'Show older entries' }));
    expect(await screen.findByRole('row', { name: /contest\.open/ })).toBeInTheDocument();
    expect(page).toHaveBeenLastCalledWith('green', 2);
    // The header, then the entries as the server pages them: newest at the top, the oldest last.
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => /team\.extend|member\.add|contest\.open/.exec(r.textContent ?? '')?.[0])).toEqual(['team.extend', 'member.add', 'contest.open']);
    // The oldest page: no button for more.
    expect(screen.queryByRole('button', { name: 'Show older entries' })).toBeNull();
  });
});
