import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../api/endpoints';
import { NearDuplicatesPanel } from './NearDuplicates';

describe('NearDuplicatesPanel', () => {
  it('searches on request and links both entries of each pair', async () => {
    const search = vi.spyOn(api, 'nearDuplicates').mockResolvedValue({
      threshold: 0.5,
      entries: 3,
      pairs: [{ similarity: 0.83, a: { submission_id: 1, team_id: 10, team_name: 'Owls', title: 'Water' }, b: { submission_id: 2, team_id: 20, team_name: 'Larks', title: 'Water too' } }],
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <NearDuplicatesPanel slug="green" />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(search).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Search the entries' }));
    expect(await screen.findByText('83 % similar')).toBeInTheDocument();
    expect(search).toHaveBeenCalledWith('green');
    expect(screen.getByRole('link', { name: 'Owls — Water' })).toHaveAttribute('href', '/teams/10/receipt');
    expect(screen.getByRole('link', { name: 'Larks — Water too' })).toHaveAttribute('href', '/teams/20/receipt');
  });
});
