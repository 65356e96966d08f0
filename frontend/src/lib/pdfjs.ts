// pdf.js for the entry viewer: the library, one worker for the page's
// lifetime, and documents opened ahead of need. pdf.js and its worker are
// separate chunks, loaded on first use: by the viewer, or earlier by the
// judge's entry page when the entry has a PDF (preloadPdf), so that the
// library, the worker and the document's first bytes load while the rest of
// the page does.
//
// Documents are read by ranges: pdf.js streams the file from the start and
// asks the object store for the parts it needs first (the cross-reference
// table at the end, then the first page's objects) with Range requests, so
// page 1 does not wait for the whole file; the rest keeps streaming in for
// paging. The bucket's CORS rule exposes Accept-Ranges and Content-Range for
// this; a store that hides them gets the whole file read first, as before.
// No scripting: the scripting sandbox is not loaded, XFA stays off, and this
// version of pdf.js compiles no code from a document.

import type { PDFDocumentLoadingTask, PDFWorker } from 'pdfjs-dist';
import { Preloads } from './preload';

type Pdfjs = typeof import('pdfjs-dist');
let loading: Promise<{ pdfjs: Pdfjs; worker: PDFWorker }> | null = null;

/**
 * pdf.js and its worker, loaded once; the worker starts as soon as the
 * library is there and serves every document of the page. A failed load
 * is forgotten, so that the next viewer tries again.
 */
function loadPdfjs(): Promise<{ pdfjs: Pdfjs; worker: PDFWorker }> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(
    ([pdfjs, src]) => {
      pdfjs.GlobalWorkerOptions.workerSrc = src.default;
      return { pdfjs, worker: new pdfjs.PDFWorker() };
    },
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** Starts reading the PDF at url (a viewer link, answered by a redirect to the store). */
function open(url: string): Promise<PDFDocumentLoadingTask> {
  const task = loadPdfjs().then(({ pdfjs, worker }) => {
    const t = pdfjs.getDocument({ url, worker, enableXfa: false, withCredentials: false });
    // Whoever takes the task sees a failure; a preload nobody takes must not
    // report it as unhandled.
    t.promise.catch(() => {});
    return t;
  });
  task.catch(() => {});
  return task;
}

const documents = new Preloads<Promise<PDFDocumentLoadingTask>>(open, (task) => {
  // Destroying the loading task destroys its document and frees the worker's memory.
  void task.then((t) => t.destroy()).catch(() => {});
});

/**
 * Starts loading pdf.js, its worker and the PDF at url before a viewer asks
 * for it; returns a release to call when the page no longer expects to show
 * it (the document is dropped unless a viewer took it).
 */
export function preloadPdf(url: string): () => void {
  return documents.preload(url);
}

/**
 * The PDF at url, preloaded or opened now: the caller owns the loading task
 * and destroys it when done.
 */
export function openPdf(url: string): Promise<PDFDocumentLoadingTask> {
  return documents.take(url);
}
