import { describe, expect, it } from 'vitest';
import type { RoomClock } from '../api/live';
import { clockOffset, formatClock, phaseAt } from './liveclock';

const t0 = Date.parse('2026-12-08T01:00:00Z');
const base: RoomClock = { slot_id: 7, started_at: null, paused_at: null, paused_ms: 0, pitch_ms: 360000, qa_ms: 240000, revision: 1 };
const started = { ...base, started_at: new Date(t0).toISOString() };

describe('phaseAt', () => {
  it.each([
    ['idle before the start', base, t0 + 5000, 'idle', 360000],
    ['pitch', started, t0 + 60000, 'pitch', 300000],
    ['questions after the pitch', started, t0 + 400000, 'qa', 200000],
    ['over, with the overrun', started, t0 + 610000, 'over', -10000],
    ['paused: the time stands', { ...started, paused_at: new Date(t0 + 60000).toISOString() }, t0 + 999999, 'pitch', 300000],
    ['pauses are not counted', { ...started, paused_ms: 30000 }, t0 + 90000, 'pitch', 300000],
    ['no team left', { ...base, slot_id: 0 }, t0, 'finished', 0],
  ] as const)('%s', (_n, c, now, phase, left) => {
    const got = phaseAt(c, now);
    expect(got.phase).toBe(phase);
    expect(got.remainingMs).toBe(left);
  });
});

describe('clockOffset', () => {
  it('is the server time minus the local time at receipt', () => {
    expect(clockOffset('2026-12-08T01:00:02.500Z', t0)).toBe(2500);
    expect(clockOffset('not a time', t0)).toBe(0);
  });
  it('makes a client with a wrong clock show the server second', () => {
    const local = t0 - 7 * 60000; // 7 minutes slow
    const off = clockOffset(new Date(t0 + 60000).toISOString(), local + 60000);
    expect(phaseAt(started, local + 120000 + off).remainingMs).toBe(240000);
  });
});

describe('formatClock', () => {
  it.each([
    [360000, '6:00'],
    [59001, '1:00'],
    [59000, '0:59'],
    [0, '0:00'],
    [-1000, '+0:01'],
    [-61000, '+1:01'],
  ])('%d ms → %s', (ms, s) => expect(formatClock(ms)).toBe(s));
});
