import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CeremonyView, RevealCard } from '../api/ceremony';
import { Stage } from './Ceremony';

const card = (position: number, award: string, team_name: string): RevealCard => ({ position, award, team_name, title: `${team_name}'s entry`, entry_id: position, track: '' });

const view = (shown: RevealCard[]): CeremonyView => ({ contest_slug: 'green', rehearsal: false, revealed: shown.length, revision: shown.length, shown, state: 'running', title: 'Green', total: 3 });

describe('the ceremony stage', () => {
  it('shows the award just revealed large, and the earlier ones in the order they were revealed, without numbers', () => {
    render(<Stage v={view([card(1, 'Third prize', 'Owls'), card(2, 'Second prize', 'Foxes'), card(3, 'First prize', 'Bees')])} big />);
    expect(screen.getByRole('heading', { name: 'Bees' })).toBeInTheDocument();
    const earlier = screen.getByRole('region', { name: 'Announced so far, in order' });
    const items = within(earlier).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Third prize — Owls', 'Second prize — Foxes']);
    expect(within(earlier).queryByRole('list')?.tagName).toBe('UL'); // an ordered list would number them as places
    expect(earlier.textContent).not.toMatch(/\d/);
  });

  it('lists nothing earlier after the first reveal', () => {
    render(<Stage v={view([card(1, 'Third prize', 'Owls')])} />);
    expect(screen.getByRole('heading', { name: 'Owls' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Announced so far, in order' })).toBeNull();
  });
});
