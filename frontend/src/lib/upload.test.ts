// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PermanentUploadError, Uploader, planParts, storageMessage, toUploadPlan, type MultipartUpload, type Transport } from './upload';

const noWait = () => Promise.resolve();

function multipart(size: number, partSize: number): MultipartUpload {
  const n = Math.max(1, Math.ceil(size / partSize));
  return { method: 'MULTIPART', part_size: partSize, parts: Array.from({ length: n }, (_, i) => ({ number: i + 1, size: Math.min(partSize, size - i * partSize), url: `https://s3/p${i + 1}` })) };
}

/** A fake storage: records bodies; `fail` decides per call whether to fail. */
function fakeTransport(fail: (url: string, attempt: number) => Error | null = () => null) {
  const attempts = new Map<string, number>();
  const stored = new Map<string, number>();
  const t: Transport & { attempts: typeof attempts; stored: typeof stored } = {
    attempts,
    stored,
    async postForm(url, fields, file, onProgress) {
      const n = (attempts.get(url) ?? 0) + 1;
      attempts.set(url, n);
      const e = fail(url, n);
      if (e) throw e;
      expect(fields.key).toBeDefined();
      onProgress(file.size);
      stored.set(url, file.size);
    },
    async putPart(url, body, onProgress, signal) {
      const n = (attempts.get(url) ?? 0) + 1;
      attempts.set(url, n);
      if (signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      onProgress(body.size / 2);
      const e = fail(url, n);
      if (e) throw e;
      onProgress(body.size);
      stored.set(url, body.size);
      return `"etag-${url.slice(-2)}"`;
    },
  };
  return t;
}

describe('planParts', () => {
  it('maps parts to byte ranges covering the file', () => {
    const p = planParts(25, multipart(25, 10));
    expect(p.map((x) => [x.number, x.start, x.end])).toEqual([
      [1, 0, 10],
      [2, 10, 20],
      [3, 20, 25],
    ]);
  });
  it('sorts parts by number', () => {
    const up = multipart(20, 10);
    up.parts.reverse();
    expect(planParts(20, up).map((x) => x.number)).toEqual([1, 2]);
  });
  it('accepts a resumed plan whose missing parts are stored', () => {
    const up = multipart(35, 10);
    up.parts = up.parts.filter((p) => p.number === 2 || p.number === 4);
    expect(planParts(35, up, [1, 3]).map((x) => [x.number, x.start, x.end])).toEqual([
      [2, 10, 20],
      [4, 30, 35],
    ]);
    expect(() => planParts(35, up, [1])).toThrow(/expected 4 parts/);
  });
  it('re-sends a stored part that has a fresh URL (wrong size on the server)', async () => {
    const t = fakeTransport();
    const u = new Uploader({ file: new Blob(['x'.repeat(20)]), plan: multipart(20, 10), transport: t, completed: [{ number: 1, etag: '"short"' }], wait: noWait });
    const parts = await u.start();
    expect(parts?.[0].etag).toBe('"etag-p1"');
  });
  it('refuses a plan that does not cover the file', () => {
    expect(() => planParts(35, multipart(25, 10))).toThrow(/expected 4 parts/);
    expect(() => planParts(10, { method: 'MULTIPART', part_size: 0, parts: [] })).toThrow(/part size/);
    expect(() => planParts(20, { method: 'MULTIPART', part_size: 10, parts: [{ number: 1, size: 10, url: 'a' }, { number: 3, size: 10, url: 'b' }] })).toThrow(/part numbers/);
  });
});

/** A plan of size bytes in parts of partSize whose URLs come `window` at a time, from `from` on. */
function windowOf(size: number, partSize: number, from: number, window: number): MultipartUpload {
  const all = multipart(size, partSize).parts.filter((p) => p.number >= from);
  const parts = all.slice(0, window);
  return { method: 'MULTIPART', part_size: partSize, part_count: Math.ceil(size / partSize), parts, next_part: all[window]?.number ?? 0 };
}

/** An uploader of size bytes whose first window has `first` parts and the rest come from fetchParts. */
function windowed(size: number, first: number, fetchParts: (from: number) => Promise<MultipartUpload>, t: Transport = fakeTransport(), concurrency = 1) {
  return new Uploader({ file: new Blob(['x'.repeat(size)]), plan: windowOf(size, 10, 1, first), transport: t, concurrency, wait: noWait, fetchParts });
}

describe('part URL windows', () => {
  it('accepts a first window that does not cover the file', () => {
    expect(planParts(50, windowOf(50, 10, 1, 2)).map((p) => p.number)).toEqual([1, 2]);
    expect(() => planParts(50, { ...windowOf(50, 10, 1, 2), next_part: 2 })).toThrow(/next part/);
    expect(() => planParts(50, { ...windowOf(50, 10, 1, 2), next_part: 9 })).toThrow(/next part/);
  });

  it('fetches the next window as the upload goes, until none is left', async () => {
    const t = fakeTransport();
    const asked: number[] = [];
    const u = windowed(
      45,
      2,
      async (from) => {
        asked.push(from);
        return windowOf(45, 10, from, 2);
      },
      t,
      2,
    );
    const parts = await u.start();
    expect(asked).toEqual([3, 5]);
    expect(parts?.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect([...t.stored.values()].reduce((a, b) => a + b, 0)).toBe(45);
    expect(u.loaded).toBe(45);
  });

  it('skips parts of a window that are already stored or planned', async () => {
    const t = fakeTransport();
    // The server re-signs part 1 (its upload was still in flight when it listed the parts).
    const u = windowed(30, 1, async () => ({ ...multipart(30, 10), next_part: 0 }), t);
    await u.start();
    expect([...t.attempts.values()]).toEqual([1, 1, 1]);
  });

  it('retries a failed window fetch, and fails on one that does not move on', async () => {
    let calls = 0;
    const flaky = windowed(20, 1, async (from) => {
      if (++calls === 1) throw new Error('503');
      return windowOf(20, 10, from, 1);
    });
    expect((await flaky.start())?.length).toBe(2);
    const stuck = windowed(30, 1, async () => ({ ...windowOf(30, 10, 2, 1), next_part: 2 }));
    await expect(stuck.start()).rejects.toThrow(/next part/);
    const none = new Uploader({ file: new Blob(['x'.repeat(30)]), plan: windowOf(30, 10, 1, 1), transport: fakeTransport(), wait: noWait });
    await expect(none.start()).rejects.toThrow(/no way to fetch/);
  });
});

describe('Uploader', () => {
  it('says that only a multipart upload resumes after a pause', () => {
    const file = new Blob(['x'.repeat(10)]);
    expect(new Uploader({ file, plan: { method: 'POST', url: 'https://s3/bucket', fields: { key: 'k' } }, transport: fakeTransport() }).resumable).toBe(false);
    expect(new Uploader({ file, plan: multipart(10, 4), transport: fakeTransport() }).resumable).toBe(true);
  });

  it('sends a presigned POST and reports full progress', async () => {
    const t = fakeTransport();
    const seen: number[] = [];
    const u = new Uploader({ file: new Blob(['hello']), plan: { method: 'POST', url: 'https://s3/bucket', fields: { key: 'k' } }, transport: t, onProgress: (l) => seen.push(l), wait: noWait });
    expect(await u.start()).toEqual([]);
    expect(u.state).toBe('done');
    expect(seen.at(-1)).toBe(5);
  });

  it('uploads every part and returns the ETags in order', async () => {
    const t = fakeTransport();
    const u = new Uploader({ file: new Blob(['x'.repeat(25)]), plan: multipart(25, 10), transport: t, concurrency: 2, wait: noWait });
    const parts = await u.start();
    expect(parts).toEqual([
      { number: 1, etag: '"etag-p1"' },
      { number: 2, etag: '"etag-p2"' },
      { number: 3, etag: '"etag-p3"' },
    ]);
    expect([...t.stored.values()].reduce((a, b) => a + b, 0)).toBe(25);
    expect(u.loaded).toBe(25);
  });

  it('retries a failed part automatically with backoff', async () => {
    const t = fakeTransport((url, n) => (url.endsWith('p2') && n < 3 ? new Error('network error') : null));
    const delays: number[] = [];
    const states: string[] = [];
    const u = new Uploader({
      file: new Blob(['x'.repeat(30)]),
      plan: multipart(30, 10),
      transport: t,
      concurrency: 1,
      wait: async (ms) => void delays.push(ms),
      onState: (s) => states.push(s),
    });
    const parts = await u.start();
    expect(parts).toHaveLength(3);
    expect(t.attempts.get('https://s3/p2')).toBe(3);
    expect(delays).toEqual([1000, 2000]);
    expect(states).toContain('retrying');
    expect(states.at(-1)).toBe('done');
  });

  it('gives up after maxAttempts and can be resumed without resending stored parts', async () => {
    let broken = true;
    const t = fakeTransport((url) => (broken && url.endsWith('p3') ? new Error('network error') : null));
    const u = new Uploader({ file: new Blob(['x'.repeat(30)]), plan: multipart(30, 10), transport: t, concurrency: 1, maxAttempts: 2, wait: noWait });
    await expect(u.start()).rejects.toThrow('network error');
    expect(u.state).toBe('error');
    expect(u.completedParts.map((p) => p.number)).toEqual([1, 2]);
    broken = false;
    const parts = await u.resume();
    expect(parts?.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(t.attempts.get('https://s3/p1')).toBe(1);
    expect(t.attempts.get('https://s3/p2')).toBe(1);
  });

  it('does not retry permanent storage errors', async () => {
    const t = fakeTransport(() => new PermanentUploadError('EntityTooLarge', 400));
    const u = new Uploader({ file: new Blob(['x']), plan: { method: 'POST', url: 'https://s3/b', fields: { key: 'k' } }, transport: t, wait: noWait });
    await expect(u.start()).rejects.toThrow('EntityTooLarge');
    expect(t.attempts.get('https://s3/b')).toBe(1);
  });

  it('pauses (keeping stored parts) and resumes where it stopped', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    const t: Transport = {
      postForm: async () => undefined,
      putPart: (url, body, onProgress, signal) =>
        new Promise((resolve, reject) => {
          calls.push(url);
          if (url.endsWith('p1')) {
            onProgress(body.size);
            return resolve('"e1"');
          }
          // Part 2 hangs until aborted by pause(), the first time.
          if (url.endsWith('p2') && calls.filter((c) => c === url).length === 1) {
            signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
            release();
            return;
          }
          onProgress(body.size);
          resolve(`"e-${url.slice(-1)}"`);
        }),
    };
    const u = new Uploader({ file: new Blob(['x'.repeat(30)]), plan: multipart(30, 10), transport: t, concurrency: 1, wait: noWait });
    const first = u.start();
    await gate;
    u.pause();
    expect(await first).toBeNull();
    expect(u.state).toBe('paused');
    expect(u.completedParts).toEqual([{ number: 1, etag: '"e1"' }]);
    const parts = await u.resume();
    expect(parts?.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(calls.filter((c) => c.endsWith('p1'))).toHaveLength(1);
  });

  it('continues from parts stored by an earlier attempt (server sends URLs for the rest)', async () => {
    const t = fakeTransport();
    const plan = multipart(30, 10);
    plan.parts = plan.parts.filter((p) => p.number !== 1);
    const u = new Uploader({ file: new Blob(['x'.repeat(30)]), plan, transport: t, completed: [{ number: 1, etag: '"old"' }], wait: noWait });
    expect(u.loaded).toBe(10);
    const parts = await u.start();
    expect(parts?.[0]).toEqual({ number: 1, etag: '"old"' });
    expect(t.attempts.has('https://s3/p1')).toBe(false);
  });
});

describe('storageMessage', () => {
  it('reads an S3 XML error', () => {
    expect(storageMessage('<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>')).toBe(
      'EntityTooLarge: Your proposed upload exceeds the maximum allowed size',
    );
    expect(storageMessage('')).toBe('');
  });
});

describe('toUploadPlan', () => {
  const T = '2030-01-01T00:00:00Z';

  it('turns the server\'s upload plan into the uploader\'s union, refusing an unusable one', () => {
    expect(toUploadPlan({ method: 'POST', url: 'https://s3/x', fields: { key: 'k' }, expires_at: T })).toEqual({ method: 'POST', url: 'https://s3/x', fields: { key: 'k' }, expires_at: T });
    expect(toUploadPlan({ method: 'MULTIPART', part_size: 5, parts: [{ number: 1, size: 5, url: 'u' }], expires_at: T })).toMatchObject({ method: 'MULTIPART', part_size: 5 });
    expect(() => toUploadPlan({ method: 'POST', expires_at: T })).toThrow(/upload plan/);
  });
});
