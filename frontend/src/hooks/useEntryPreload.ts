// The judge's entry page, started before its own code arrives: the app asks
// for the entry and the judge's list beside the session, before its first
// render when it opens on the entry (preloadFirstRoute), loads pdf.js and
// its worker, and starts fetching the entry's first PDF the moment the
// entry is known, while the page's chunk is still loading.

import { hashKey, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { hasSessionHint } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Assignment } from '../lib/judging';
import { preloadPdf, warmPdfjs } from '../lib/pdfjs';
import { browserConnection, firstPdf, openOnArrival } from '../lib/viewer';

/** The judge's assignments (a summary of each). */
export const assignmentsQuery = { queryKey: keys.myAssignments(), queryFn: () => api.myAssignments() };

/** One assignment: the rubric, the entry and the score. */
export function assignmentQuery(id: string) {
  return { queryKey: keys.assignment(id), queryFn: () => api.getAssignment(id), retry: false };
}

/** The assignment id of a judge's entry page path (/judge/assignments/{id}), or null for any other path. */
export function entryOfPath(path: string): string | null {
  const m = /^\/judge\/assignments\/([^/]+)\/?$/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/**
 * Asks for the entry id and the judge's list, unless the browser holds no
 * session (a signed-out visitor is told so by the session query as before).
 */
function prefetchEntry(qc: QueryClient, id: string): void {
  if (!hasSessionHint()) return;
  void qc.prefetchQuery(assignmentsQuery);
  void qc.prefetchQuery(assignmentQuery(id));
}

/**
 * Watches the cache for the entry id and, the moment it arrives with a PDF
 * (told by the query cache, before any page renders with it), starts
 * pdf.js, its worker and the PDF, so that the viewer shows it without
 * waiting. No PDF is fetched ahead on a slow or metered link, nor a very
 * large one (openOnArrival, the same rule that opens it on arrival): then
 * only pdf.js and its worker load (chunks kept in the browser's cache).
 * Returns a stop: it ends the watch and drops the PDF unless the viewer
 * took it.
 */
function watchEntry(qc: QueryClient, id: string, once = false): () => void {
  const key = keys.assignment(id);
  const hash = hashKey(key);
  let release: (() => void) | undefined;
  let stop = () => {};
  const start = (a: Assignment | undefined) => {
    if (release || !firstPdf(a?.files)) return;
    const pdf = openOnArrival(a?.files, browserConnection());
    if (!pdf) return warmPdfjs();
    performance.mark('pdf:preload'); // User Timing, read by scripts/pdf-perf.mjs
    release = preloadPdf(api.viewUrl(pdf.file_id));
  };
  start(qc.getQueryData<Assignment>(key));
  if (release && once) return () => {};
  stop = qc.getQueryCache().subscribe((e) => {
    if (e.type !== 'updated' || e.query.queryHash !== hash) return;
    if (e.action.type === 'success') start(e.query.state.data as Assignment | undefined);
    if (once && (e.action.type === 'success' || e.action.type === 'error')) stop();
  });
  return () => {
    stop();
    release?.();
  };
}

/**
 * Starts, before the app's first render, what the page it opens on needs
 * when that page is a judge's entry: the entry, the list and, once the
 * entry is in, its PDF. The render (a few hundred milliseconds on a slow
 * phone) no longer delays them. The page's own useEntryPreload takes the
 * PDF over (and drops it when the judge leaves). Returns whether the path
 * is a judge's entry.
 */
export function preloadFirstRoute(qc: QueryClient, path: string): boolean {
  const id = entryOfPath(path);
  if (id === null) return false;
  if (hasSessionHint()) {
    prefetchEntry(qc, id);
    watchEntry(qc, id, true);
  }
  return true;
}

/**
 * Starts what the judge's entry page id needs: the entry and the list
 * (beside the session, not once it is known) and, the moment the entry
 * arrives with a PDF, pdf.js, its worker and the PDF, so that the viewer
 * shows it without waiting. pdf.js is not loaded before the entry arrives:
 * compiling it holds the main thread, and the entry's answer would wait
 * behind it. Leaving the entry drops the PDF unless the viewer took it.
 */
export function useEntryPreload(id: string): void {
  const qc = useQueryClient();
  useEffect(() => prefetchEntry(qc, id), [qc, id]);
  useEffect(() => watchEntry(qc, id), [qc, id]);
}
