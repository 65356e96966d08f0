import { screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import { renderAt, testContest, testTeam, testUser } from '../testing';
import { MyTeamsPage } from './MyTeams';

afterEach(() => vi.restoreAllMocks());

describe('My teams', () => {
  it('lists the person’s teams across contests with links, tracks and deadlines', async () => {
    vi.spyOn(api, 'myTeams').mockResolvedValue([
      testTeam({ id: 7, contest_slug: 'green', name: 'Owls', track: 'energy', deadline: testContest.submission_deadline }),
      testTeam({ id: 9, contest_slug: 'blue', name: 'Foxes', track: 'ocean', deadline: '2027-01-01T00:00:00Z' }),
    ]);
    vi.spyOn(api, 'getContest').mockImplementation(async (slug) => {
      if (slug === 'green') return testContest;
      throw new Error('gone');
    });
    renderAt('/teams', <Route path="teams" element={<MyTeamsPage />} />, testUser({ id: 1, email: 'ada@example.org', name: 'Ada' }));
    expect(await screen.findByRole('link', { name: 'Owls' })).toHaveAttribute('href', '/teams/7');
    expect(await screen.findByRole('link', { name: 'Green Tech Challenge' })).toHaveAttribute('href', '/c/green');
    const owls = screen.getByRole('row', { name: /Owls/ });
    expect(owls).toHaveTextContent('Energy');
    expect(owls).toHaveTextContent(/Dec.* 1, 2026.*6:00/);
    expect(screen.getByRole('link', { name: 'blue' })).toHaveAttribute('href', '/c/blue');
  });
});
