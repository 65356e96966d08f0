// pdf.js for the entry viewer: the library, one worker for the page's
// lifetime, and documents opened ahead of need. pdf.js and its worker are
// separate chunks, loaded on first use: by the viewer, or earlier by the
// judge's entry page (warmPdfjs, preloadPdf), so that the library, the
// worker and the document load while the rest of the page does.
//
// Documents are read whole, in one request made by the page itself as
// soon as the document is asked for, beside pdf.js and its worker loading
// rather than after them (pdf.js's own loader can only start once its
// worker runs); the bytes are then handed to the worker without a copy.
// Reading by ranges (the bucket's CORS rule exposes the range headers) was
// measured and left out: before it shows any page, pdf.js fetches the
// dictionary of every page under the page tree's root (and checks the last
// page), and in a PDF whose pages' objects are spread through the file
// that is a range request per page, each through the view link's redirect;
// page 1 of a 20 MB deck from a local store came later than with the whole
// file read at once (docs/viewer-and-checks.md has the figures).
// No scripting: the scripting sandbox is not loaded, XFA stays off, and this
// version of pdf.js compiles no code from a document.

import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';
import workerSrc from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { Preloads } from './preload';
import type { FetchReply, FetchRequest } from './fetchBytes.worker';

type Pdfjs = typeof import('pdfjs-dist');
let loading: Promise<{ pdfjs: Pdfjs; worker: PDFWorker }> | null = null;
// pdf.js's worker thread: undefined until asked for, null where none can be made.
let port: Worker | null | undefined;

/**
 * Starts pdf.js's worker, once: its script (1.3 MB) loads and compiles on
 * its own thread, so it is started as soon as a document is asked for,
 * before the library itself (compiled on the page's thread after the next
 * paint), and is ready when the document's bytes arrive.
 */
function startWorker(): Worker | null {
  if (port === undefined) {
    try {
      port = new Worker(workerSrc, { type: 'module' });
    } catch {
      port = null; // pdf.js makes its own worker (or works without one).
    }
  }
  return port;
}

/**
 * pdf.js and its worker, loaded once; the worker serves every document of
 * the page. A failed load is forgotten, so that the next viewer tries again.
 */
function loadPdfjs(): Promise<{ pdfjs: Pdfjs; worker: PDFWorker }> {
  loading ??= (async () => {
    const thread = startWorker();
    const pdfjs = await import('pdfjs-dist');
    performance.mark('pdf:lib'); // User Timing, read by scripts/pdf-perf.mjs
    pdfjs.GlobalWorkerOptions.workerSrc = workerSrc;
    return { pdfjs, worker: pdfjs.PDFWorker.create({ port: thread ?? undefined }) };
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/**
 * Starts loading pdf.js and its worker, if they are not loaded yet, for a
 * page that will most likely show a PDF; a failure is left to the viewer.
 */
export function warmPdfjs(): void {
  loadPdfjs().catch(() => {});
}

/** A PDF being opened: the document once fetched and parsed, and how to drop it. */
export interface OpeningPdf {
  /** The document, once its bytes have arrived and pdf.js has read them. */
  document: Promise<PDFDocumentProxy>;
  /** Stops the fetch if it is still under way and frees the document (in the worker too). */
  destroy(): void;
}

/** The refusal of a fetch, worded as pdf.js words its own. */
function refused(status: number): Error {
  return new Error(`Unexpected server response (${status}) while retrieving PDF.`);
}

/** The bytes of the file at url on the page's own thread (where no worker can be made). */
async function fetchHere(url: string, signal: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (!res.ok) throw refused(res.status);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The bytes of the file at url (a viewer link, answered by a redirect to
 * the store), fetched by a worker of their own so that they arrive off the
 * main thread; aborting ends the worker.
 */
function fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./fetchBytes.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return fetchHere(url, signal);
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const done = () => {
      worker.terminate();
      signal.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      reject(new DOMException('The PDF is no longer wanted.', 'AbortError'));
    };
    signal.addEventListener('abort', abort);
    worker.onmessage = (e: MessageEvent<FetchReply>) => {
      done();
      const r = e.data;
      if ('bytes' in r) {
        performance.mark('pdf:fetched'); // User Timing, read by scripts/pdf-perf.mjs
        resolve(new Uint8Array(r.bytes));
      } else reject('status' in r ? refused(r.status) : new Error(r.error));
    };
    worker.onerror = () => {
      done();
      // The worker could not start (a CSP or an old browser): fetch here.
      fetchHere(url, signal).then(resolve, reject);
    };
    worker.postMessage({ url: new URL(url, location.href).href } satisfies FetchRequest);
  });
}

/** Resolves once the browser has painted what it was about to (or soon, in a hidden page). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const soon = window.setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      window.setTimeout(() => {
        window.clearTimeout(soon);
        resolve();
      }, 0),
    );
  });
}

/**
 * Starts fetching the PDF at url at once (off the main thread) and pdf.js's
 * worker, and reading the PDF as soon as pdf.js and its worker are there. pdf.js is
 * compiled (a tenth of a second on a throttled phone's main thread) only
 * after the next paint, so that the page that asked for the PDF shows
 * first; the bytes take longer than that to arrive.
 */
function open(url: string): OpeningPdf {
  const abort = new AbortController();
  const bytes = fetchBytes(url, abort.signal);
  startWorker();
  const task: Promise<PDFDocumentLoadingTask> = Promise.all([afterPaint().then(loadPdfjs), bytes]).then(([{ pdfjs, worker }, data]) =>
    pdfjs.getDocument({ data, worker, enableXfa: false }),
  );
  const doc = task.then((t) => t.promise);
  // Page 1 is asked for as soon as the document is read: the viewer
  // finds it ready (pdf.js keeps the pages it was asked for).
  doc
    .then((d) => {
      performance.mark('pdf:doc'); // User Timing, read by scripts/pdf-perf.mjs
      return d.getPage(1);
    })
    .catch(() => {});
  // Whoever takes the document sees a failure; a preload nobody takes
  // must not report it as unhandled.
  task.catch(() => {});
  return {
    document: doc,
    destroy() {
      abort.abort();
      // Destroying the loading task destroys its document and frees the worker's memory.
      void task.then((t) => t.destroy()).catch(() => {});
    },
  };
}

const documents = new Preloads<OpeningPdf>(open, (pdf) => pdf.destroy());

/**
 * Starts loading pdf.js, its worker and the PDF at url before a viewer asks
 * for it; returns a release to call when the page no longer expects to show
 * it (the document is dropped unless a viewer took it).
 */
export function preloadPdf(url: string): () => void {
  return documents.preload(url);
}

/**
 * The PDF at url, preloaded or opened now: the caller owns it and destroys
 * it when done.
 */
export function openPdf(url: string): OpeningPdf {
  return documents.take(url);
}
