// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { sha256Hex, toHex } from './hash';

// Known answer: SHA-256("abc").
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Hex', () => {
  it('hashes small files with Web Crypto', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe(ABC);
  });
  it('streams large files in chunks with the same result', async () => {
    const progress: number[] = [];
    expect(await sha256Hex(new Blob(['abc']), (d) => progress.push(d), undefined, 0)).toBe(ABC);
    expect(progress.at(-1)).toBe(3);
  });
  it('agrees between the two paths on a multi-chunk file', async () => {
    const big = new Uint8Array(9 * 1024 * 1024 + 17).map((_, i) => i % 251);
    const blob = new Blob([big]);
    expect(await sha256Hex(blob, undefined, undefined, 0)).toBe(await sha256Hex(blob));
  });
  it('hashes the empty file', async () => {
    expect(await sha256Hex(new Blob([]), undefined, undefined, 0)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(sha256Hex(new Blob(['abc']), undefined, ac.signal, 0)).rejects.toThrow('aborted');
  });
  it('toHex pads bytes', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
  });
});
