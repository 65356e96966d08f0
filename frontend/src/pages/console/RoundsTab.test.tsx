import { fireEvent, screen, within } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Member, Round } from '../../api/model';
import type { Assignment } from '../../lib/judging';
import { ME_KEY } from '../../session';
import { renderAt, testContest, testUser } from '../../testing';
import { ConsolePage } from './index';

const round = {
  id: 5, contest_id: 1, name: 'Preliminary', method: 'mean', judges_per_entry: 2, blind: false,
  closes_at: '2026-12-20T10:00:00Z', rubric: [], tracks: [],
} as unknown as Round;

/** The rounds tab at path, for a user whose role in the contest is role. */
function renderRounds(path: string, role: 'organizer' | 'track_lead', invited: Member[] = [], assignments: Assignment[][] = [[]], progress: object = { round_id: 5, total: 4, done: 1, pending: 3, overdue: 0, judges: [] }) {
  vi.spyOn(api, 'listRounds').mockResolvedValue([round]);
  // Page n of the assignments after the last id of page n-1.
  vi.spyOn(api, 'roundAssignmentsPage').mockImplementation(async (_id, after = 0) => {
    const n = assignments.findIndex((_, i) => i === 0 ? !after : String(assignments[i - 1].at(-1)?.id) === String(after));
    return { items: assignments[n], next_after: n < assignments.length - 1 ? assignments[n].at(-1)!.id : 0 };
  });
  vi.spyOn(api, 'allMembers').mockResolvedValue(invited);
  vi.spyOn(api, 'roundProgress').mockResolvedValue(progress as never);
  vi.spyOn(api, 'rankingPage').mockResolvedValue({ round_id: 5, method: 'mean', entries: [], total: 0 } as never);
  return renderAt(path, <Route path="organize/:slug/*" element={<ConsolePage />} />, testUser({ id: 9, email: 'someone@example.org' }), (qc) => {
    qc.setQueryData(ME_KEY, { user: testUser({ id: 9, email: 'someone@example.org' }), csrf_token: 'x', roles: [{ contest_slug: 'green', role }] });
    qc.setQueryData(keys.contest('green'), testContest);
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the console Rounds tab', () => {
  it('offers an organizer to create a round', async () => {
    renderRounds('/organize/green/rounds', 'organizer');
    expect(await screen.findByRole('button', { name: 'New round' })).toBeInTheDocument();
  });

  it('offers an organizer to run the assignment and remind the judges of a round', async () => {
    renderRounds('/organize/green/rounds/5', 'organizer');
    expect(await screen.findByRole('button', { name: 'Run assignment' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remind judges' })).toBeInTheDocument();
  });

  it('warns an organizer of the invited judges a round waits for, from the invitations only', async () => {
    renderRounds('/organize/green/rounds/5', 'organizer', [
      { email: 'late-judge@example.org', role: 'judge', invited: true },
      { email: 'late-organizer@example.org', role: 'organizer', invited: true },
    ] as Member[]);
    const all = vi.mocked(api.allMembers);
    expect(await screen.findByText(/1 invited judge\(s\) have no account yet.*late-judge@example\.org$/)).toBeInTheDocument();
    expect(screen.queryByText(/late-organizer/)).toBeNull();
    expect(all).toHaveBeenCalledWith('green', { role: 'invited' });
  });

  it('shows the assignments of a round a page at a time, never the whole list', async () => {
    const row = (id: number): Assignment => ({ id, round_id: 5, entry_id: id, title: `Entry ${id}`, judge_email: `judge${id}@example.org`, status: 'pending' });
    renderRounds('/organize/green/rounds/5', 'organizer', [], [[row(1), row(2)], [row(3)]]);
    const pages = vi.mocked(api.roundAssignmentsPage);
    expect(await screen.findByText('Entry 2')).toBeInTheDocument();
    expect(screen.queryByText('Entry 3')).toBeNull();
    expect(screen.getByRole('button', { name: 'Run assignment again' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Show more assignments' }));
    expect(await screen.findByText('Entry 3')).toBeInTheDocument();
    expect(pages.mock.calls.map((c) => String(c[1] ?? 0))).toEqual(['0', '2']);
    expect(screen.queryByRole('button', { name: 'Show more assignments' })).toBeNull();
  });

  it('names the judge and the entry of each assignment, never an internal number', async () => {
    renderRounds('/organize/green/rounds/5', 'organizer', [], [
      [
        { id: 1, round_id: 5, entry_id: 4017, title: 'Solar kiosk', team_name: 'Owls', judge_id: 3120, judge_name: 'Ada Lovelace', judge_email: 'ada@jury.example.org', status: 'pending' },
        // Without a title (nothing submitted under one) and a judge without a name.
        { id: 2, round_id: 5, entry_id: 4018, title: '', team_name: 'Larks', judge_id: 3121, judge_email: 'noname@jury.example.org', status: 'pending' },
        // A blind entry as a reader who may not see its team: neither title nor team.
        { id: 3, round_id: 5, entry_id: 4019, judge_id: 3122, judge_name: 'Grace Hopper', judge_email: 'grace@jury.example.org', status: 'submitted' },
      ],
    ]);
    const first = await screen.findByRole('row', { name: /Solar kiosk/ });
    expect(first).toHaveTextContent('Owls');
    expect(within(first).getByText('Ada Lovelace')).toHaveAttribute('title', 'ada@jury.example.org');
    expect(first).toHaveTextContent('ada@jury.example.org');
    expect(screen.getByRole('row', { name: /Larks/ })).toHaveTextContent('noname@jury.example.org');
    expect(screen.getByRole('row', { name: /Grace Hopper/ })).toHaveTextContent('Untitled entry');
    const table = screen.getByRole('columnheader', { name: 'Entry' }).closest('table')!;
    expect(table.textContent).not.toMatch(/#?\b(4017|4018|4019|3120|3121|3122)\b/);
  });

  it('writes the progress of a national round with thousands separators', async () => {
    renderRounds('/organize/green/rounds/5', 'organizer', [], [[]], { round_id: 5, assigned: 30000, done: 28500, pending: 1500, overdue: 1200, judges: [] });
    expect(await screen.findByText('28,500 of 30,000 scores done · 1,200 overdue')).toBeInTheDocument();
  });

  it('lists first the judges who hold the round up, then by name in natural order', async () => {
    // The server's order: by e-mail, as text.
    const judge = (n: number, pending: number, overdue: number) => ({ judge_id: n, name: `Judge ${n}`, email: `judge${n}@example.org`, assigned: 5, done: 5 - pending, drafts: 0, pending, overdue });
    renderRounds('/organize/green/rounds/5', 'organizer', [], [[]], {
      round_id: 5, assigned: 25, done: 14, pending: 11, overdue: 5,
      judges: [judge(1, 0, 0), judge(10, 0, 0), judge(100, 2, 0), judge(2, 0, 0), judge(300, 4, 0), judge(45, 5, 5)],
    });
    await screen.findByText('Judge 45');
    const table = screen.getByRole('columnheader', { name: 'Overdue' }).closest('table')!;
    const names = Array.from(table.querySelectorAll('tbody tr'), (r) => r.querySelector('td')?.textContent);
    expect(names).toEqual(['Judge 45', 'Judge 300', 'Judge 100', 'Judge 1', 'Judge 2', 'Judge 10']);
    expect(screen.getByText(/most overdue, then most pending/)).toBeInTheDocument();
  });

  it('shows a track lead the rounds without the whole-round actions the server refuses them', async () => {
    renderRounds('/organize/green/rounds', 'track_lead');
    expect(await screen.findByRole('link', { name: 'Preliminary' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New round' })).not.toBeInTheDocument();
  });

  it('shows a track lead a round without running its assignment or reminding its judges', async () => {
    renderRounds('/organize/green/rounds/5', 'track_lead');
    expect(await screen.findByRole('heading', { name: 'Preliminary' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Run assignment' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remind judges' })).not.toBeInTheDocument();
  });
});
