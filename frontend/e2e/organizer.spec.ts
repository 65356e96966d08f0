// Journey: an organizer creates a round, runs the assignment, watches
// progress, reads the ranking and publishes the results.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DESKTOP, PHONE, axe, launch, openPage, screenshot } from './harness';
import { contestWithEntries, scoreAll, type Fixture } from './fixtures';

let browser: Browser;
let fx: Fixture;

beforeAll(async () => {
  browser = await launch();
  fx = await contestWithEntries(4, 2, 'Smart Farming Cup');
});
afterAll(async () => {
  await browser?.close();
});

describe('organizer journey', () => {
  it('creates a round, runs the assignment, ranks and publishes', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await page.goto(`/signin?next=/organize/${fx.slug}/rounds`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Smart Farming Cup' }).waitFor();

    // A new round with the default rubric.
    await page.getByRole('button', { name: 'New round' }).click();
    await page.getByLabel('Name').first().fill('Preliminary');
    await page.getByLabel('Closes at').fill('2099-01-31T18:00');
    await page.getByLabel('Judges per entry').fill('2');
    await page.getByLabel('Ranking method').selectOption('mean');
    await page.getByRole('button', { name: 'Create round' }).click();

    // The round page: run the assignment and inspect it.
    await page.getByRole('button', { name: 'Run assignment' }).click();
    await page.getByText('Assignment done. Judges can start scoring.').waitFor();
    await expect.poll(async () => page.locator('section', { has: page.getByRole('heading', { name: 'Assignments' }) }).locator('tbody tr').count()).toBe(8);
    fx.roundId = Number(page.url().split('/').pop());
    await screenshot(page, 'console-round-assigned');

    // Judges score (through the API); progress and ranking follow.
    await scoreAll(fx);
    await page.reload();
    await page.getByText('8 of 8 scores done', { exact: false }).waitFor({ timeout: 20_000 });
    const ranking = page.locator('section', { has: page.getByRole('heading', { name: 'Ranking' }) });
    await ranking.locator('tbody tr').first().waitFor();
    await ranking.getByRole('button', { name: 'Why?' }).first().click();
    await screenshot(page, 'console-ranking');
    expect(await axe(page)).toEqual([]);

    // Awards and publishing.
    await page.getByRole('link', { name: 'Awards & publishing' }).click();
    await page.getByRole('heading', { name: 'Awards and publishing' }).waitFor();
    await page.getByLabel(`Award for ${fx.teams[0].title}`).fill('First prize');
    await page.getByLabel(`Award for ${fx.teams[1].title}`).fill('First prize');
    await page.getByLabel(`Award for ${fx.teams[2].title}`).fill('Special mention');
    await screenshot(page, 'console-awards');
    // Publishing is public: a preview of the page comes first, then the confirmation.
    await page.getByRole('button', { name: 'Preview and publish…' }).click();
    await page.getByRole('heading', { name: 'Preview of the public results page' }).waitFor();
    await page.getByRole('button', { name: 'Confirm and publish' }).click();
    await page.getByText('Published.', { exact: true }).waitFor().catch(async (e) => {
      await screenshot(page, 'debug-publish');
      throw new Error(`${e}\n${await page.locator('main').innerText()}`);
    });

    await page.getByRole('link', { name: 'View the public page' }).click();
    await page.getByText(fx.teams[0].title).waitFor();
    await page.getByText('Special mention').waitFor();

    // The audit log recorded the work.
    await page.goto(`/organize/${fx.slug}/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await screenshot(page, 'console-audit');
    // On a phone each entry is a card that fits the screen, not a table scrolled sideways.
    await page.setViewportSize(PHONE);
    const sideways = await page.locator('.table-wrap').first().evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(sideways, 'the audit log scrolls sideways on a phone').toBeLessThanOrEqual(0);
    await screenshot(page, 'console-audit-phone');
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('creates a contest with the form builder', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await page.goto('/signin?next=/organize/new');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'New contest' }).waitFor();
    const slug = `built-${Date.now().toString(36)}`;
    await page.getByLabel('Title').fill('Ocean Plastics Hack');
    await page.getByLabel('Address (slug)').fill(slug);
    await page.getByLabel('Time zone').selectOption('Asia/Shanghai');
    await page.getByLabel('Registration opens').fill('2026-01-01T09:00');
    await page.getByLabel('Submissions open').fill('2026-01-02T09:00');
    await page.getByLabel('Submission deadline').fill('2099-03-01T18:00');
    await page.getByRole('button', { name: 'Add track' }).click();
    await page.getByLabel('Track name').fill('Recycling');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.locator('[data-k="form[0].label"]').fill('What problem do you solve?');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.locator('[data-k="form[1].label"]').fill('项目简介');
    await page.getByRole('button', { name: 'Add file slot' }).click();
    await page.locator('[data-k="files[0].label"]').fill('Demo video');
    await screenshot(page, 'console-new-contest');
    await page.getByRole('button', { name: 'Create contest' }).click();
    await page.getByRole('heading', { name: 'Ocean Plastics Hack' }).waitFor();
    const c = await fx.admin.call<{ timezone: string; submission_deadline: string; tracks: { slug: string }[]; form: { key: string }[]; files: { key: string }[] }>('GET', `/contests/${slug}`);
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(new Date(c.submission_deadline).toISOString()).toBe('2099-03-01T10:00:00.000Z');
    expect(c.tracks.map((t) => t.slug)).toEqual(['recycling']);
    // Keys made from the labels, in the form the server accepts.
    expect(c.form.map((f) => f.key)).toEqual(['what_problem_do_you_solve', 'field_2']);
    expect(c.files.map((f) => f.key)).toEqual(['demo_video']);
    w.assertNoConsoleErrors();
    await w.context.close();
  });
});
