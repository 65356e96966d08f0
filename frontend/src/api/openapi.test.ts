// @vitest-environment node
// Every route the client calls must be in the server's OpenAPI document
// (server/api/openapi.json, also served at /api/v1/openapi.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from './endpoints';

const DOC = join(__dirname, '../../../server/api/openapi.json');

/** "/api/v1/teams/{id}/x/{file_id}" → "/teams/{}/x/{}" */
function normalise(p: string): string {
  return p.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}|:[A-Za-z_]\w*/g, '{}');
}

describe('OpenAPI contract', () => {
  it('the OpenAPI document exists', () => {
    expect(existsSync(DOC), `missing ${DOC}: the server must commit its OpenAPI document there`).toBe(true);
  });
  const doc = existsSync(DOC) ? (JSON.parse(readFileSync(DOC, 'utf8')) as { openapi?: string; paths?: Record<string, Record<string, unknown>> }) : { paths: {} };
  const paths = new Map<string, Set<string>>();
  for (const [p, ops] of Object.entries(doc.paths ?? {})) {
    const set = paths.get(normalise(p)) ?? new Set<string>();
    for (const m of Object.keys(ops)) set.add(m.toUpperCase());
    paths.set(normalise(p), set);
  }
  it.each(Object.entries(routes))('%s: %j is documented', (_name, [method, path]) => {
    const ops = paths.get(normalise(path));
    expect(ops, `${path} is not in the OpenAPI document`).toBeDefined();
    expect([...(ops ?? [])], `${method} ${path} is not in the OpenAPI document`).toContain(method);
  });
});
