import { describe, expect, it } from 'vitest';
import { clampPage, drawRatios, findPages, firstPdf, MAX_CANVAS_PIXELS, nextMatch, openOnArrival, pageKey, PRELOAD_MAX_BYTES, stepZoom, viewerKind, worthPreloading } from './viewer';

describe('viewerKind', () => {
  it.each([
    ['deck.PDF', 'pdf'],
    ['demo.mp4', 'video'],
    ['demo.webm', 'video'],
    ['pitch.m4a', 'audio'],
    ['pitch.mp3', 'audio'],
    ['photo.jpeg', 'image'],
    ['notes.md', 'text'],
    ['page.html', null],
    ['logo.svg', null],
    ['code.zip', null],
    ['clip.mov', null],
    ['pdf', null],
  ])('%s → %s', (name, kind) => expect(viewerKind(name)).toBe(kind));
});

describe('paging', () => {
  it('keeps the page within the document', () => {
    expect(clampPage(0, 40)).toBe(1);
    expect(clampPage(41, 40)).toBe(40);
    expect(clampPage(7, 40)).toBe(7);
    expect(clampPage(3, 0)).toBe(1);
    expect(clampPage(Number.NaN, 5)).toBe(1);
  });
  it('steps zoom within its levels', () => {
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(1, -1)).toBe(0.75);
    expect(stepZoom(3, 1)).toBe(3);
    expect(stepZoom(0.5, -1)).toBe(0.5);
    expect(stepZoom(1.1, -1)).toBe(1);
  });
});

describe('search', () => {
  const pages = ['Our  Solar\nroof', 'budget', 'solar panels and more', ''];
  it('finds pages whatever the case and spacing', () => {
    expect(findPages(pages, 'solar')).toEqual([1, 3]);
    expect(findPages(pages, 'SOLAR ROOF')).toEqual([1]);
    expect(findPages(pages, '  ')).toEqual([]);
    expect(findPages(pages, 'wind')).toEqual([]);
  });
  it('goes to the next or previous match, wrapping around', () => {
    expect(nextMatch([1, 3], 1, 1)).toBe(3);
    expect(nextMatch([1, 3], 3, 1)).toBe(1);
    expect(nextMatch([1, 3], 2, -1)).toBe(1);
    expect(nextMatch([1, 3], 1, -1)).toBe(3);
    expect(nextMatch([], 1, 1)).toBeNull();
  });
});

describe('pageKey', () => {
  const on = (tagName: string) => ({ tagName }) as unknown as EventTarget;
  it('turns pages with the page and arrow keys', () => {
    expect(pageKey({ key: 'PageDown', target: on('DIV') })).toBe('next');
    expect(pageKey({ key: 'ArrowLeft', target: on('BODY') })).toBe('prev');
    expect(pageKey({ key: 'x', target: on('BODY') })).toBeNull();
  });
  it('leaves keys typed into the rubric alone', () => {
    expect(pageKey({ key: 'ArrowRight', target: on('INPUT') })).toBeNull();
    expect(pageKey({ key: 'j', target: on('TEXTAREA') })).toBeNull();
    expect(pageKey({ key: 'PageDown', ctrlKey: true, target: on('DIV') })).toBeNull();
  });
});

describe('firstPdf', () => {
  it('picks the first PDF of the entry, whatever the case of its name', () => {
    const files = [{ filename: 'demo.mp4' }, { filename: 'Deck.PDF', n: 2 }, { filename: 'annex.pdf', n: 3 }];
    expect(firstPdf(files)).toBe(files[1]);
  });
  it('is undefined when the entry has no PDF', () => {
    expect(firstPdf([{ filename: 'demo.mp4' }, { filename: 'notes.pdf.zip' }])).toBeUndefined();
    expect(firstPdf([])).toBeUndefined();
    expect(firstPdf(undefined)).toBeUndefined();
  });
});

describe('drawRatios', () => {
  const phonePage = 390 * 505;
  it.each([
    [3, [1, 3]],
    [2, [1, 2]],
    [1.5, [1, 1.5]],
    [1.25, [1.25]],
    [1, [1]],
    [0.75, [0.75]],
  ])('on a screen of ratio %s draws at %j', (device, want) => {
    expect(drawRatios(device, phonePage)).toEqual(want);
  });
  it.each([undefined, 0, -2, Number.NaN, Number.POSITIVE_INFINITY])('takes %s for a plain screen', (device) => {
    expect(drawRatios(device, phonePage)).toEqual([1]);
  });
  it('keeps a page zoomed in on a phone within the largest canvas', () => {
    const zoomed = phonePage * 9; // 300 %
    const [first, sharp] = drawRatios(3, zoomed);
    expect(first).toBe(1);
    expect(zoomed * sharp * sharp).toBeLessThanOrEqual(MAX_CANVAS_PIXELS * (1 + 1e-9));
    expect(sharp).toBeGreaterThan(2);
  });
  it('draws once when the capped ratio is below 1.5, too close to 1 for a second draw', () => {
    expect(drawRatios(2, MAX_CANVAS_PIXELS / 1.44)).toEqual([1.2]);
  });
  it('does not go below ratio 1 for a page larger than the largest canvas', () => {
    expect(drawRatios(3, MAX_CANVAS_PIXELS * 4)).toEqual([1]);
  });
});

describe('worthPreloading', () => {
  const MB = 1024 * 1024;
  it.each([
    ['a browser that says nothing of its link', 20 * MB, undefined, true],
    ['a 4G link', 20 * MB, { effectiveType: '4g' }, true],
    ['a link of unknown type', 20 * MB, {}, true],
    ['a 3G link', 20 * MB, { effectiveType: '3g' }, false],
    ['a 2G link', 1 * MB, { effectiveType: '2g' }, false],
    ['a slow 2G link', 1 * MB, { effectiveType: 'slow-2g' }, false],
    ['a user saving data on 4G', 1 * MB, { saveData: true, effectiveType: '4g' }, false],
    ['the largest file preloaded', PRELOAD_MAX_BYTES, undefined, true],
    ['a larger file', PRELOAD_MAX_BYTES + 1, { effectiveType: '4g' }, false],
    ['an empty file', 0, undefined, true],
    ['a file of unknown size', Number.NaN, undefined, false],
  ])('%s', (_, size, link, want) => {
    expect(worthPreloading(size as number, link as { saveData?: boolean; effectiveType?: string } | undefined)).toBe(want);
  });
});

describe('openOnArrival', () => {
  const MB = 1024 * 1024;
  const deck = { filename: 'deck.pdf', size: 20 * MB };
  const video = { filename: 'demo.mp4', size: 30 * MB };
  const photo = { filename: 'photo.png', size: MB };
  it.each([
    ['the deck of an entry with a video first', [video, deck], undefined, deck],
    ['the first of two PDFs', [deck, { filename: 'annex.pdf', size: MB }], { effectiveType: '4g' }, deck],
    ['nothing for an entry without a PDF (a video and an image stay behind View)', [video, photo], undefined, undefined],
    ['nothing for an entry without files', [], undefined, undefined],
    ['nothing when the files are not known', undefined, undefined, undefined],
    ['nothing when the user saves data', [deck], { saveData: true, effectiveType: '4g' }, undefined],
    ['nothing on a 3G link', [deck], { effectiveType: '3g' }, undefined],
    ['nothing for a PDF over the preload limit', [{ filename: 'scan.pdf', size: PRELOAD_MAX_BYTES + 1 }], undefined, undefined],
    // The first PDF decides: a smaller second one is not opened instead.
    ['nothing when the first PDF is too large', [{ filename: 'scan.pdf', size: PRELOAD_MAX_BYTES + 1 }, deck], undefined, undefined],
  ])('%s', (_, files, link, want) => {
    expect(openOnArrival(files as { filename: string; size: number }[] | undefined, link as { saveData?: boolean; effectiveType?: string } | undefined)).toBe(want);
  });
  it('opens nothing for a judge following a live room', () => {
    expect(openOnArrival([deck], undefined, true)).toBeUndefined();
    expect(openOnArrival([deck], undefined, false)).toBe(deck);
  });
});
