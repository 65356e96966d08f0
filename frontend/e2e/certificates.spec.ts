// Certificates: the organizer edits the template (an unknown field is named),
// generates the certificates and watches the run end; a participant (phone,
// Chinese) downloads theirs from the team page; its QR link's page shows the
// holder's name; a forged code is refused.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ApiClient, contestBody, pooledUser, screenshot, tinyPdf, uniq, uploadViaApi, launch } from './harness';
import { DESKTOP_EN, PHONE_ZH, organizer, person, signIn, PASSWORD } from './journey';

let browser: Browser;
let slug = '';
let teamId = 0;
let captainEmail = '';

beforeAll(async () => {
  browser = await launch();
  const admin = new ApiClient();
  await admin.login(ADMIN.email, ADMIN.password);
  slug = `e2e-${uniq()}`;
  await admin.call('POST', '/contests', contestBody(slug, 'Certificate Cup'));
  const captain = await pooledUser(`cert-captain-${uniq()}`, '张伟', PASSWORD);
  captainEmail = captain.email;
  const team = await captain.api.call<{ id: number }>('POST', `/contests/${slug}/teams`, { name: '星火队', track: 'ai' });
  teamId = team.id;
  await captain.api.call('PUT', `/teams/${team.id}/submission`, { title: '智能电网', abstract: 'An entry.', fields: { summary: 'Grid.', stage: 'prototype' } });
  await uploadViaApi(captain.api, team.id, 'deck', 'deck.pdf', tinyPdf('cert'));
  const receipt = await captain.api.call<{ receipt: { submission_id: number } }>('POST', `/teams/${team.id}/submission/submit`, {});
  await admin.call('POST', `/contests/${slug}/results`, { awards: [{ entry_id: receipt.receipt.submission_id, award: '一等奖' }], publish: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('certificates', () => {
  it('are edited, generated, downloaded by their holder and verified', async () => {
    const org = await organizer(browser, DESKTOP_EN);
    const { page, t } = org;
    await page.goto(`/organize/${slug}/certificates`);
    const judges = page.getByLabel(t('certificates.fields.judge_text'));
    await judges.fill('{name} judged {prize}');
    await page.getByRole('button', { name: t('certificates.saveTemplate') }).click();
    await page.getByText(/Cannot use the field “prize”/).waitFor();
    await judges.fill('{name} 担任 {contest} 评委。');
    await page.getByRole('button', { name: t('certificates.saveTemplate') }).click();
    await page.getByText(t('certificates.templateSaved')).waitFor();
    await page.getByRole('button', { name: t('certificates.generate') }).click();
    await page.getByText(t('certificates.progressText', { done: 2, total: 2 })).waitFor({ timeout: 60_000 });
    await page.getByRole('cell', { name: t('certificates.kindWinnerAward', { award: '一等奖' }) }).waitFor();
    await screenshot(page, 'certificates-console');
    org.assertNoConsoleErrors([400]);
    await org.close();

    const holder = await person(browser, PHONE_ZH);
    await signIn(holder, captainEmail, PASSWORD);
    await holder.page.goto(`/teams/${teamId}`);
    const links = holder.page.getByRole('link', { name: holder.t('certificates.download') });
    await links.first().waitFor();
    expect(await links.count()).toBe(2);
    const [download] = await Promise.all([holder.page.waitForEvent('download'), links.first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const href = (await links.first().getAttribute('href')) ?? '';
    const code = /certificates\/([0-9A-Z]{16})\/download/.exec(href)?.[1] ?? '';
    expect(code).not.toBe('');
    await screenshot(holder.page, 'certificates-team-phone-zh-CN');

    await holder.page.goto(`/c/${code}`);
    await holder.page.getByRole('heading', { name: holder.t('certificates.verify.title') }).waitFor();
    await holder.page.locator('#main').getByText('张伟', { exact: true }).waitFor();
    await holder.page.getByText(holder.t('certificates.verify.valid')).waitFor();
    await screenshot(holder.page, 'certificates-verify-phone-zh-CN');
    await holder.page.goto('/c/0000000000000000');
    await holder.page.getByText(holder.t('certificates.verify.unknown')).waitFor();
    holder.assertNoConsoleErrors([404]);
    await holder.close();
  });
});
