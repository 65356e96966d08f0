// The judge's entry page, started before its own code arrives: the route
// (App) asks for the entry and the judge's list beside the session, loads
// pdf.js and its worker, and starts fetching the entry's first PDF the
// moment the entry is known, while the page's chunk is still loading.

import { hashKey, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { hasSessionHint } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Assignment } from '../lib/judging';
import { preloadPdf, warmPdfjs } from '../lib/pdfjs';
import { firstPdf, worthPreloading, type Connection } from '../lib/viewer';

/** The judge's assignments (a summary of each). */
export const assignmentsQuery = { queryKey: keys.myAssignments(), queryFn: () => api.myAssignments() };

/** One assignment: the rubric, the entry and the score. */
export function assignmentQuery(id: string) {
  return { queryKey: keys.assignment(id), queryFn: () => api.getAssignment(id), retry: false };
}

/** What the browser says of its connection, where it says anything. */
function connection(): Connection | undefined {
  return (navigator as Navigator & { connection?: Connection }).connection;
}

/**
 * Starts what the judge's entry page id needs: the entry and the list
 * (beside the session, not once it is known: a signed-out visitor is told
 * so by the session query as before) and, the moment the entry arrives
 * with a PDF (told by the query cache, before the page renders with it),
 * pdf.js, its worker and the PDF, so that View shows it without waiting.
 * pdf.js is not loaded before the entry arrives: compiling it holds the
 * main thread, and the entry's answer would wait behind it. Leaving the
 * entry drops the PDF unless the viewer took it. No PDF is fetched ahead
 * on a slow or metered link, nor a very large one (worthPreloading): then
 * only pdf.js and its worker load (chunks kept in the browser's cache).
 */
export function useEntryPreload(id: string): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!hasSessionHint()) return;
    void qc.prefetchQuery(assignmentsQuery);
    void qc.prefetchQuery(assignmentQuery(id));
  }, [qc, id]);
  useEffect(() => {
    const key = keys.assignment(id);
    const hash = hashKey(key);
    let release: (() => void) | undefined;
    const start = (a: Assignment | undefined) => {
      const pdf = firstPdf(a?.files);
      if (release || !pdf) return;
      if (!worthPreloading(pdf.size, connection())) return warmPdfjs();
      performance.mark('pdf:preload'); // User Timing, read by scripts/pdf-perf.mjs
      release = preloadPdf(api.viewUrl(pdf.file_id));
    };
    start(qc.getQueryData<Assignment>(key));
    const stop = qc.getQueryCache().subscribe((e) => {
      if (e.type === 'updated' && e.action.type === 'success' && e.query.queryHash === hash) start(e.query.state.data as Assignment | undefined);
    });
    return () => {
      stop();
      release?.();
    };
  }, [qc, id]);
}
