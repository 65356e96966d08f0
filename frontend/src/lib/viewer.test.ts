import { describe, expect, it } from 'vitest';
import { clampPage, findPages, firstPdf, nextMatch, pageKey, stepZoom, viewerKind } from './viewer';

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
