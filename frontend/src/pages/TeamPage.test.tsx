import { act, fireEvent, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { Contest, Submission, Team } from '../api/model';
import { renderAt, testContest, testMember, testSubmission, testTeam, testUser } from '../testing';
import { keys } from '../api/keys';
import { TeamPage } from './Team';

const NOW = new Date('2026-12-01T09:59:00Z');
const DEADLINE = testContest.submission_deadline; // 18:00 in Shanghai

const contest: Contest = {
  ...testContest,
  tracks: [{ id: 1, slug: 'energy', title: 'Energy' }],
  form: [{ key: 'repo', label: 'Repository', type: 'url', required: false }],
  files: [{ key: 'deck', label: 'Pitch deck', required: false, max_bytes: 1 << 20, types: ['.pdf'] }],
};
const team: Team = testTeam({ id: 7, contest_slug: 'green', name: 'Owls', track: 'energy', captain_id: 1, deadline: DEADLINE, members: [testMember({ user_id: 1, name: 'Ada', captain: true })] });
const sub: Submission = {
  ...testSubmission(),
  id: 70,
  title: 'Owl power',
  abstract: '',
  fields: {},
  files: [],
  current_version: 2,
  versions: [
    { version: 1, submitted_at: '2026-11-30T10:00:00Z', digest: 'a' },
    { version: 2, submitted_at: '2026-12-01T09:00:00Z', digest: 'b' },
  ],
};

function renderTeam() {
  const routes = (
    <>
      <Route path="teams/:id" element={<TeamPage />} />
      <Route path="teams/:id/receipt/:version" element={<p>receipt</p>} />
    </>
  );
  return renderAt('/teams/7', routes, testUser({ id: 1, email: 'ada@example.org', name: 'Ada' }), (qc) => {
    qc.setQueryData(keys.team(7), team);
    qc.setQueryData(keys.contest('green'), contest);
    qc.setQueryData(keys.submission(7), sub);
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the team page', () => {
  it('lists a stored file once, as uploaded and verified', () => {
    const stored = { id: 'f1', slot: 'deck', filename: 'deck.pdf', size: 2048, sha256: 'ab'.repeat(32), status: 'stored', content_type: 'application/pdf', upload_kind: 'post', created_at: '2026-11-30T10:00:00Z', completed_at: '2026-11-30T10:01:00Z' };
    const routes = <Route path="teams/:id" element={<TeamPage />} />;
    renderAt('/teams/7', routes, testUser({ email: 'ada@example.org', name: 'Ada' }), (qc) => {
      qc.setQueryData(keys.team(7), team);
      qc.setQueryData(keys.contest('green'), contest);
      qc.setQueryData(keys.submission(7), { ...sub, files: [stored] });
    });
    expect(screen.getAllByRole('link', { name: 'deck.pdf' })).toHaveLength(1);
    expect(screen.getByText('Uploaded and verified')).toBeTruthy();
  });

  it('locks when the deadline passes on screen and says which version is judged', async () => {
    vi.spyOn(api, 'getTeam').mockResolvedValue(team); // asked again at the deadline: no extension
    renderTeam();
    const title = screen.getByLabelText(/Project title/);
    expect(title).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Submit a new version' })).toBeEnabled();
    expect(screen.queryByTestId('locked')).toBeNull();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(title).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Submit a new version' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeDisabled();
    expect(document.querySelector('input[type=file]')).toBeDisabled();
    const locked = screen.getByTestId('locked');
    expect(locked).toHaveTextContent('v2');
    expect(locked).toHaveTextContent('is the one judged');
    expect(locked).toHaveTextContent('December 1, 2026 at 6:00 PM (GMT+8)');
  });

  it('hides leaving, removing and inviting once team registration closes, and says why', async () => {
    const closes = '2026-12-01T10:00:00Z'; // 18:00 in Shanghai, a minute from NOW
    const pair: Team = { ...team, invite_code: 'OWLS2026', members: [testMember({ user_id: 1, name: 'Ada', captain: true }), testMember({ user_id: 2, name: 'Bob' })] };
    vi.spyOn(api, 'getTeam').mockResolvedValue(pair);
    const routes = <Route path="teams/:id" element={<TeamPage />} />;
    renderAt('/teams/7', routes, testUser({ id: 2, email: 'bob@example.org', name: 'Bob' }), (qc) => {
      qc.setQueryData(keys.team(7), pair);
      qc.setQueryData(keys.contest('green'), { ...contest, registration_closes_at: closes });
      qc.setQueryData(keys.submission(7), sub);
    });
    expect(screen.getByRole('button', { name: 'Leave the team' })).toBeTruthy();
    expect(screen.getByTestId('invite-code')).toHaveTextContent('OWLS2026');
    expect(screen.queryByTestId('team-locked')).toBeNull();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(screen.queryByRole('button', { name: 'Leave the team' })).toBeNull();
    expect(screen.queryByTestId('invite-code')).toBeNull();
    expect(screen.getByTestId('team-locked')).toHaveTextContent('The team is locked: team registration closed on December 1, 2026 at 6:00 PM');
  });

  it('unlocks again when the server has granted an extension meanwhile', async () => {
    const later = '2026-12-01T12:00:00Z';
    const get = vi.spyOn(api, 'getTeam').mockResolvedValue({ ...team, deadline: later, deadline_extension: later });
    renderTeam();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10); // the team's new deadline arrives
    });
    expect(get).toHaveBeenCalledWith('7');
    expect(screen.getByLabelText(/Project title/)).toBeEnabled();
    expect(screen.queryByTestId('locked')).toBeNull();
  });

  it('says too_late once, with the deadline in the contest zone, and locks', async () => {
    vi.spyOn(api, 'saveSubmission').mockResolvedValue(sub);
    vi.spyOn(api, 'submit').mockRejectedValue(new ApiError(422, 'too_late', 'the deadline (2026-12-01T18:00:00+08:00) has passed'));
    renderTeam();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Submit a new version' }));
      await vi.advanceTimersByTimeAsync(10); // the mutation settles
    });
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toHaveTextContent('Too late: the deadline was Tuesday, December 1, 2026 at 6:00 PM (GMT+8).');
    expect(alerts[0]).not.toHaveTextContent('2026-12-01T18:00:00+08:00');
    expect(screen.getByLabelText(/Project title/)).toBeDisabled();
  });

  it('shows any other refusal of a submit once, next to the Submit button', async () => {
    vi.spyOn(api, 'saveSubmission').mockResolvedValue(sub);
    vi.spyOn(api, 'submit').mockRejectedValue(new ApiError(400, 'invalid', 'files.deck: a file is required', { 'files.deck': { code: 'required', message: 'a file is required' } }));
    renderTeam();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Submit a new version' }));
      await vi.advanceTimersByTimeAsync(10); // the mutation settles
    });
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toHaveTextContent('Pitch deck');
    expect(alerts[0].closest('section')).toContainElement(screen.getByRole('button', { name: 'Submit a new version' }));
  });

  it('saves the draft by itself after a pause in typing, and says so', async () => {
    const save = vi.spyOn(api, 'saveSubmission').mockResolvedValue(sub);
    renderTeam();
    fireEvent.change(screen.getByLabelText(/Project title/), { target: { value: 'Owl power 2' } });
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    await act(async () => {
      vi.advanceTimersByTime(1500);
    });
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][1]).toMatchObject({ title: 'Owl power 2' });
    expect(screen.getByText(/Draft saved automatically at/)).toBeInTheDocument();
  });

  it('asks before the page is left with unsaved changes', () => {
    renderTeam();
    const leave = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(leave()).toBe(false);
    fireEvent.change(screen.getByLabelText(/Project title/), { target: { value: 'changed' } });
    expect(leave()).toBe(true);
  });
});
