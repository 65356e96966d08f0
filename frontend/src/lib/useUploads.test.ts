import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Id } from '../api/model';
import type { Transport } from './upload';
import { rememberPart, trustedParts } from './partLedger';
import { useUploads } from './useUploads';

function transport(): Transport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    postForm: async (url, _f, file, onProgress) => {
      sent.push(url);
      onProgress(file.size);
    },
    putPart: async (url, body, onProgress) => {
      sent.push(url);
      onProgress(body.size);
      return `"${url}"`;
    },
  };
}

const file = (text: string, name = 'deck.pdf') => new File([text], name, { type: 'application/pdf' });

describe('useUploads', () => {
  it('hashes, declares, uploads with a presigned POST and completes', async () => {
    const t = transport();
    const createFile = vi.fn(async () => ({ file_id: 'f1', upload: { method: 'POST' as const, url: 'https://s3/b', fields: { key: 'k' } } }));
    const completeFile = vi.fn(async () => ({}));
    const onDone = vi.fn();
    const { result } = renderHook(() => useUploads(7, onDone, { transport: t, createFile, completeFile, hash: async () => 'abc' }));
    act(() => result.current.start('deck', file('hello')));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('done'));
    expect(createFile).toHaveBeenCalledWith(7, { slot: 'deck', filename: 'deck.pdf', size: 5, content_type: 'application/pdf', sha256: 'abc' });
    expect(completeFile).toHaveBeenCalledWith(7, 'f1', undefined);
    expect(t.sent).toEqual(['https://s3/b']);
    expect(onDone).toHaveBeenCalledWith('deck');
  });

  it('resumes an interrupted multipart upload of the same file instead of starting over', async () => {
    const t = transport();
    const createFile = vi.fn();
    const uploadState = vi.fn(async () => ({
      file_id: 'f9',
      status: 'pending',
      done: [{ number: 1, etag: '"p1"' }],
      upload: { method: 'MULTIPART' as const, part_size: 4, parts: [{ number: 2, size: 4, url: 'https://s3/p2' }] },
    }));
    const completeFile = vi.fn(async () => ({}));
    const { result } = renderHook(() => useUploads(7, () => undefined, { transport: t, createFile, completeFile, uploadState, hash: async () => 'same' }));
    act(() => result.current.start('deck', file('12345678'), { id: 'f9', filename: 'deck.pdf', size: 8, sha256: 'same' }));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('done'));
    expect(createFile).not.toHaveBeenCalled();
    expect(t.sent).toEqual(['https://s3/p2']);
    expect(completeFile).toHaveBeenCalledWith(7, 'f9', [
      { number: 1, etag: '"p1"' },
      { number: 2, etag: '"https://s3/p2"' },
    ]);
  });

  it('sends again a listed part whose ETag this browser did not receive (an upload cut off mid-part)', async () => {
    localStorage.clear();
    rememberPart('f8', { number: 1, etag: '"p1"' }); // part 2 was cut off before the store answered
    const t = transport();
    const listed = [
      { number: 1, etag: '"p1"' },
      { number: 2, etag: '"padded"' },
    ];
    const uploadState = vi.fn(async (_team: unknown, _file: unknown, resend?: number[]) => ({
      file_id: 'f8',
      status: 'pending',
      done: listed,
      upload: {
        method: 'MULTIPART' as const,
        part_size: 4,
        parts: resend?.includes(2) ? [{ number: 2, size: 4, url: 'https://s3/p2-again' }] : [],
      },
    }));
    const completeFile = vi.fn(async () => ({}));
    const { result } = renderHook(() => useUploads(7, () => undefined, { transport: t, createFile: vi.fn(), completeFile, uploadState, hash: async () => 'same' }));
    act(() => result.current.start('deck', file('12345678'), { id: 'f8', filename: 'deck.pdf', size: 8, sha256: 'same' }));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('done'));
    expect(uploadState).toHaveBeenLastCalledWith(7, 'f8', [2]);
    expect(t.sent).toEqual(['https://s3/p2-again']);
    expect(completeFile).toHaveBeenCalledWith(7, 'f8', [
      { number: 1, etag: '"p1"' },
      { number: 2, etag: '"https://s3/p2-again"' },
    ]);
    expect(trustedParts('f8', [{ number: 9, etag: 'x' }])).toEqual([{ number: 9, etag: 'x' }]); // forgotten once complete
  });

  it('fetches part URLs a window at a time, re-signing the parts it does not trust', async () => {
    const t = transport();
    const windows: Record<number, { number: number; size: number; url: string }[]> = {
      1: [{ number: 2, size: 4, url: 'https://s3/p2' }],
      3: [{ number: 3, size: 4, url: 'https://s3/p3' }],
    };
    const uploadState = vi.fn(async (_team: Id, _id: Id, _resend?: number[], from?: number) => ({
      file_id: 'f9',
      status: 'pending',
      done: [{ number: 1, etag: '"p1"' }],
      upload: { method: 'MULTIPART' as const, part_size: 4, parts: windows[from ?? 1], next_part: (from ?? 1) === 1 ? 3 : 0 },
    }));
    const completeFile = vi.fn(async () => ({}));
    rememberPart('f9', { number: 1, etag: '"p1"' });
    const { result } = renderHook(() => useUploads(7, () => undefined, { transport: t, createFile: vi.fn(), completeFile, uploadState, hash: async () => 'same' }));
    act(() => result.current.start('deck', file('123456789012'), { id: 'f9', filename: 'deck.pdf', size: 12, sha256: 'same' }));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('done'));
    expect(uploadState).toHaveBeenLastCalledWith(7, 'f9', [], 3);
    expect(t.sent).toEqual(['https://s3/p2', 'https://s3/p3']);
    expect(completeFile).toHaveBeenCalledWith(7, 'f9', [
      { number: 1, etag: '"p1"' },
      { number: 2, etag: '"https://s3/p2"' },
      { number: 3, etag: '"https://s3/p3"' },
    ]);
  });

  it('starts a new upload when a different file is chosen', async () => {
    const t = transport();
    const createFile = vi.fn(async () => ({ file_id: 'new', upload: { method: 'POST' as const, url: 'https://s3/b', fields: { key: 'k' } } }));
    const uploadState = vi.fn();
    const { result } = renderHook(() => useUploads(7, () => undefined, { transport: t, createFile, completeFile: async () => ({}), uploadState, hash: async () => 'other' }));
    act(() => result.current.start('deck', file('12345678'), { id: 'f9', filename: 'deck.pdf', size: 8, sha256: 'same' }));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('done'));
    expect(uploadState).not.toHaveBeenCalled();
    expect(createFile).toHaveBeenCalled();
  });

  it('shows an error and retries on demand', async () => {
    let fail = true;
    const t = transport();
    const createFile = vi.fn(async () => {
      if (fail) throw new Error('server down');
      return { file_id: 'f1', upload: { method: 'POST' as const, url: 'https://s3/b', fields: { key: 'k' } } };
    });
    const { result } = renderHook(() => useUploads(7, () => undefined, { transport: t, createFile, completeFile: async () => ({}), hash: async () => 'h' }));
    act(() => result.current.start('deck', file('x')));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('error'));
    fail = false;
    act(() => result.current.resume('deck'));
    await waitFor(() => expect(result.current.items.deck?.phase).toBe('done'));
  });
});
