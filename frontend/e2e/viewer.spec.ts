// The entry viewer in Chromium: a judge of a blind round opens an entry and
// its 40-page PDF deck shows by itself beside the rubric; pdf.js (its worker
// from our origin, under the server's CSP) draws page 1 of a 6 MB deck on a
// canvas with non-blank pixels, page keys turn pages, search finds a page,
// scores survive paging; on a phone the rubric shows first, the Document
// and Scores tabs switch panes, and a deck closed with × opens again with View. Reports the time to
// first page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, launch, openPage, screenshot, uploadViaApi } from './harness';
import { PASSWORD, contestWithEntries, createRound, textPdf, type Fixture } from './fixtures';

let browser: Browser;
let fx: Fixture;

beforeAll(async () => {
  browser = await launch();
  fx = await contestWithEntries(1, 1, 'Desalination Prize');
  const team = fx.teams[0];
  // Replace the tiny deck with a real 40-page PDF of 6 MB (its bulk an
  // image on the last page) and submit again.
  await uploadViaApi(team.api, team.id, 'deck', 'River Guardians pitch.pdf', textPdf(40, 'Water for all', '/Producer (e2e)', 6_000_000));
  await team.api.call('POST', `/teams/${team.id}/submission/submit`, {});
  const roundId = await createRound(fx, 1);
  await fx.admin.call('POST', `/rounds/${roundId}/assign`, {});
});
afterAll(async () => {
  await browser?.close();
});

/** Signs the judge in and opens the entry. */
async function openEntry(viewport: { width: number; height: number }) {
  const w = await openPage(browser, { viewport });
  const { page } = w;
  await page.goto('/signin?next=/judge');
  await page.getByLabel('E-mail').fill(fx.judges[0].email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(fx.teams[0].title).click();
  await page.getByRole('heading', { name: fx.teams[0].title }).waitFor();
  return w;
}

/** Whether the canvas has pixels that are neither white nor transparent. */
async function inkOnCanvas(page: import('playwright-core').Page): Promise<number> {
  return page.locator('canvas.viewer-canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) ink++;
    return ink;
  });
}

describe('entry viewer', () => {
  it('renders a 40-page PDF beside the rubric on a desktop', async () => {
    const w = await openEntry(DESKTOP);
    const { page } = w;
    // Blind round: the file is named after its slot.
    expect(await page.locator('main').textContent()).not.toContain('River Guardians pitch');
    // The deck opens on arrival: no tap on View.
    const t0 = Date.now();
    expect(await page.getByRole('button', { name: 'View', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.locator('canvas.viewer-canvas[data-rendered-page="1"]').waitFor({ timeout: 30_000 });
    const firstPageMs = Date.now() - t0;
    console.log(`viewer: time to first page of a 40-page PDF, from the entry's title shown: ${firstPageMs} ms`);
    await page.getByText('Page 1 of 40').first().waitFor();
    expect(await inkOnCanvas(page)).toBeGreaterThan(1000);
    // The rubric is beside the document.
    const doc = await page.locator('.review-doc').boundingBox();
    const scores = await page.locator('.review-scores').boundingBox();
    expect(scores!.x).toBeGreaterThan(doc!.x + doc!.width - 1);

    // Score, then page with the keyboard: the score stays.
    await page.getByRole('radiogroup', { name: 'Innovation' }).getByRole('radio', { name: '4', exact: true }).click();
    await page.locator('.viewer-page').click();
    await page.keyboard.press('PageDown');
    await page.locator('canvas.viewer-canvas[data-rendered-page="2"]').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="3"]').waitFor();
    expect(await page.getByRole('radiogroup', { name: 'Innovation' }).getByRole('radio', { name: '4', exact: true }).isChecked()).toBe(true);

    // Search jumps to the page with the words.
    await page.getByRole('searchbox', { name: 'Search the text' }).fill('desalination budget');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('Found on page 27').waitFor();
    await page.locator('canvas.viewer-canvas[data-rendered-page="27"]').waitFor();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByText('125%').waitFor();
    await screenshot(page, 'judge-viewer-desktop');
    // Neither the original file name nor the PDF's metadata reaches the page or its title.
    expect(await page.title()).not.toContain('pitch');
    expect(await page.locator('main').textContent()).not.toContain('pitch');
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('shows the first and the last page of a 6 MB deck on a phone', async () => {
    // The deck's bulk is an image on its last page, fetched from the bucket.
    const w = await openEntry(PHONE);
    const { page } = w;
    // The rubric shows first; the deck, opened on arrival, shows at a tap on its tab.
    await page.getByRole('tab', { name: 'Document' }).click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="1"]').waitFor({ timeout: 30_000 });
    await page.getByText('Page 1 of 40').first().waitFor();
    // Page 1 shows on the phone's screen without scrolling (at least its top 200 px), under the entry's title.
    const top = await page.locator('canvas.viewer-canvas').boundingBox();
    expect(top!.y + 200).toBeLessThan(PHONE.height);
    expect(await inkOnCanvas(page)).toBeGreaterThan(500);
    await page.getByRole('searchbox', { name: 'Search the text' }).fill('Page 40');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="40"]').waitFor({ timeout: 30_000 });
    expect(await inkOnCanvas(page)).toBeGreaterThan(20_000);
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('switches between the document and the scores on a phone', async () => {
    const w = await openEntry(PHONE);
    const { page } = w;
    // On arrival the rubric shows, the deck waits (opened, drawn) in the Document tab.
    expect(await page.getByRole('tab', { name: 'Scores' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.review-doc').isVisible()).toBe(false);
    await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '3', exact: true }).click();
    await page.getByRole('tab', { name: 'Document' }).click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="1"]').waitFor({ timeout: 30_000 });
    expect(await inkOnCanvas(page)).toBeGreaterThan(500);
    expect(await page.locator('.review-scores').isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'Scores' }).click();
    expect(await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);
    await screenshot(page, 'judge-viewer-phone');
    // Closed, the rubric shows on its own; View opens the deck again, and a second View keeps it open.
    await page.getByRole('tab', { name: 'Document' }).click();
    await page.getByRole('button', { name: 'Close the viewer' }).click();
    await page.getByRole('radiogroup', { name: 'Impact' }).waitFor();
    expect(await page.locator('canvas.viewer-canvas').count()).toBe(0);
    const view = page.getByRole('button', { name: 'View', exact: true });
    await view.click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="1"]').waitFor({ timeout: 30_000 });
    await view.click();
    expect(await view.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('canvas.viewer-canvas').count()).toBe(1);
    await page.getByRole('tab', { name: 'Scores' }).click();
    expect(await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);
    w.assertNoConsoleErrors();
    await w.context.close();
  });
});
