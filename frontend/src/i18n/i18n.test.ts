// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

function flatten(o: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = String(v);
  }
  return out;
}

const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('translations', () => {
  const E = flatten(en);
  const Z = flatten(zhCN);

  it('zh-CN has exactly the keys of en', () => {
    expect(Object.keys(Z).sort()).toEqual(Object.keys(E).sort());
  });

  it('no translation is empty and placeholders match', () => {
    for (const k of Object.keys(E)) {
      expect(E[k].trim(), `en ${k}`).not.toBe('');
      expect(Z[k]?.trim(), `zh-CN ${k}`).not.toBe('');
      expect(vars(Z[k] ?? ''), `placeholders of ${k}`).toEqual(vars(E[k]));
    }
  });

  it('zh-CN is actually translated (mostly Chinese)', () => {
    const same = Object.keys(E).filter((k) => E[k] === Z[k] && /[a-z]{4,}/i.test(E[k]));
    expect(same).toEqual([]);
  });

  it('every literal key used in the source exists', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    for (const f of sources(root)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (!(m[1] in E)) missing.push(`${m[1]} (${f.slice(root.length)})`);
    }
    expect(missing).toEqual([]);
  });

  it('keys built at run time resolve for every value the code can produce', () => {
    const dynamic = [
      ...['upcoming', 'registration', 'open', 'closed'].map((x) => `phase.${x}`),
      ...['hashing', 'preparing', 'uploading', 'paused', 'retrying', 'completing', 'done', 'error'].map((x) => `files.phase.${x}`),
      ...['pending', 'draft', 'submitted', 'conflict'].map((x) => `judge.status.${x}`),
      ...['todo', 'done', 'all'].map((x) => `judge.filters.${x}`),
      ...['no_account', 'conflict', 'capacity'].map((x) => `rounds.unassignedReasons.${x}`),
      ...['forbidden', 'notFound'].flatMap((x) => [`access.${x}.title`, `access.${x}.text`]),
      ...['settings', 'members', 'teams', 'rounds', 'results', 'exports', 'audit', 'final'].map((x) => `console.tabs.${x}`),
      ...['move', 'tie', 'withhold'].map((x) => `final.kinds.${x}`),
      ...['idle', 'running', 'finished'].map((x) => `ceremony.states.${x}`),
      ...['calibrated', 'zscore', 'mean'].flatMap((x) => [`rounds.methods.${x}`, `rounds.methodHints.${x}`]),
      ...['text', 'textarea', 'url', 'select'].map((x) => `editor.types.${x}`),
      ...['queued', 'running', 'done', 'failed'].map((x) => `exports.states.${x}`),
      ...['registration_opens_at', 'submission_opens_at', 'submission_deadline'].map((x) => `editor.${x}`),
      ...['invalid', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'too_late', 'too_large', 'internal'].map((x) => `errors.codes.${x}`),
      ...['url', 'option', 'fileType', 'fileSize', 'scoreMissing', 'scoreRange', 'slug', 'timezone', 'order', 'duplicate', 'options', 'positive'].map((x) => `validation.${x}`),
    ];
    expect(dynamic.filter((k) => !(k in E))).toEqual([]);
  });
});
