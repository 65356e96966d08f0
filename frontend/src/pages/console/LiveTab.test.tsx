import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/endpoints';
import { liveApi, type LiveSetup, type LiveSlot } from '../../api/live';
import type { Member } from '../../api/model';
import { renderAt, testContest, testUser } from '../../testing';
import { LiveTab } from './LiveTab';

const slot = (id: number, room: number, team: string, status: LiveSlot['status'] = 'scheduled'): LiveSlot => ({
  id, room_id: room, entry_id: 100 + id, position: id, starts_at: '2026-12-10T01:00:00Z', status, team_name: team, title: `${team} entry`, track: 'energy',
});

const setup: LiveSetup = {
  round_id: 5, pitch_seconds: 360, qa_seconds: 240, starts_at: '2026-12-10T01:00:00Z', breaks: [], unplaced: [],
  rooms: [
    { id: 1, name: 'Hall A', judges: [], moderator: '', display_token: 'a' },
    { id: 2, name: 'Hall B', judges: [], moderator: '', display_token: 'b' },
  ],
  slots: [slot(1, 1, 'Owls'), slot(2, 1, 'Foxes', 'done'), slot(3, 2, 'Bees')],
};

function renderLive(judges: Member[] = []) {
  vi.spyOn(api, 'listRounds').mockResolvedValue([{ id: 5, name: 'Final' }] as never);
  vi.spyOn(api, 'allMembers').mockResolvedValue(judges);
  vi.spyOn(liveApi, 'setup').mockResolvedValue(setup);
  return renderAt('/organize/green/live/5', <Route path="organize/:slug/live/:sub" element={<LiveTab c={testContest} sub="5" />} />, testUser({ id: 9, is_admin: true }));
}

/** Drags from onto target, with the events of a browser's HTML5 drag and drop. */
function drag(from: HTMLElement, target: HTMLElement) {
  const dataTransfer = { setData: vi.fn(), getData: vi.fn(), effectAllowed: 'all', dropEffect: 'move' };
  fireEvent.dragStart(from, { dataTransfer });
  fireEvent.dragOver(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
  fireEvent.dragEnd(from, { dataTransfer });
}

const row = (team: string) => screen.getByRole('cell', { name: team }).closest('tr')!;

afterEach(() => vi.restoreAllMocks());

describe('the live schedule in the console', () => {
  it('offers every judge with an account for the rooms, read page after page', async () => {
    renderLive([{ email: 'ada@example.org', name: 'Ada Lovelace', role: 'judge' }, { email: 'alan@example.org', name: '', role: 'judge' }] as Member[]);
    expect(await screen.findAllByRole('checkbox', { name: 'Ada Lovelace' })).toHaveLength(2);
    expect(screen.getAllByRole('checkbox', { name: 'alan@example.org' })).toHaveLength(2);
    expect(api.allMembers).toHaveBeenCalledWith('green', { role: 'judge' });
  });

  it('swaps two waiting teams dropped one on the other', async () => {
    renderLive();
    await screen.findByRole('heading', { name: 'Hall A' });
    const swap = vi.spyOn(liveApi, 'swap').mockResolvedValue(setup);
    drag(row('Owls'), row('Bees'));
    await waitFor(() => expect(swap).toHaveBeenCalledWith('5', { a: 101, b: 103 }));
  });

  it("moves a waiting team dropped on a room's name, and ignores a team that has pitched", async () => {
    renderLive();
    const hallB = await screen.findByRole('heading', { name: 'Hall B' });
    const move = vi.spyOn(liveApi, 'move').mockResolvedValue(setup);
    const swap = vi.spyOn(liveApi, 'swap').mockResolvedValue(setup);
    expect(row('Foxes')).toHaveAttribute('draggable', 'false');
    drag(row('Foxes'), row('Bees'));
    drag(row('Owls'), hallB);
    await waitFor(() => expect(move).toHaveBeenCalledWith('5', { entry_id: 101, room_id: 2, position: 0 }));
    expect(swap).not.toHaveBeenCalled();
  });
});
