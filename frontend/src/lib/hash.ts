// SHA-256 of a file in the browser, declared to the server before an upload.
// Small files: Web Crypto (one read). Large files: a streaming hash over 8 MiB
// chunks so memory stays flat, with hash-wasm (the server's CSP grants
// 'wasm-unsafe-eval' for it).

/** Files up to this size are hashed with Web Crypto in one go. */
export const WEBCRYPTO_LIMIT = 64 * 1024 * 1024;
/** Chunk size of the streaming hash. */
export const CHUNK = 8 * 1024 * 1024;

/** Lowercase hex of bytes. */
export function toHex(buf: ArrayBuffer | Uint8Array): string {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

interface Incremental {
  update(b: Uint8Array): void;
  hex(): string;
}

async function incremental(): Promise<Incremental> {
  // Loaded on the first large file only: a chunk of its own, not part of the
  // app's first load (every page would pay for compiling it).
  const { createSHA256 } = await import('hash-wasm');
  const h = await createSHA256();
  h.init();
  return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
}

function readChunk(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as ArrayBuffer);
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(blob);
  });
}

/**
 * Hex SHA-256 of `file`. onProgress gets the bytes hashed so far; an aborted
 * signal stops between chunks with an AbortError.
 */
export async function sha256Hex(file: Blob, onProgress?: (done: number, total: number) => void, signal?: AbortSignal, limit = WEBCRYPTO_LIMIT): Promise<string> {
  const total = file.size;
  if (total <= limit && globalThis.crypto?.subtle) {
    const buf = await readChunk(file);
    const digest = await crypto.subtle.digest('SHA-256', buf);
    onProgress?.(total, total);
    return toHex(digest);
  }
  const h = await incremental();
  for (let off = 0; off < total; off += CHUNK) {
    if (signal?.aborted) {
      const e = new Error('aborted');
      e.name = 'AbortError';
      throw e;
    }
    const chunk = new Uint8Array(await readChunk(file.slice(off, Math.min(total, off + CHUNK))));
    h.update(chunk);
    onProgress?.(Math.min(total, off + CHUNK), total);
  }
  if (total === 0) onProgress?.(0, 0);
  return h.hex();
}
