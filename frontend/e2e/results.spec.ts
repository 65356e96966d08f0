// The public results page shows the winners by track with their awards, to
// anyone, in both languages; 404 before publishing is a friendly message.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, axe, contestBody, launch, openPage, screenshot, uniq } from './harness';
import { publishedContest } from './fixtures';

let browser: Browser;
let fx: Awaited<ReturnType<typeof publishedContest>>;

beforeAll(async () => {
  browser = await launch();
  fx = await publishedContest();
});
afterAll(async () => {
  await browser?.close();
});

describe('public results', () => {
  it('shows the winners by track with award names', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await page.goto(`/c/${fx.slug}/results`);
    await page.getByRole('heading', { name: /Results — Solar Schools Award/ }).waitFor();
    for (const a of fx.awards) {
      const item = page.getByRole('listitem').filter({ hasText: a.title });
      await item.waitFor();
      expect(await item.textContent()).toContain(a.award);
    }
    await page.getByRole('heading', { name: 'Artificial intelligence' }).waitFor();
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await screenshot(page, 'results');
    expect(await axe(page)).toEqual([]);
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('reads well on a phone in Chinese', async () => {
    const w = await openPage(browser, { viewport: PHONE, lang: 'zh-CN' });
    await w.page.goto(`/c/${fx.slug}/results`);
    await w.page.getByRole('heading', { name: /比赛结果/ }).waitFor();
    await w.page.getByText('First prize').first().waitFor();
    await screenshot(w.page, 'results-phone-zh-CN');
    expect(await axe(w.page)).toEqual([]);
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('says politely that results are not published yet', async () => {
    const slug = `unpublished-${uniq()}`;
    await fx.admin.call('POST', '/contests', contestBody(slug));
    const w = await openPage(browser, { viewport: DESKTOP });
    await w.page.goto(`/c/${slug}/results`);
    await w.page.getByText('The results have not been published yet.').waitFor();
    w.assertNoConsoleErrors([404]);
    await w.context.close();
  });
});
