// Journey: a judge scores an entry on a phone-sized viewport (touch-sized
// rubric buttons, autosaved draft, final submit).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, axe, launch, openPage, screenshot } from './harness';
import { PASSWORD, contestWithEntries, createRound, type Fixture } from './fixtures';

let browser: Browser;
let fx: Fixture;

beforeAll(async () => {
  browser = await launch();
  fx = await contestWithEntries(2, 1, 'Clean Water Prize', true);
  const roundId = await createRound(fx, 1);
  await fx.admin.call('POST', `/rounds/${roundId}/assign`, {});
});
afterAll(async () => {
  await browser?.close();
});

describe('judge journey (phone)', () => {
  it('signs in, sees assignments with progress, scores and submits', async () => {
    const w = await openPage(browser, { viewport: PHONE });
    const { page } = w;
    await page.goto('/signin?next=/judge');
    await page.getByLabel('E-mail').fill(fx.judges[0].email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My assignments' }).waitFor();
    // The judge may have assignments of other contests too (accounts are reused between runs).
    const progress = page.getByText(/\d+ of \d+ scored/);
    await progress.waitFor();
    const [done0, total0] = ((await progress.textContent()) ?? '').match(/\d+/g)!.map(Number);
    expect(total0).toBeGreaterThanOrEqual(2);
    // Blind round: titles are shown, team names are not.
    await page.getByText(fx.teams[0].title).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(fx.teams[0].name);
    await screenshot(page, 'judge-assignments-phone');
    expect(await axe(page)).toEqual([]);

    await page.getByText(fx.teams[0].title).click();
    await page.getByRole('heading', { name: fx.teams[0].title }).waitFor();
    await page.getByRole('link', { name: 'Download' }).first().waitFor();
    // The text preview shows the file as text: markup in it is never run.
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview-text').getByText('Even <b>markup</b> stays text.').waitFor();
    expect(await page.locator('.preview-text b').count()).toBe(0);
    // The entry's deck opened on arrival and waits in the Document tab: on a phone the rubric shows first.
    expect(await page.getByRole('tab', { name: 'Scores' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.review-scores').isVisible()).toBe(true);
    // Large touch targets: each scale step is at least 44 px high.
    const box = await page.locator('.scale-step').first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);

    // Tap a score, then use the keyboard for the next criterion.
    await page.getByRole('radiogroup', { name: 'Innovation' }).getByRole('radio', { name: '4', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByLabel('Comment').fill('Clear plan; the pilot data are convincing.');
    await page.getByText(/Draft saved at/).waitFor({ timeout: 15_000 });
    await screenshot(page, 'judge-score-phone');
    expect(await axe(page)).toEqual([]);

    const scored = page.url();
    await page.getByRole('button', { name: 'Submit score' }).click();
    // Goes on to the next entry to score, and says the score went in.
    await page.waitForURL((u) => u.href !== scored);
    await page.getByText('Your scores were submitted. Thank you!').waitFor();
    // The next entry opens on its deck too; its rubric is one tap away.
    await page.getByRole('tab', { name: 'Scores' }).click();
    await page.getByRole('button', { name: 'Submit score' }).waitFor();
    await page.getByRole('link', { name: /My assignments/ }).click();
    await page.getByText(`${done0 + 1} of ${total0} scored`).waitFor();
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('declares a conflict of interest', async () => {
    const w = await openPage(browser, { viewport: PHONE });
    const { page } = w;
    await page.goto('/signin?next=/judge');
    await page.getByLabel('E-mail').fill(fx.judges[0].email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const detail = page.getByText(/conflicts declared/);
    await detail.waitFor();
    const conflicts0 = Number(((await detail.textContent()) ?? '').match(/(\d+) conflicts declared/)![1]);
    await page.getByText(fx.teams[1].title).click();
    await page.getByRole('button', { name: 'Declare a conflict' }).click();
    await page.getByRole('button', { name: 'Confirm conflict' }).click();
    await page.getByText('This field is required.').waitFor();
    await page.getByLabel('Reason').fill('I mentored this team last year.');
    await page.getByRole('button', { name: 'Confirm conflict' }).click();
    await page.getByRole('heading', { name: 'My assignments' }).waitFor();
    // Confirmed, and counted in the judge's progress.
    await page.getByText('Conflict declared: the entry was given back and will go to another judge.').waitFor();
    await page.getByText(`${conflicts0 + 1} conflicts declared`).waitFor();

    // A judge who opens the organizer console is told they may not.
    await page.goto(`/organize/${fx.slug}`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    // A missing contest is not found, with nothing to retry.
    await page.goto('/c/no-such-contest-anywhere');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    w.assertNoConsoleErrors([403, 404]);
    await w.context.close();
  });
});
