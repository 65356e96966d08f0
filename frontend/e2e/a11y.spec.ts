// axe-core on the main public pages (and, when the contest API exists, the
// demo contest and its results page): no serious or critical violations.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ApiClient, DESKTOP, PHONE, axe, contestBody, launch, openPage, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  // The demo seed creates /c/demo; make one if this server's seed did not.
  const admin = new ApiClient();
  if ((await admin.raw('GET', '/contests/demo')).status === 404) {
    await admin.login(ADMIN.email, ADMIN.password);
    await admin.call('POST', '/contests', contestBody('demo', 'Podium Demo Challenge'));
  }
});
afterAll(async () => {
  await browser?.close();
});

const pages: [string, string, string][] = [
  ['home', '/', 'h1'],
  ['signin', '/signin', 'form'],
  ['signup', '/signup', 'form'],
  ['contest-demo', '/c/demo', 'h1'],
  ['results-demo', '/c/demo/results', 'h1'],
  ['not-found', '/no/such/page', 'h1'],
];

describe('accessibility (axe-core)', () => {
  for (const [name, path, ready] of pages) {
    for (const [vp, size] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${name} on ${vp}`, async () => {
        const w = await openPage(browser, { viewport: size });
        await w.page.goto(path);
        await w.page.locator(ready).first().waitFor();
        await w.page.waitForLoadState('networkidle');
        const v = await axe(w.page);
        expect(v, JSON.stringify(v, null, 2)).toEqual([]);
        if (vp === 'desktop' && name === 'home') await screenshot(w.page, 'home');
        await w.context.close();
      });
    }
  }
});
