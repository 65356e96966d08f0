import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Member } from '../../api/model';
import { renderAt, testContest, testUser } from '../../testing';
import { ConsolePage } from './index';

function member(m: Partial<Member>): Member {
  return {
    user_id: 0,
    email: '',
    name: '',
    role: 'judge',
    tracks: [],
    organization: '',
    scoped: false,
    prize: '',
    invited: false,
    invitation_id: 0,
    created_at: '2026-11-01T00:00:00Z',
    ...m,
  };
}

const judges = Array.from({ length: 3 }, (_, i) => member({ user_id: 10 + i, email: `judge${i + 1}@example.org`, name: `Judge ${i + 1}` }));
const invitation = member({ email: 'new@example.org', invited: true, invitation_id: 5 });

function renderMembers() {
  return renderAt('/organize/green/members', <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'org@example.org', name: 'Org', is_admin: true }), (qc) =>
    qc.setQueryData(keys.contest('green'), testContest),
  );
}

const listCard = () => screen.getByRole('heading', { name: 'Members' }).closest('section') as HTMLElement;

afterEach(() => vi.restoreAllMocks());

describe('the console Members tab', () => {
  it('shows the first page and asks the server for the next one', async () => {
    const page = vi.spyOn(api, 'membersPage').mockImplementation(async (_slug, _f, after) =>
      after ? { items: [judges[2], invitation], next_after: 0 } : { items: judges.slice(0, 2), next_after: 4398046511115 },
    );
    renderMembers();
    expect(await screen.findByRole('row', { name: /Judge 1/ })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Judge 2/ })).toBeInTheDocument();
    expect(screen.queryByRole('row', { name: /Judge 3/ })).toBeNull();
    expect(page).toHaveBeenCalledWith('green', { role: '', q: '' }, 0);

    fireEvent.click(screen.getByRole('button', { name: 'Show more members' }));
    expect(await screen.findByRole('row', { name: /Judge 3/ })).toBeInTheDocument();
    expect(page).toHaveBeenLastCalledWith('green', { role: '', q: '' }, 4398046511115);
    const inv = screen.getByRole('row', { name: /new@example\.org/ });
    expect(inv).toHaveTextContent('invited');
    expect(within(inv).getByRole('button', { name: /Revoke/ })).toBeInTheDocument();
    // The last page: no button for more.
    expect(screen.queryByRole('button', { name: 'Show more members' })).toBeNull();
  });

  it('asks the server for the role and the search chosen, and says when nothing matches', async () => {
    const page = vi.spyOn(api, 'membersPage').mockImplementation(async (_slug, f = {}) => (f.role || f.q ? { items: [], next_after: 0 } : { items: judges, next_after: 0 }));
    renderMembers();
    await screen.findByRole('row', { name: /Judge 1/ });
    fireEvent.change(within(listCard()).getByLabelText('Role'), { target: { value: 'invited' } });
    await waitFor(() => expect(page).toHaveBeenLastCalledWith('green', { role: 'invited', q: '' }, 0));
    expect(await screen.findByText('No one matches these filters.')).toBeInTheDocument();

    fireEvent.change(within(listCard()).getByLabelText('Role'), { target: { value: 'judge' } });
    fireEvent.change(within(listCard()).getByLabelText(/Search/), { target: { value: '  Lovelace ' } });
    await waitFor(() => expect(page).toHaveBeenLastCalledWith('green', { role: 'judge', q: 'Lovelace' }, 0));
  });

  it('names a judge\'s tracks by their titles, as the teams list does', async () => {
    vi.spyOn(api, 'membersPage').mockResolvedValue({ items: [member({ user_id: 20, name: 'Panel judge', email: 'p@example.org', tracks: ['mobility', 'energy', 'gone'] })], next_after: 0 });
    renderMembers();
    expect(await screen.findByRole('row', { name: /Panel judge/ })).toHaveTextContent('Mobility, Energy, gone');
  });

  it('says when the contest has no judges or organizers yet', async () => {
    vi.spyOn(api, 'membersPage').mockResolvedValue({ items: [], next_after: 0 });
    renderMembers();
    expect(await screen.findByText('No judges or organizers yet.')).toBeInTheDocument();
  });

  it('reads the list again after a member is added', async () => {
    const page = vi.spyOn(api, 'membersPage').mockResolvedValue({ items: judges, next_after: 0 });
    vi.spyOn(api, 'addMember').mockResolvedValue(judges[0]);
    renderMembers();
    await screen.findByRole('row', { name: /Judge 1/ });
    const form = screen.getByRole('heading', { name: 'Add a member' }).closest('section') as HTMLElement;
    fireEvent.change(within(form).getByLabelText(/E-mail/), { target: { value: 'judge9@example.org' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add member' }));
    await waitFor(() => expect(page).toHaveBeenCalledTimes(2));
  });
});

describe('api.allMembers', () => {
  it('follows next_after until the last page, with the filter on every page', async () => {
    const f = vi.fn(async (url: string) => {
      const after = new URL(url, 'http://x').searchParams.get('after');
      const body = after ? { items: [judges[2]], next_after: 0 } : { items: judges.slice(0, 2), next_after: 11 };
      return new Response(JSON.stringify({ data: body }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    vi.stubGlobal('fetch', f);
    try {
      expect((await api.allMembers('green', { role: 'judge' })).map((m) => m.email)).toEqual(['judge1@example.org', 'judge2@example.org', 'judge3@example.org']);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(f.mock.calls.map(([u]) => new URL(u, 'http://x').search)).toEqual(['?role=judge&limit=200', '?role=judge&after=11&limit=200']);
  });
});
