import { describe, expect, it } from 'vitest';
import type { Assignment } from '../lib/judging';
import { packetRounds } from './JudgePackets';

const a = (id: number, round_id: number, status: Assignment['status'] = 'pending') => ({ id, round_id, entry_id: id, judge_id: 1, status }) as Assignment;

describe('packetRounds', () => {
  it('lists each round of the assignments once, in order, without conflicts given back', () => {
    expect(packetRounds([a(1, 7), a(2, 3), a(3, 7), a(4, 9, 'conflict')])).toEqual([7, 3]);
    expect(packetRounds([a(4, 9, 'conflict')])).toEqual([]);
  });
});
