import { describe, expect, it } from 'vitest';
import type { LiveSlot } from '../../api/live';
import { dropChange } from './liveDrag';

const slot = (id: number, room: number, status: LiveSlot['status'] = 'scheduled'): LiveSlot => ({
  id,
  room_id: room,
  entry_id: 100 + id,
  position: id,
  starts_at: '2026-06-01T09:00:00Z',
  status,
  track: 'energy',
});

describe('dropChange', () => {
  it('swaps two waiting teams when a slot is dropped on another', () => {
    expect(dropChange(slot(1, 1), { slot: slot(2, 2) })).toEqual({ kind: 'swap', a: 101, b: 102 });
    expect(dropChange(slot(1, 1), { slot: slot(3, 1) })).toEqual({ kind: 'swap', a: 101, b: 103 });
  });
  it('moves a team to the room whose header it is dropped on', () => {
    expect(dropChange(slot(1, 1), { room: 2 })).toEqual({ kind: 'move', entry_id: 101, room_id: 2, position: 0 });
  });
  it('changes nothing for a drop on itself, on its own room, or involving a team that has pitched', () => {
    expect(dropChange(slot(1, 1), { slot: slot(1, 1) })).toBeNull();
    expect(dropChange(slot(1, 1), { room: 1 })).toBeNull();
    expect(dropChange(slot(1, 1, 'done'), { room: 2 })).toBeNull();
    expect(dropChange(slot(1, 1), { slot: slot(2, 2, 'absent') })).toBeNull();
    expect(dropChange(undefined, { room: 2 })).toBeNull();
  });
});
