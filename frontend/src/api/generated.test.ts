// @vitest-environment node
// The generated contract (schema.gen.ts, rules.gen.ts, model.gen.ts) must be what
// `npm run gen:api` makes of the committed server/api/openapi.json: a server
// change that reaches the document reaches the SPA's types, or this fails.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Generator {
  generate(path?: string): Promise<{ schema: string; rules: string; model: string }>;
  SCHEMA_OUT: string;
  RULES_OUT: string;
  MODEL_OUT: string;
}

describe('generated API contract', () => {
  it('schema.gen.ts, rules.gen.ts and model.gen.ts are up to date with openapi.json (run npm run gen:api)', async () => {
    const gen = (await import('../../scripts/gen-api.mjs' as string)) as Generator;
    const want = await gen.generate();
    expect(readFileSync(gen.SCHEMA_OUT, 'utf8'), 'src/api/schema.gen.ts is stale: run npm run gen:api').toBe(want.schema);
    expect(readFileSync(gen.RULES_OUT, 'utf8'), 'src/api/rules.gen.ts is stale: run npm run gen:api').toBe(want.rules);
    expect(readFileSync(gen.MODEL_OUT, 'utf8'), 'src/api/model.gen.ts is stale: run npm run gen:api').toBe(want.model);
  });

  it('the rules module carries what the server checks', async () => {
    const { rules } = await import('./rules.gen');
    expect(rules.key.pattern.test('demo_video')).toBe(true);
    expect(rules.key.pattern.test('demo-video')).toBe(false);
    expect(rules.password.minLength).toBe(10);
  });
});
