// A live room's clock on the client. The server sends the clock itself
// (instants of its own clock) with its current time; the client measures
// the offset between the server's clock and its own at receipt and then
// computes every second locally, so a reload or a reconnect lands on the
// same second as every other screen of the room.

import type { RoomClock, RoomPhase } from '../api/live';

/** Server time minus local time, in ms, measured when a state arrived. */
export function clockOffset(serverTime: string, receivedAt: number): number {
  const s = Date.parse(serverTime);
  return Number.isNaN(s) ? 0 : s - receivedAt;
}

/** Where the room is at serverNow (ms since the epoch, on the server's clock). */
export function phaseAt(c: RoomClock, serverNow: number): { phase: RoomPhase; remainingMs: number; elapsedMs: number } {
  if (!c.slot_id) return { phase: 'finished', remainingMs: 0, elapsedMs: 0 };
  if (!c.started_at) return { phase: 'idle', remainingMs: c.pitch_ms, elapsedMs: 0 };
  const end = c.paused_at ? Date.parse(c.paused_at) : serverNow;
  const e = Math.max(0, end - Date.parse(c.started_at) - c.paused_ms);
  if (e < c.pitch_ms) return { phase: 'pitch', remainingMs: c.pitch_ms - e, elapsedMs: e };
  if (e < c.pitch_ms + c.qa_ms) return { phase: 'qa', remainingMs: c.pitch_ms + c.qa_ms - e, elapsedMs: e };
  return { phase: 'over', remainingMs: c.pitch_ms + c.qa_ms - e, elapsedMs: e };
}

/** "m:ss" for a remaining time; an overrun shows as "+m:ss". */
export function formatClock(ms: number): string {
  const over = ms < 0;
  const s = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  return `${over ? '+' : ''}${m}:${String(s % 60).padStart(2, '0')}`;
}
