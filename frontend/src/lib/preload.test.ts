import { describe, expect, it } from 'vitest';
import { Preloads } from './preload';

/** A Preloads whose work is a numbered record of what happened to it. */
function setup() {
  const started: string[] = [];
  const disposed: string[] = [];
  let n = 0;
  const p = new Preloads<string>(
    (key) => {
      const w = `${key}#${++n}`;
      started.push(w);
      return w;
    },
    (w) => disposed.push(w),
  );
  return { p, started, disposed };
}

describe('Preloads', () => {
  it('hands the preloaded work over once, then starts anew', () => {
    const { p, started, disposed } = setup();
    p.preload('a.pdf');
    expect(p.take('a.pdf')).toBe('a.pdf#1');
    expect(p.has('a.pdf')).toBe(false);
    expect(p.take('a.pdf')).toBe('a.pdf#2');
    expect(started).toEqual(['a.pdf#1', 'a.pdf#2']);
    expect(disposed).toEqual([]);
  });

  it('starts the work for a key once while it is held', () => {
    const { p, started } = setup();
    p.preload('a.pdf');
    p.preload('a.pdf');
    expect(started).toEqual(['a.pdf#1']);
    expect(p.take('a.pdf')).toBe('a.pdf#1');
  });

  it('disposes of work released before anyone took it', () => {
    const { p, disposed } = setup();
    const release = p.preload('a.pdf');
    release();
    expect(disposed).toEqual(['a.pdf#1']);
    expect(p.has('a.pdf')).toBe(false);
    release();
    expect(disposed).toEqual(['a.pdf#1']);
  });

  it('leaves taken work to its new owner', () => {
    const { p, disposed } = setup();
    const release = p.preload('a.pdf');
    p.take('a.pdf');
    release();
    expect(disposed).toEqual([]);
  });

  it('does not let an old release dispose of newer work for the same key', () => {
    const { p, disposed } = setup();
    const old = p.preload('a.pdf');
    p.take('a.pdf');
    p.preload('a.pdf');
    old();
    expect(disposed).toEqual([]);
    expect(p.take('a.pdf')).toBe('a.pdf#2');
  });

  it('keeps keys apart', () => {
    const { p, disposed } = setup();
    const releaseA = p.preload('a.pdf');
    p.preload('b.pdf');
    releaseA();
    expect(disposed).toEqual(['a.pdf#1']);
    expect(p.take('b.pdf')).toBe('b.pdf#2');
  });
});
