// Helpers of the page tests: a contest to show, and a page rendered at a path
// with a signed-in user and seeded queries (so that only what a test mocks
// reaches the API).

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Routes } from 'react-router';
import type { Contest, User } from './api/types';
import { ME_KEY } from './session';

/** An open contest in Shanghai whose deadline is 2026-12-01 18:00 there. */
export const testContest: Contest = {
  slug: 'green',
  title: 'Green Tech Challenge',
  description: '',
  timezone: 'Asia/Shanghai',
  registration_opens_at: '2026-11-01T00:00:00Z',
  submission_opens_at: '2026-11-01T00:00:00Z',
  submission_deadline: '2026-12-01T10:00:00Z',
  max_team_size: 3,
  tracks: [
    { slug: 'energy', title: 'Energy' },
    { slug: 'mobility', title: 'Mobility' },
  ],
  form: [],
  files: [],
  status: 'open',
};

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
