// Journey: the organizer weighs the rounds into one final ranking, records a
// jury decision, freezes the ranking, rehearses the ceremony (nothing is
// published), then runs it: three awards revealed in order on the presenter
// page (a phone) while the audience screen (no sign-in) follows, and the
// results page is public at the end.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ApiClient, DESKTOP, PHONE, launch, openPage, screenshot } from './harness';
import { contestWithEntries, createRound, entryIds, scoreAll, type Fixture } from './fixtures';

let browser: Browser;
let fx: Fixture;
const AWARDS = ['First prize', 'Second prize', 'Third prize'];

beforeAll(async () => {
  browser = await launch();
  fx = await contestWithEntries(4, 2, 'Harbour Innovation Final');
  const roundId = await createRound(fx, 2);
  await fx.admin.call('POST', `/rounds/${roundId}/assign`, {});
  await scoreAll(fx);
  // The awards are saved, not published: the ceremony publishes them.
  const ids = await entryIds(fx);
  await fx.admin.call('POST', `/contests/${fx.slug}/results`, {
    awards: AWARDS.map((award, i) => ({ entry_id: ids.get(fx.teams[i].title), award })),
    awards_order: AWARDS,
    publish: false,
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Reveals the three awards on the presenter page, checking that the audience follows each one, last place first. */
async function revealAll(presenter: Page, audience: Page) {
  for (const [i, award] of [...AWARDS].reverse().entries()) {
    await presenter.getByRole('button', { name: 'Reveal the next award' }).click();
    await presenter.getByText(`${i + 1} of 3 revealed`).waitFor();
    const team = fx.teams[AWARDS.indexOf(award)].name;
    await audience.locator('.reveal-big').filter({ hasText: award }).filter({ hasText: team }).waitFor();
  }
}

describe('final ranking and ceremony', () => {
  it('weighs, deliberates, rehearses and announces the winners', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await page.goto(`/signin?next=/organize/${fx.slug}/final`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Final ranking' }).waitFor();

    // Weights, typed per round; the combined ranking appears, explained.
    await page.getByLabel('Weight of Preliminary (%)').fill('100');
    await page.getByLabel('Entries missing from a weighted round').selectOption({ label: 'Leave them out of the ranking' });
    await page.getByRole('button', { name: 'Save weights' }).click();
    await page.getByText('Weights saved.').waitFor();
    const ranking = page.getByRole('list', { name: 'Final ranking' });
    await expect.poll(() => ranking.getByRole('listitem').filter({ has: page.locator('.final-head') }).count()).toBe(4);

    // A jury decision with its reason: the fourth entry moves to first.
    const last = fx.teams[3];
    const option = await page.getByRole('combobox', { name: 'Entry', exact: true }).locator('option', { hasText: last.title }).textContent();
    await page.getByLabel('Decision').selectOption({ label: 'Move an entry to a position' });
    await page.getByRole('combobox', { name: 'Entry', exact: true }).selectOption({ label: option ?? '' });
    await page.getByRole('spinbutton', { name: 'Position' }).fill('1');
    await page.getByRole('textbox', { name: 'Reason' }).fill('The jury preferred its live demo, 5 votes to 2');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded.').waitFor();
    const first = ranking.locator('.final-line').first();
    await first.getByText(last.name).waitFor();
    await first.getByText('Why').click();
    await first.getByText('5 votes to 2', { exact: false }).waitFor();

    // Freeze, after a confirmation.
    await page.getByRole('button', { name: 'Freeze the ranking' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Frozen since', { exact: false }).waitFor();
    await screenshot(page, 'console-final');

    // The audience screen, in Chinese: no sign-in, the link from the console.
    const link = await page.locator('a', { hasText: '/show/' }).first().getAttribute('href');
    const screen = await openPage(browser, { viewport: DESKTOP, lang: 'zh-CN' });
    await screen.page.goto(link!);
    await screen.page.getByText('颁奖典礼即将开始').waitFor();

    // The presenter on a phone, signed in as the organizer.
    const presenter = await w.context.newPage();
    await presenter.setViewportSize(PHONE);
    await presenter.goto(`/present/${fx.slug}`);
    await presenter.getByRole('heading', { name: 'Presenter' }).waitFor();

    // Rehearsal: the same screens, nothing published.
    await presenter.getByRole('button', { name: 'Start a rehearsal' }).click();
    await screen.page.getByText('彩排').waitFor();
    await revealAll(presenter, screen.page);
    await presenter.getByRole('button', { name: 'End the rehearsal' }).click();
    await presenter.getByText('Finished').first().waitFor();
    const anon = new ApiClient();
    expect((await anon.raw('GET', `/contests/${fx.slug}/results`)).status).toBe(404);

    // The ceremony, after a confirmation; a reload resumes at the current reveal.
    await presenter.getByRole('button', { name: 'Start the ceremony' }).click();
    await presenter.getByRole('button', { name: 'Yes' }).click();
    await presenter.getByRole('button', { name: 'Reveal the next award' }).waitFor();
    await screen.page.getByText('颁奖典礼即将开始').waitFor();
    await revealAll(presenter, screen.page);
    await screen.page.reload();
    await screen.page.locator('.reveal-big').filter({ hasText: 'First prize' }).waitFor();
    await screenshot(presenter, 'ceremony-presenter-phone');
    await screenshot(screen.page, 'ceremony-audience-zh-CN');
    await presenter.getByRole('button', { name: 'End the ceremony and publish' }).click();
    await presenter.getByRole('button', { name: 'Yes' }).click();
    await presenter.getByText('The results are public.').waitFor();
    await screen.page.getByText('祝贺所有获奖者！').first().waitFor();

    // The public results page.
    const visitor = await openPage(browser, { viewport: PHONE });
    await visitor.page.goto(`/c/${fx.slug}/results`);
    for (const [i, award] of AWARDS.entries()) {
      await visitor.page.getByRole('listitem').filter({ hasText: fx.teams[i].title }).filter({ hasText: award }).first().waitFor();
    }
    w.assertNoConsoleErrors([404]);
    screen.assertNoConsoleErrors();
    visitor.assertNoConsoleErrors();
    await Promise.all([w.context.close(), screen.context.close(), visitor.context.close()]);
  });
});
