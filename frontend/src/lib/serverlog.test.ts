// @vitest-environment node
// The browser harness's check of the server log (e2e/serverlog.ts).
import { describe, expect, it } from 'vitest';
import { internalErrors } from '../../e2e/serverlog';

describe('internalErrors', () => {
  it('finds the internal errors among the server\'s JSON log lines', () => {
    const log = [
      '{"time":"t","level":"INFO","msg":"request","status":200}',
      '{"time":"t","level":"ERROR","msg":"internal error","request_id":"r1","err":"boom"}',
      '{"time":"t","level":"ERROR","msg":"mail failed"}',
      'not json',
      '',
    ].join('\n');
    expect(internalErrors(log)).toEqual(['{"time":"t","level":"ERROR","msg":"internal error","request_id":"r1","err":"boom"}']);
    expect(internalErrors('{"level":"WARN","msg":"dependency unavailable"}\n')).toEqual([]);
  });
});
