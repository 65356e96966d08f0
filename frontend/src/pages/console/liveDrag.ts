// Moving a team in the live schedule by drag and drop: a slot dropped on
// another slot swaps the two teams, a slot dropped on a room's header moves
// the team to that room (the same changes as the form beside each slot,
// which stays the keyboard and phone path).

import type { LiveSlot, SlotMove, SlotSwap } from '../../api/model';

/** Where a slot was dropped: on another slot, or on a room's header. */
export type DropTarget = { slot: LiveSlot } | { room: number };

/** The change a drop asks for, or null when it asks for none. */
export type DropChange = ({ kind: 'swap' } & SlotSwap) | ({ kind: 'move' } & SlotMove) | null;

/**
 * The change of dropping dragged on target: only teams still waiting
 * (scheduled) move; a slot dropped on itself, on a team that has pitched,
 * or on its own room changes nothing.
 */
export function dropChange(dragged: LiveSlot | undefined, target: DropTarget): DropChange {
  if (!dragged || dragged.status !== 'scheduled') return null;
  if ('slot' in target) {
    const o = target.slot;
    if (o.id === dragged.id || o.status !== 'scheduled') return null;
    return { kind: 'swap', a: dragged.entry_id, b: o.entry_id };
  }
  if (target.room === dragged.room_id) return null;
  return { kind: 'move', entry_id: dragged.entry_id, room_id: target.room, position: 0 };
}

/** The drag data type of a slot (its id), so foreign drops are ignored. */
export const slotDragType = 'application/x-podium-slot';
