// @vitest-environment node
// Every live route the client calls must be in the server's OpenAPI document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveRoutes } from './live';

const doc = JSON.parse(readFileSync(join(__dirname, '../../../server/api/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const norm = (p: string) => p.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}|:[A-Za-z_]\w*/g, '{}');
const paths = new Map<string, string[]>(Object.entries(doc.paths).map(([p, ops]) => [norm(p), Object.keys(ops).map((m) => m.toUpperCase())]));

describe('live routes', () => {
  it.each(Object.entries(liveRoutes))('%s: %j is documented', (_n, [method, path]) => {
    expect(paths.get(norm(path)) ?? [], `${method} ${path}`).toContain(method);
  });
});
