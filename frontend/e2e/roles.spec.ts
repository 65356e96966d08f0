// Journey: a track lead. The organizer of a contest with two tracks invites
// a lead by e-mail for one track (typing the address, choosing the track by
// its label); the lead confirms the address from the e-mailed link, sees only
// their track's teams in the console, exports their track (answers and a
// ZIP of its files, downloaded by the browser), and another
// track's team opened by its address is not found. A new account that has
// not confirmed its address is refused at team creation, told why and shown
// the way to a new link (on a phone, in Chinese).
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, uniq } from './harness';
import { contestWithEntries, type Fixture } from './fixtures';
import { DESKTOP_EN, PASSWORD, PHONE_ZH, card, consoleTab, exactly, failOnAlert, navigate, newEmail, openMenu, openConsole, openContest, organizer, person, screenshot, signUp, type Person } from './journey';

const CONTEST = `Clean Water Prize ${uniq()}`;
const AI = 'Artificial intelligence';

let browser: Browser;
let fx: Fixture;
beforeAll(async () => {
  browser = await launch();
  // Two submitted entries: the first in the AI track, the second in Health.
  fx = await contestWithEntries(2, 0, CONTEST);
});
afterAll(async () => {
  await browser?.close();
});

/** Invites a track lead from the members tab: their address, the role and the track by its label. */
async function inviteLead(p: Person, email: string, track: string): Promise<void> {
  const { page, t } = p;
  await consoleTab(p, 'console.tabs.members');
  const form = card(page, t('members.add'));
  await form.getByLabel(t('members.email')).fill(email);
  await form.getByLabel(t('members.role')).selectOption({ label: t('roles.track_lead') });
  await form.getByLabel(exactly(track)).check();
  await screenshot(page, 'roles-invite-lead-desktop-en');
  await form.getByRole('button', { name: t('members.addButton') }).click();
  await failOnAlert(page, card(page, t('members.title')).getByText(email), `invite ${email}`);
}

describe('track leads and confirmed addresses', () => {
  it('a track lead sees and exports only their track (desktop-en)', async () => {
    const [mine, other] = fx.teams;
    expect(mine.track).toBe('ai');
    expect(other.track).toBe('health');
    const lead = { name: 'Lin Track-Lead', email: newEmail('lead') };

    // The organizer opens the contest's console and invites the lead.
    const org = await organizer(browser, DESKTOP_EN);
    await openConsole(org, CONTEST);
    await inviteLead(org, lead.email, AI);
    org.assertNoConsoleErrors();
    await org.close();

    // The lead signs up, confirms the address with the e-mailed link (the
    // invitation becomes theirs) and finds the contest in their console.
    const p = await person(browser, DESKTOP_EN);
    const { page, t } = p;
    await signUp(p, lead);
    // Without reloading the page (openConsole would): the confirmation, made
    // in another tab, must show in this one at once.
    await navigate(p, 'nav.organize');
    await page.getByRole('heading', { name: t('organize.title'), level: 1 }).waitFor();
    await page.getByRole('link', { name: CONTEST, exact: true }).click();
    const sections = page.getByRole('navigation', { name: t('console.sections') });
    await sections.waitFor();
    // Only the tabs a lead may open.
    await expect(sections.getByRole('link', { name: t('console.tabs.members'), exact: true }).count()).resolves.toBe(0);

    await consoleTab(p, 'console.tabs.teams');
    await page.getByRole('link', { name: mine.name, exact: true }).waitFor();
    await expect(page.getByRole('link', { name: other.name, exact: true }).count()).resolves.toBe(0);
    await screenshot(page, 'roles-lead-teams-desktop-en');

    // The export of their track.
    await consoleTab(p, 'console.tabs.exports');
    await page.getByRole('button', { name: t('exports.csv') }).click();
    const download = page.getByRole('button', { name: t('exports.download') }).first();
    await failOnAlert(page, download, 'export the track', 60_000);
    await screenshot(page, 'roles-lead-export-desktop-en');
    // The file holds their track's entry and not the other one.
    const fileRequest = page.waitForRequest((r) => r.url().includes('X-Amz-Signature'));
    await download.click();
    const csv = await (await fetch((await fileRequest).url())).text();
    expect(csv).toContain(mine.title);
    expect(csv).not.toContain(other.title);
    // All their track's files as a ZIP, which the browser downloads from
    // Podium itself (streamed from storage while it arrives). Files are
    // stored uncompressed, so the titles in its CSV read as plain bytes.
    await page.getByRole('button', { name: t('exports.zip') }).click();
    const zipRow = page.getByRole('row').filter({ hasText: 'ZIP' });
    const zipDownload = zipRow.getByRole('button', { name: t('exports.download') });
    await failOnAlert(page, zipDownload, 'export the track’s files', 60_000);
    const [saved] = await Promise.all([page.waitForEvent('download'), zipDownload.click()]);
    const zip = await readFile((await saved.path())!);
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(saved.suggestedFilename()).toMatch(/\.zip$/);
    expect(zip.includes(mine.title)).toBe(true);
    expect(zip.includes(other.title)).toBe(false);

    // Another track's team, opened by its address: not found.
    await page.goto(`/teams/${other.id}`);
    await page.getByRole('heading', { name: t('access.notFound.title') }).waitFor();
    await screenshot(page, 'roles-lead-other-track-desktop-en');
    // Their own track's team opens.
    await page.goto(`/teams/${mine.id}`);
    await page.getByRole('heading', { name: mine.name, level: 1 }).waitFor();
    p.assertNoConsoleErrors([404]);
    await p.close();
  });

  it('an account whose address is not confirmed cannot create a team and is shown the way to a new link (phone-zh-CN)', async () => {
    const p = await person(browser, PHONE_ZH);
    const { page, t } = p;
    // Signs up but does not open the e-mailed link.
    await page.goto('/');
    await openMenu(p);
    await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.signUp'), exact: true }).click();
    await page.getByLabel(t('auth.name')).fill('王小明');
    await page.getByLabel(t('auth.email')).fill(newEmail('unconfirmed'));
    await page.getByLabel(t('auth.password')).fill(PASSWORD);
    await page.getByRole('button', { name: t('auth.createAccount') }).click();
    await page.getByRole('heading', { name: t('account.checkInboxTitle') }).waitFor();
    await page.getByRole('link', { name: t('account.continue') }).click();

    await openContest(p, CONTEST);
    const form = card(page, t('team.createTitle'));
    await form.getByLabel(t('team.name')).fill('未确认队');
    await form.getByLabel(t('team.track')).selectOption({ label: AI });
    await form.getByRole('button', { name: t('team.create') }).click();
    const refusal = page.getByRole('alert').filter({ hasText: t('errors.field.unverified') });
    await refusal.waitFor();
    await screenshot(page, 'roles-unconfirmed-refused-phone-zh-CN');
    // The way to a new link: the account page and its resend button.
    await refusal.getByRole('link', { name: t('account.title') }).click();
    // The sign-up's e-mail went out a moment ago: a new one waits a minute, and the page says so.
    await page.getByRole('button', { name: t('account.resend') }).click();
    await page.getByRole('alert').getByText(t('errors.codes.rate_limited')).waitFor();
    await screenshot(page, 'roles-unconfirmed-resend-phone-zh-CN');
    p.assertNoConsoleErrors([403, 429]);
    await p.close();
  });
});
