// Helpers of the page tests: a contest to show, and a page rendered at a path
// with a signed-in user and seeded queries (so that only what a test mocks
// reaches the API).

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Routes } from 'react-router';
import type { Contest, Submission, Team, TeamMember, User } from './api/types';
import { ME_KEY } from './session';

/** An open contest in Shanghai whose deadline is 2026-12-01 18:00 there. */
export const testContest: Contest = {
  id: 1,
  slug: 'green',
  title: 'Green Tech Challenge',
  description: '',
  timezone: 'Asia/Shanghai',
  registration_opens_at: '2026-11-01T00:00:00Z',
  submission_opens_at: '2026-11-01T00:00:00Z',
  submission_deadline: '2026-12-01T10:00:00Z',
  max_team_size: 3,
  tracks: [
    { id: 1, slug: 'energy', title: 'Energy' },
    { id: 2, slug: 'mobility', title: 'Mobility' },
  ],
  form: [],
  files: [],
  status: 'open',
  registration_closes_at: null,
  results_published_at: null,
  feedback_enabled: false,
  created_at: '2026-10-01T00:00:00Z',
  updated_at: '2026-10-01T00:00:00Z',
};

// Whole API shapes for tests, from the parts a test cares about (the
// generated types require every field the server sends).

/** A user. */
export function testUser(p: Partial<User> = {}): User {
  return { id: 1, email: 'user@example.org', name: 'User', is_admin: false, organization: '', created_at: '2026-10-01T00:00:00Z', email_verified: true, ...p };
}

/** A team member. */
export function testMember(p: Partial<TeamMember> = {}): TeamMember {
  return { user_id: 1, name: 'Member', email: 'member@example.org', captain: false, joined_at: '2026-10-01T00:00:00Z', email_verified: true, ...p };
}

/** A team of testContest. */
export function testTeam(p: Partial<Team> = {}): Team {
  return {
    id: 1, contest_id: 1, contest_slug: 'green', name: 'Team', track: 'energy', track_id: 1, captain_id: 1, members: [],
    created_at: '2026-10-01T00:00:00Z', deadline: testContest.submission_deadline, deadline_extension: null, ...p,
  };
}

/** A team's submission. */
export function testSubmission(p: Partial<Submission> = {}): Submission {
  return {
    id: 1, team_id: 1, contest_id: 1, title: '', abstract: '', fields: {}, files: [], current_version: 0,
    deadline: testContest.submission_deadline, updated_at: '2026-10-01T00:00:00Z', versions: [], ...p,
  };
}

/** Renders `routes` at `path` for `user`, with `seed` filling the query cache first. */
export function renderAt(path: string, routes: ReactNode, user: User, seed: (qc: QueryClient) => void = () => {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  qc.setQueryData(ME_KEY, { user, csrf_token: 'x', roles: [] });
  seed(qc);
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>{routes}</Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
