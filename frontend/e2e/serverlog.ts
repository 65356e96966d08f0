// Fails a browser test when the server under test logged an internal error
// (a 500 with code "internal") while it ran, even if the page coped: the
// harness (deploy/local/test.sh) passes the server's JSON log as
// PODIUM_SERVER_LOG. A test that provokes one on purpose calls
// expectInternalErrors().

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';

let offset = 0;
let expected = false;

/** The server's internal errors among JSON log lines. */
export function internalErrors(text: string): string[] {
  return text.split('\n').filter((line) => {
    if (!line.trim()) return false;
    try {
      const r = JSON.parse(line) as { level?: string; msg?: string };
      return r.level === 'ERROR' && r.msg === 'internal error';
    } catch {
      return false;
    }
  });
}

function readFrom(path: string, from: number): string {
  const size = statSync(path).size;
  if (size <= from) return '';
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size - from);
    readSync(fd, buf, 0, buf.length, from);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Opts the current test out of the check (it provokes internal errors on purpose). */
export function expectInternalErrors(): void {
  expected = true;
}

const log = process.env.PODIUM_SERVER_LOG;
if (log) {
  beforeEach(() => {
    offset = existsSync(log) ? statSync(log).size : 0;
    expected = false;
  });
  afterEach(() => {
    if (expected || !existsSync(log)) return;
    const found = internalErrors(readFrom(log, offset));
    if (found.length) throw new Error(`the server logged ${found.length} internal error(s) during this test (fix the cause, or call expectInternalErrors()):\n${found.join('\n')}`);
  });
}
