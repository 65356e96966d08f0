// The entry viewer's rules, kept apart from pdf.js and the DOM so that
// they are tested on their own: which files it renders in place, paging,
// zoom steps, text search over pages, and which keys turn pages.

import { extensionOf } from './form';

/** How the viewer shows a file, or null when it is only downloaded. */
export type ViewerKind = 'pdf' | 'video' | 'audio' | 'image' | 'text';

// The same list as the server's inline types (domain.InlineType), plus
// text, which the viewer fetches and shows as plain text.
const KINDS: Record<string, ViewerKind> = {
  '.pdf': 'pdf',
  '.mp4': 'video',
  '.webm': 'video',
  '.mp3': 'audio',
  '.m4a': 'audio',
  '.wav': 'audio',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.webp': 'image',
  '.gif': 'image',
  '.txt': 'text',
  '.md': 'text',
  '.csv': 'text',
};

/** What the viewer does with a file of this name. */
export function viewerKind(name: string): ViewerKind | null {
  return KINDS[extensionOf(name)] ?? null;
}

/** A page number within 1..count (1 when the count is not known yet). */
export function clampPage(page: number, count: number): number {
  if (!Number.isFinite(page) || count < 1) return 1;
  return Math.min(Math.max(1, Math.round(page)), count);
}

/** Zoom levels, as a factor of the page fitted to the viewer's width. */
export const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3] as const;

/** The next zoom level up (dir 1) or down (dir -1), staying within ZOOMS. */
export function stepZoom(zoom: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOMS.find((z) => z > zoom + 1e-9) ?? ZOOMS[ZOOMS.length - 1];
  return [...ZOOMS].reverse().find((z) => z < zoom - 1e-9) ?? ZOOMS[0];
}

/** Text made comparable: case and runs of white space do not matter. */
function normalise(s: string): string {
  return s.toLocaleLowerCase().replace(/\s+/g, ' ');
}

/** The pages (from 1) whose text contains the query, in order. */
export function findPages(pageTexts: readonly string[], query: string): number[] {
  const q = normalise(query).trim();
  if (!q) return [];
  const out: number[] = [];
  pageTexts.forEach((text, i) => {
    if (normalise(text).includes(q)) out.push(i + 1);
  });
  return out;
}

/** The match to go to from the current page: the next one after it (dir 1) or before it (dir -1), wrapping around. */
export function nextMatch(matches: readonly number[], current: number, dir: 1 | -1): number | null {
  if (!matches.length) return null;
  if (dir > 0) return matches.find((p) => p > current) ?? matches[0];
  return [...matches].reverse().find((p) => p < current) ?? matches[matches.length - 1];
}

/** What a key press asks of the viewer; keys typed into a form control (the rubric's radios and fields) are left alone. */
export function pageKey(e: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; target?: EventTarget | null }): 'next' | 'prev' | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const el = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = el?.tagName?.toLowerCase();
  if (el?.isContentEditable || tag === 'input' || tag === 'textarea' || tag === 'select') return null;
  switch (e.key) {
    case 'PageDown':
    case 'ArrowRight':
    case 'j':
      return 'next';
    case 'PageUp':
    case 'ArrowLeft':
    case 'k':
      return 'prev';
    default:
      return null;
  }
}

/**
 * The file of an entry that its page opens ahead of the judge's tap on
 * View: the first PDF (the deck, usually), or undefined when it has none.
 */
export function firstPdf<F extends { filename: string }>(files: readonly F[] | null | undefined): F | undefined {
  return files?.find((f) => viewerKind(f.filename) === 'pdf');
}

/** The most pixels a page's canvas gets (Safari draws nothing on a larger one). */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

/**
 * The pixel ratios a page of cssPixels (its width by its height on screen)
 * is drawn at, in turn, on a screen of this device pixel ratio: on a dense
 * screen (1.5 and more) first at the page's CSS size (ratio 1: a ninth of
 * the pixels at 3x, so it shows sooner), then sharp at the screen's ratio;
 * otherwise once, at the screen's ratio. The sharp ratio is lowered as far
 * as needed to keep the canvas within MAX_CANVAS_PIXELS (a page zoomed in
 * on a phone).
 */
export function drawRatios(deviceRatio: number | undefined, cssPixels: number): number[] {
  let r = deviceRatio !== undefined && Number.isFinite(deviceRatio) && deviceRatio > 0 ? deviceRatio : 1;
  if (cssPixels > 0 && cssPixels * r * r > MAX_CANVAS_PIXELS) r = Math.max(Math.min(1, r), Math.sqrt(MAX_CANVAS_PIXELS / cssPixels));
  return r >= 1.5 ? [1, r] : [r];
}

/** What the browser says of its connection (the Network Information API, where it has one). */
export interface Connection {
  saveData?: boolean;
  effectiveType?: string;
}

/** The largest file the entry page fetches before the judge taps View. */
export const PRELOAD_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Whether the entry page fetches a file of this size before the judge asks
 * to see it: not when it is larger than PRELOAD_MAX_BYTES, nor when the
 * browser says the user wants to save data or the link is slower than 4G
 * (a judge who never opens the file must not pay for it there). Browsers
 * that say nothing of their connection preload.
 */
export function worthPreloading(size: number, link: Connection | undefined): boolean {
  if (!(size <= PRELOAD_MAX_BYTES)) return false;
  if (!link) return true;
  if (link.saveData) return false;
  return link.effectiveType === undefined || link.effectiveType === '4g';
}

/** What the browser says of its own connection, where it says anything (the Network Information API). */
export function browserConnection(): Connection | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { connection?: Connection }).connection;
}

/**
 * The file the judge's entry page shows in its document pane on arrival,
 * without a tap on View: the entry's first PDF (the deck a judge came to
 * read), when the page fetches it ahead anyway (worthPreloading: not on a
 * slow or metered link, not over PRELOAD_MAX_BYTES), unless the judge
 * follows a live room (the team presents on stage: the rubric is what the
 * judge needs). Otherwise undefined: the judge opens a file with View, as
 * for every other file.
 */
export function openOnArrival<F extends { filename: string; size: number }>(files: readonly F[] | null | undefined, link: Connection | undefined, live = false): F | undefined {
  if (live) return undefined;
  const pdf = firstPdf(files);
  return pdf && worthPreloading(pdf.size, link) ? pdf : undefined;
}
