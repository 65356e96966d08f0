// Uploads straight to object storage, with per-file progress, pause/resume and
// automatic retry of failed parts. The HTTP transport is injected so the logic
// can be tested without a network (see xhrTransport for the browser one).

import type { PartURL, StoredPart, Upload } from '../api/model';

/** A presigned POST: send `fields` then `file` as multipart/form-data to `url`. */
export interface PostUpload {
  method: 'POST';
  url: string;
  fields: Record<string, string>;
  expires_at?: string;
}
/** A multipart upload: PUT each part to its URL, collect the ETags, then complete. */
export interface MultipartUpload {
  method: 'MULTIPART';
  part_size: number;
  /** URLs for one window of the missing parts (at most 100). */
  parts: PartURL[];
  part_count?: number;
  /** Where the next window starts (GET the upload state with from_part); absent or 0 when none. */
  next_part?: number;
  expires_at?: string;
}
/** The server's upload plan (one object whose fields depend on its method) as a union the uploader can switch on. */
export type UploadPlan = PostUpload | MultipartUpload;
/** A server answer (a new file, an upload state) with its plan read by toUploadPlan. */
export type WithPlan<T extends { upload: Upload }> = Omit<T, 'upload'> & { upload: UploadPlan };

/** The server's upload plan as the uploader's union; a plan without what its method needs is an error. */
export function toUploadPlan(u: Upload): UploadPlan {
  if (u.method === 'POST' && u.url) return { method: 'POST', url: u.url, fields: u.fields ?? {}, expires_at: u.expires_at };
  if (u.method === 'MULTIPART' && u.part_size && u.parts)
    return { method: 'MULTIPART', part_size: u.part_size, parts: u.parts, part_count: u.part_count, next_part: u.next_part, expires_at: u.expires_at };
  throw new Error(`unusable upload plan (method ${u.method})`);
}


/** One part of a multipart upload: the byte range [start, end) of the file. */
export interface PartPlan {
  number: number;
  url: string;
  start: number;
  end: number;
}

/**
 * Maps the server's presigned parts to byte ranges of a file of `size` bytes.
 * When resuming, the server sends URLs only for the parts still missing:
 * `stored` are the numbers already in storage. The server signs at most a
 * window of parts at a time (`next_part` says where the next one starts);
 * a plan without a next window must, with the stored parts, cover the file
 * exactly, or this throws (a server bug we would rather report than upload
 * a truncated file).
 */
export function planParts(size: number, upload: MultipartUpload, stored: Iterable<number> = []): PartPlan[] {
  const plan = planWindow(size, upload);
  if (upload.next_part) return plan;
  const expected = Math.max(1, Math.ceil(size / upload.part_size));
  const have = new Set(stored);
  for (const p of plan) have.delete(p.number);
  const covered = plan.length + [...have].filter((n) => n >= 1 && n <= expected).length;
  if (covered !== expected) throw new Error(`expected ${expected} parts for ${size} bytes, got ${covered}`);
  return plan;
}

/** Maps one window of presigned parts to byte ranges, checking their numbers. */
export function planWindow(size: number, upload: MultipartUpload): PartPlan[] {
  const ps = upload.part_size;
  if (!(ps > 0)) throw new Error('invalid part size');
  const parts = [...(upload.parts ?? [])].sort((a, b) => a.number - b.number);
  const expected = Math.max(1, Math.ceil(size / ps));
  for (const p of parts) {
    if (!Number.isInteger(p.number) || p.number < 1 || p.number > expected) throw new Error(`part numbers must be 1..${expected}`);
  }
  if (new Set(parts.map((p) => p.number)).size !== parts.length) throw new Error('duplicate part numbers');
  if (upload.next_part && !(upload.next_part > (parts.at(-1)?.number ?? 0) && upload.next_part <= expected)) {
    throw new Error(`next part ${upload.next_part} does not follow the window`);
  }
  return parts.map((p) => {
    const start = (p.number - 1) * ps;
    return { number: p.number, url: p.url, start, end: Math.min(size, start + ps) };
  });
}

/** Sends bytes to storage; every method reports bytes sent so far. */
export interface Transport {
  /** multipart/form-data POST of `fields` then the file as `file` (last). */
  postForm(url: string, fields: Record<string, string>, file: Blob, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<void>;
  /** PUT of one part; resolves to the ETag response header. */
  putPart(url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<string>;
}

export type UploadState = 'idle' | 'uploading' | 'paused' | 'retrying' | 'done' | 'error';

export interface UploaderOptions {
  file: Blob;
  plan: UploadPlan;
  transport: Transport;
  /** Parts already stored (from a previous attempt), by number. */
  completed?: StoredPart[];
  /** Attempts per part before giving up (automatic retry in between). */
  maxAttempts?: number;
  /** Parts sent at once. */
  concurrency?: number;
  /** Delay before retry `attempt` (1-based) in ms. */
  backoff?: (attempt: number) => number;
  /** Waits ms (or until aborted); injectable for tests. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  onProgress?: (loaded: number, total: number) => void;
  onState?: (state: UploadState, error?: unknown) => void;
  /** Called after each stored part, so callers can persist resume state. */
  onPart?: (part: StoredPart) => void;
  /**
   * Fetches the next window of part URLs, from part `fromPart` on (the
   * server signs at most 100 at a time). Needed when the plan has `next_part`.
   */
  fetchParts?: (fromPart: number) => Promise<MultipartUpload>;
}

/** Exponential backoff with a cap: 1s, 2s, 4s, ... 30s. */
export function defaultBackoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** (attempt - 1));
}

function abortableWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

/** True for errors caused by pause() (not failures). */
export function isAbort(err: unknown): boolean {
  return (err as Error)?.name === 'AbortError';
}

/** An upload error that retrying cannot fix (e.g. storage refused the size). */
export class PermanentUploadError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'PermanentUploadError';
    this.status = status;
  }
}

/**
 * Uploads one file according to the server's plan. start() resolves with the
 * stored parts (multipart) or [] (POST) when done, and with null when paused.
 */
export class Uploader {
  readonly total: number;
  state: UploadState = 'idle';
  private opts: Required<Omit<UploaderOptions, 'completed' | 'onProgress' | 'onState' | 'onPart' | 'fetchParts'>> & UploaderOptions;
  private done = new Map<number, string>();
  private inflight = new Map<number, number>();
  private controller: AbortController | null = null;
  private parts: PartPlan[] = [];
  private partSize = 0;
  /** Where the next window of part URLs starts; 0 when there is none. */
  private nextPart = 0;
  /** Parts still to send in the current run. */
  private queue: PartPlan[] = [];
  private fetching: { signal: AbortSignal; done: Promise<void> } | null = null;

  constructor(o: UploaderOptions) {
    this.opts = { maxAttempts: 6, concurrency: 3, backoff: defaultBackoff, wait: abortableWait, ...o };
    this.total = o.file.size;
    if (o.plan.method === 'MULTIPART') {
      // Parts that have a fresh URL are (re)sent, even when listed as stored (wrong size).
      const toSend = new Set(o.plan.parts.map((p) => p.number));
      const stored = (o.completed ?? []).filter((p) => !toSend.has(p.number));
      this.parts = planParts(o.file.size, o.plan, stored.map((p) => p.number));
      this.partSize = o.plan.part_size;
      this.nextPart = o.plan.next_part ?? 0;
      for (const p of stored) this.done.set(p.number, p.etag);
    }
  }

  /** The server's upload plan. */
  get plan(): UploadPlan {
    return this.opts.plan;
  }

  /**
   * Whether pause() keeps what was sent. A presigned POST is one request: a
   * pause or a broken connection restarts it from zero. The server plans a
   * multipart upload (resumable, part by part) for every file above its
   * threshold (16 MiB, `MultipartThreshold` in server/domain/uploads.go), so
   * only small files, quick to send again, are not resumable.
   */
  get resumable(): boolean {
    return this.opts.plan.method === 'MULTIPART';
  }

  /** Bytes stored or in flight. */
  get loaded(): number {
    let n = 0;
    const sending = new Set(this.parts.map((p) => p.number));
    for (const p of this.parts) if (this.done.has(p.number)) n += p.end - p.start;
    for (const num of this.done.keys()) if (!sending.has(num)) n += Math.max(0, Math.min(this.partSize, this.total - (num - 1) * this.partSize));
    for (const v of this.inflight.values()) n += v;
    return Math.min(n, this.total);
  }

  /** Stored parts, ordered by number. */
  get completedParts(): StoredPart[] {
    return [...this.done.entries()].sort((a, b) => a[0] - b[0]).map(([number, etag]) => ({ number, etag }));
  }

  private setState(s: UploadState, err?: unknown) {
    this.state = s;
    this.opts.onState?.(s, err);
  }

  private progress() {
    this.opts.onProgress?.(this.loaded, this.total);
  }

  /** Stops sending; stored parts are kept so resume() continues from them. */
  pause(): void {
    if (this.state === 'uploading' || this.state === 'retrying') {
      this.controller?.abort();
      this.setState('paused');
    }
  }

  /** Continues after pause() or an error. */
  resume(): Promise<StoredPart[] | null> {
    return this.start();
  }

  /** Starts (or continues) the upload. */
  async start(): Promise<StoredPart[] | null> {
    if (this.state === 'uploading' || this.state === 'retrying') throw new Error('upload already running');
    if (this.state === 'done') return this.completedParts;
    const controller = new AbortController();
    this.controller = controller;
    this.setState('uploading');
    this.progress();
    try {
      if (this.opts.plan.method === 'POST') {
        const plan = this.opts.plan;
        await this.withRetry(controller.signal, 0, (signal) =>
          this.opts.transport.postForm(plan.url, plan.fields, this.opts.file, (l) => this.track(0, l), signal),
        );
        this.inflight.clear();
        this.setState('done');
        this.opts.onProgress?.(this.total, this.total);
        return [];
      }
      const queue = this.parts.filter((p) => !this.done.has(p.number));
      this.queue = queue;
      const worker = async () => {
        for (;;) {
          // Ask for the next window before this one runs dry.
          if (this.nextPart && queue.length <= this.opts.concurrency) void this.moreParts(controller.signal).catch(() => undefined);
          const part = queue.shift();
          if (!part) {
            if (!this.nextPart) break;
            await this.moreParts(controller.signal);
            continue;
          }
          const blob = this.opts.file.slice(part.start, part.end);
          const etag = await this.withRetry(controller.signal, part.number, (signal) =>
            this.opts.transport.putPart(part.url, blob, (l) => this.track(part.number, l), signal),
          );
          this.inflight.delete(part.number);
          this.done.set(part.number, etag);
          this.opts.onPart?.({ number: part.number, etag });
          this.progress();
        }
      };
      const n = Math.max(1, Math.min(this.opts.concurrency, this.nextPart ? this.opts.concurrency : queue.length));
      await Promise.all(Array.from({ length: n }, worker));
      this.setState('done');
      return this.completedParts;
    } catch (err) {
      this.inflight.clear();
      if (isAbort(err) || controller.signal.aborted) {
        if (this.state !== 'paused') this.setState('paused');
        this.progress();
        return null;
      }
      controller.abort();
      this.setState('error', err);
      this.progress();
      throw err;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /**
   * Fetches the next window of part URLs into the plan and the current run's
   * queue: one fetch at a time per run; a fetch of a paused run is dropped.
   */
  private moreParts(signal: AbortSignal): Promise<void> {
    if (this.fetching?.signal === signal) return this.fetching.done;
    const from = this.nextPart;
    const fetchParts = this.opts.fetchParts;
    const done: Promise<void> = (async () => {
      if (!fetchParts) throw new Error('the upload plan has more parts but no way to fetch them');
      const plan = await this.withRetry(signal, -from, () => fetchParts(from));
      if (signal.aborted) throw abortError();
      if (plan.part_size !== this.partSize) throw new Error('the part size changed');
      const next = plan.next_part ?? 0;
      if (next && next <= from) throw new Error(`next part ${next} does not follow ${from}`);
      const known = new Set(this.parts.map((p) => p.number));
      const window = planWindow(this.total, plan).filter((p) => p.number >= from && !known.has(p.number) && !this.done.has(p.number));
      this.parts.push(...window);
      this.queue.push(...window);
      this.nextPart = next;
    })().finally(() => {
      if (this.fetching?.done === done) this.fetching = null;
    });
    this.fetching = { signal, done };
    return done;
  }

  private track(part: number, loaded: number) {
    this.inflight.set(part, loaded);
    this.progress();
  }

  private async withRetry<T>(signal: AbortSignal, part: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await fn(signal);
        if (this.state === 'retrying') this.setState('uploading');
        return r;
      } catch (err) {
        this.inflight.delete(part);
        if (signal.aborted || isAbort(err)) throw abortError();
        if (err instanceof PermanentUploadError || attempt >= this.opts.maxAttempts) throw err;
        this.setState('retrying', err);
        this.progress();
        await this.opts.wait(this.opts.backoff(attempt), signal);
        await waitOnline(signal);
      }
    }
  }
}

/** Resolves when the browser believes it is online (immediately outside a browser). */
function waitOnline(signal: AbortSignal): Promise<void> {
  if (typeof navigator === 'undefined' || typeof window === 'undefined' || navigator.onLine !== false) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      window.removeEventListener('online', done);
      signal.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      window.removeEventListener('online', done);
      reject(abortError());
    };
    window.addEventListener('online', done);
    signal.addEventListener('abort', abort, { once: true });
  });
}

/** The browser transport (XMLHttpRequest, because fetch reports no upload progress). */
export const xhrTransport: Transport = {
  postForm(url, fields, file, onProgress, signal) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', file); // S3 requires the file to be the last field
    return send('POST', url, fd, onProgress, signal).then(() => undefined);
  },
  async putPart(url, body, onProgress, signal) {
    const xhr = await send('PUT', url, body, onProgress, signal);
    const etag = xhr.getResponseHeader('ETag');
    if (!etag) throw new PermanentUploadError('storage did not expose the ETag header (bucket CORS)', xhr.status);
    return etag;
  },
};

function send(method: string, url: string, body: XMLHttpRequestBodyInit, onProgress: (n: number) => void, signal: AbortSignal): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      signal.removeEventListener('abort', onAbort);
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr);
      const msg = storageMessage(xhr.responseText) || `storage answered ${xhr.status}`;
      // 4xx other than timeouts/throttling cannot be fixed by retrying the same request.
      if (xhr.status >= 400 && xhr.status < 500 && ![408, 429].includes(xhr.status)) reject(new PermanentUploadError(msg, xhr.status));
      else reject(new Error(msg));
    };
    xhr.onerror = () => {
      signal.removeEventListener('abort', onAbort);
      reject(new Error('network error'));
    };
    xhr.ontimeout = xhr.onerror;
    const onAbort = () => {
      xhr.abort();
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
}

/** Extracts <Code>/<Message> from an S3 XML error. */
export function storageMessage(xml: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
  const msg = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
  return [code, msg].filter(Boolean).join(': ');
}
