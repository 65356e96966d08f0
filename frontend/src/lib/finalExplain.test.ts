import { describe, expect, it } from 'vitest';
import { finalSentences } from './finalExplain';

const t = (key: string, p?: Record<string, unknown>) => `${key} ${JSON.stringify(p ?? {})}`;

describe('finalSentences', () => {
  it('words each round part with its share in percent and the jury decisions', () => {
    const out = finalSentences(
      {
        text: '',
        statements: [
          { code: 'combined', params: { rank: 1, of: 3, score: 81.234, uncertainty: 1.5 } },
          { code: 'round_part', params: { round: 'Final', share: 0.7, score: 90, rank: 1, points: 63 } },
          { code: 'missing_rounds', params: { rounds: ['Online'], rule: 'renormalize' } },
          { code: 'override', params: { kind: 'move', position: 1, reason: 'vote', by: 'a@x' } },
          { code: 'override', params: { kind: 'tie', reason: 'demo', by: 'b@x', applied: false } },
        ],
      },
      t,
      'en',
    );
    expect(out[0]).toContain('final.statement.combined');
    expect(out[0]).toContain('"score":"81.23"');
    expect(out[1]).toContain('"share":"70"');
    expect(out[2]).toContain('missingRenormalized');
    expect(out[2]).toContain('"rounds":"Online"');
    expect(out[3]).toContain('final.statement.move');
    expect(out[4]).toContain('tieNotApplied');
  });
});
