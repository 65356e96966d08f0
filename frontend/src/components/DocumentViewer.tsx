// The entry viewer: a PDF page by page with pdf.js, video and audio in the
// browser's own players, images at full resolution, text as plain text.
// Bytes always come from the object store through a short-lived presigned
// link (GET /files/{id}/view answers 302), never from our origin. pdf.js
// (lib/pdfjs) is loaded when a PDF is opened or preloaded; its worker is a
// file of our own build (same origin, allowed by the CSP's worker-src
// 'self'); it never runs a document's scripts. The document's own metadata
// (title, author) is never shown: in a blind round it could name the team.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { openPdf } from '../lib/pdfjs';
import { clampPage, drawRatios, findPages, nextMatch, pageKey, stepZoom, viewerKind } from '../lib/viewer';
import { FilePreview } from './FilePreview';
import { ErrorBox, Loading } from './ui';

/** Calls back when the browser is idle (or soon, where it cannot tell); returns a cancel. */
function whenIdle(callback: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(callback, { timeout: 1000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(callback, 50);
  return () => window.clearTimeout(id);
}

/** Shows one file of an entry in place, chosen by its name. */
export function DocumentViewer({ url, filename }: { url: string; filename: string }) {
  const { t } = useTranslation();
  switch (viewerKind(filename)) {
    case 'pdf':
      return <PdfViewer url={url} />;
    case 'video':
      return (
        <video className="viewer-media" controls preload="metadata" src={url}>
          {t('viewer.noMedia')}
        </video>
      );
    case 'audio':
      return (
        <audio className="viewer-audio" controls preload="metadata" src={url}>
          {t('viewer.noMedia')}
        </audio>
      );
    case 'image':
    case 'text':
      return <FilePreview url={url} filename={filename} />;
    default:
      return <p className="muted">{t('viewer.notViewable')}</p>;
  }
}

/** A PDF, one page at a time, with paging, zoom and text search. */
export function PdfViewer({ url }: { url: string }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<number[] | null>(null);
  const [searching, setSearching] = useState(false);
  const texts = useRef<string[] | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const count = doc?.numPages ?? 0;

  useEffect(() => {
    let cancelled = false;
    setDoc(null);
    setError(null);
    setPage(1);
    setMatches(null);
    texts.current = null;
    // Taken from the entry page's preload when there was one.
    const pdf = openPdf(url);
    pdf.document
      .then((d) => {
        if (!cancelled) setDoc(d);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e);
      });
    return () => {
      cancelled = true;
      pdf.destroy();
    };
  }, [url]);

  // The page is fitted to the viewer's width, then zoomed. The width is
  // known from the start (the box is there before the document), so that
  // page 1 is drawn in the render that brings the document; while the
  // viewer is hidden (a phone's Document tab not chosen yet), it is drawn at
  // the width of what holds it, ready when the tab is tapped.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(shownWidth(el)));
    ro.observe(el);
    setWidth(shownWidth(el));
    return () => ro.disconnect();
  }, []);

  // The first page shown shows first at its CSS size (a ninth of the
  // pixels on a 3x phone screen), then is drawn again at the screen's pixel
  // ratio when the browser is idle: aside, then copied in whole, so it never
  // blanks. Later pages are drawn once, sharp: drawing each twice while the
  // judge pages through held taps on the rubric longer.
  const shown = useRef(false);
  useEffect(() => {
    const c = canvas.current;
    if (!doc || !c || width <= 0) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    let idle: (() => void) | null = null;
    const draw = async () => {
      const p = await doc.getPage(clampPage(page, count));
      const fit = p.getViewport({ scale: 1 });
      const viewport = p.getViewport({ scale: (width / fit.width) * zoom });
      const all = drawRatios(window.devicePixelRatio, viewport.width * viewport.height);
      const ratios = shown.current ? all.slice(-1) : all;
      for (const [i, ratio] of ratios.entries()) {
        if (i > 0) await new Promise<void>((resolve) => (idle = whenIdle(resolve)));
        if (cancelled) return;
        const target: HTMLCanvasElement = i === 0 ? c : document.createElement('canvas');
        target.width = Math.floor(viewport.width * ratio);
        target.height = Math.floor(viewport.height * ratio);
        if (i === 0) {
          c.style.width = `${Math.floor(viewport.width)}px`;
          c.style.height = `${Math.floor(viewport.height)}px`;
        }
        task = p.render({ canvas: target, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        await task.promise;
        if (cancelled) return;
        if (target !== c) {
          c.width = target.width;
          c.height = target.height;
          c.getContext('2d')?.drawImage(target, 0, 0);
        }
        shown.current = true;
        c.setAttribute('data-rendered-page', String(p.pageNumber));
        c.setAttribute('data-rendered-ratio', String(ratio));
        performance.mark(i ? 'pdf:sharp' : 'pdf:drawn'); // User Timing, read by scripts/pdf-perf.mjs
      }
    };
    draw().catch(() => {
      // A newer render cancelled this one.
    });
    return () => {
      cancelled = true;
      idle?.();
      task?.cancel();
    };
  }, [doc, page, zoom, width, count]);

  const go = useCallback((p: number) => setPage(clampPage(p, count)), [count]);

  // Page keys turn pages unless the judge is typing in the rubric.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = pageKey(e);
      if (!k || !doc) return;
      e.preventDefault();
      setPage((p) => clampPage(p + (k === 'next' ? 1 : -1), count));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doc, count]);

  const search = async (dir: 1 | -1) => {
    if (!doc || !query.trim()) return;
    setSearching(true);
    try {
      if (!texts.current) {
        const all: string[] = [];
        for (let i = 1; i <= doc.numPages; i++) {
          const content = await (await doc.getPage(i)).getTextContent();
          all.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
        }
        texts.current = all;
      }
      const found = findPages(texts.current, query);
      setMatches(found);
      const to = nextMatch(found, matches === null ? page - dir : page, dir);
      if (to) go(to);
    } catch (e) {
      setError(e);
    } finally {
      setSearching(false);
    }
  };

  if (error) return <ErrorBox error={error} title={t('viewer.failed')} />;
  return (
    <div className="pdf-viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => go(page - 1)} disabled={!doc || page <= 1} aria-label={t('viewer.prev')}>
          ‹
        </button>
        <span className="small" aria-live="polite">
          {doc ? t('viewer.pageOf', { page, count }) : t('viewer.loading')}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => go(page + 1)} disabled={!doc || page >= count} aria-label={t('viewer.next')}>
          ›
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setZoom((z) => stepZoom(z, -1))} disabled={!doc} aria-label={t('viewer.zoomOut')}>
          −
        </button>
        <span className="small">{Math.round(zoom * 100)}%</span>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setZoom((z) => stepZoom(z, 1))} disabled={!doc} aria-label={t('viewer.zoomIn')}>
          +
        </button>
        <form
          className="viewer-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void search(1);
          }}
        >
          <input
            type="search"
            value={query}
            aria-label={t('viewer.search')}
            placeholder={t('viewer.search')}
            onChange={(e) => {
              setQuery(e.target.value);
              setMatches(null);
            }}
          />
          <button type="submit" className="btn btn-ghost btn-small" disabled={!doc || searching || !query.trim()}>
            {t('viewer.find')}
          </button>
          {matches && (
            <span className="small muted" role="status">
              {matches.length ? t('viewer.foundOn', { pages: matches.join(', ') }) : t('viewer.notFound')}
            </span>
          )}
        </form>
      </div>
      <div className="viewer-page" ref={box}>
        {!doc && <Loading label={t('viewer.loading')} />}
        <canvas ref={canvas} className="viewer-canvas" aria-label={doc ? t('viewer.pageOf', { page, count }) : undefined} role="img" hidden={!doc} />
      </div>
    </div>
  );
}

/** The width of el, or while it is hidden that of its nearest shown ancestor (0 when none is shown). */
function shownWidth(el: HTMLElement): number {
  for (let n: HTMLElement | null = el; n; n = n.parentElement) if (n.clientWidth > 0) return n.clientWidth;
  return 0;
}
