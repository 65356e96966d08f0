// Journey 2: a team signs up, creates a team, fills the contest's form,
// uploads its demo video, submits and keeps the receipt; a teammate joins with
// the invite link on a phone; a team that submits ideas only (a form-only
// contest) gets its receipt too; and when the deadline passes, the open team
// page locks.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, sha256 } from './harness';
import {
  DESKTOP_EN,
  DESKTOP_ZH,
  PHONE_EN,
  PHONE_ZH,
  card,
  createContest,
  createTeam,
  failOnAlert,
  fillEntry,
  fillSignUp,
  newEmail,
  openContest,
  organizer,
  person,
  screenshot,
  shootOnFailure,
  shotName,
  soonestMinute,
  submitEntry,
  tag,
  tinyMp4,
  upload,
  withAny,
  type Person,
  type Variant,
} from './journey';

const PROBLEM = 'What problem do you solve?';
const WEBSITE = 'Team website';
const VIDEO = 'Demo video';
const ZONE = 'Europe/Berlin';

let browser: Browser;
const contests = { video: '', idea: '', closing: '' };
let closingAt: Date;

beforeAll(async () => {
  browser = await launch();
  const org = await organizer(browser, DESKTOP_EN);
  const far = new Date(Date.now() + 30 * 24 * 3600_000);
  contests.video = `Demo Day Cup ${tag('en')}`;
  await createContest(org, {
    title: contests.video,
    description: 'Show us a short demo video of your prototype.',
    timezone: ZONE,
    deadline: far,
    maxTeamSize: 4,
    tracks: ['AI for Health', 'Climate'],
    fields: [{ label: PROBLEM, type: 'textarea', required: true }],
    files: [{ label: VIDEO, types: '.mp4', maxMiB: 20, required: true }],
  });
  contests.idea = `Idea Contest ${tag('en')}`;
  await createContest(org, {
    title: contests.idea,
    description: 'Ideas only: a few lines and a link.',
    timezone: ZONE,
    deadline: far,
    fields: [
      { label: PROBLEM, type: 'textarea', required: true },
      { label: WEBSITE, type: 'url' },
    ],
  });
  // The soonest deadline the editor's minute-precise clock allows, at least 75 s away.
  closingAt = soonestMinute(75);
  contests.closing = `Last Minute Sprint ${tag('en')}`;
  await createContest(org, { title: contests.closing, description: 'Closes in a minute.', timezone: ZONE, deadline: closingAt, fields: [{ label: PROBLEM, type: 'textarea', required: true }] });
  org.assertNoConsoleErrors();
  await org.close();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a contest as a visitor and signs up from its "Take part" card, which brings the person back to it. */
async function signUpFromContest(p: Person, title: string, name: string): Promise<void> {
  await openContest(p, title);
  await card(p.page, p.t('contest.participate')).getByRole('link', { name: p.t('nav.signUp') }).click();
  await fillSignUp(p, { name, email: newEmail('team') });
  await p.page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

/** Opens the invite link a captain shared, signs up from it, and joins. */
async function joinByLink(p: Person, link: string, name: string): Promise<void> {
  const { page, t } = p;
  await page.goto(link);
  await page.getByRole('link', { name: t('nav.signUp') }).last().click();
  await fillSignUp(p, { name, email: newEmail('mate') });
  await page.getByRole('button', { name: t('join.confirm') }).click();
  await failOnAlert(page, card(page, t('team.members')).getByText(name), 'join the team');
}

// Watched through the whole file: two members of a team in the contest that closes in a minute.
const closing: { captain?: Person; mate?: Person } = {};

it('a team starts its entry in a contest that closes in a minute', async () => {
  const captain = await person(browser, DESKTOP_EN);
  await signUpFromContest(captain, contests.closing, 'Ada Lovelace');
  await createTeam(captain, 'Night Owls');
  await fillEntry(captain, { title: 'Cool roofs for schools', answers: { [PROBLEM]: 'Classrooms overheat in summer.' } });
  await captain.page.getByRole('button', { name: captain.t('submission.saveDraft') }).click();
  await captain.page.getByText(withAny(captain.t, 'submission.savedAt', 'at')).waitFor();
  const link = await captain.page.getByLabel(captain.t('team.inviteLink')).inputValue();
  const mate = await person(browser, PHONE_ZH);
  await joinByLink(mate, link, '李雷');
  closing.captain = captain;
  closing.mate = mate;
  expect(Date.now(), 'the setup took longer than the time left before the deadline').toBeLessThan(closingAt.getTime());
});

describe.each([DESKTOP_EN, PHONE_EN, DESKTOP_ZH])('team journey ($id)', (v: Variant) => {
  it('signs up, creates a team, fills the form, uploads the demo video, submits and sees the receipt; a teammate joins on a phone', async () => {
    const captain = await person(browser, v);
    const { page, t } = captain;
    await signUpFromContest(captain, contests.video, 'Grace Hopper');
    const team = `Heat Busters ${tag(v.lang)}`;
    await createTeam(captain, team, 'Climate');
    await page.getByText('Climate').first().waitFor();
    await fillEntry(captain, { title: 'Shade maps for hot cities', abstract: 'Street-level maps of shade and heat, updated daily.', answers: { [PROBLEM]: 'People walk in the sun because they do not know where the shade is.' } });
    const video = tinyMp4();
    await upload(captain, VIDEO, { name: 'demo.mp4', mimeType: 'video/mp4', buffer: video });
    await screenshot(page, shotName('team-form', v));
    await submitEntry(captain);
    await page.getByText(t('receipt.thanks')).waitFor();
    const files = page.locator('table');
    await files.getByText('demo.mp4').waitFor();
    expect(await files.textContent()).toContain(await sha256(video));
    expect((await page.getByTestId('receipt-digest').textContent())?.trim()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(page, shotName('team-receipt', v));

    await page.getByRole('link', { name: t('receipt.back') }).click();
    const link = await page.getByLabel(t('team.inviteLink')).inputValue();
    captain.assertNoConsoleErrors();
    await captain.close();

    const mate = await person(browser, v.lang === 'en' ? PHONE_EN : PHONE_ZH);
    await joinByLink(mate, link, 'Katherine Johnson');
    await card(mate.page, mate.t('team.members')).getByText('Grace Hopper').waitFor();
    await mate.page.getByRole('heading', { name: team, level: 1 }).waitFor();
    // The teammate sees the submitted entry.
    expect(await mate.page.getByLabel(mate.t('submission.entryTitle')).inputValue()).toBe('Shade maps for hot cities');
    await screenshot(mate.page, shotName('team-joined', mate.variant));
    mate.assertNoConsoleErrors();
    await mate.close();
  });

  it('submits an idea to a contest that asks for no files', async () => {
    const captain = await person(browser, v);
    const { page, t } = captain;
    await signUpFromContest(captain, contests.idea, 'Hedy Lamarr');
    await createTeam(captain, `Idea Makers ${tag(v.lang)}`);
    await page.getByText(t('files.none')).waitFor();
    await fillEntry(captain, { title: 'Repair cafés on wheels', answers: { [PROBLEM]: 'Broken things are thrown away.', [WEBSITE]: 'https://example.org/repair' } });
    await submitEntry(captain);
    await page.getByText(t('receipt.thanks')).waitFor();
    await page.getByText(t('receipt.noFiles')).waitFor();
    await screenshot(page, shotName('idea-receipt', v));
    captain.assertNoConsoleErrors();
    await captain.close();
  });
});

it('when the deadline passes, the open team page locks for every member, its entry and its members', async () => {
  const { captain, mate } = closing;
  expect(captain && mate, 'the team of the closing contest was not set up').toBeTruthy();
  shootOnFailure(captain!);
  shootOnFailure(mate!);
  // Bounded wait: the deadline plus a margin, polling what the page shows (no reload).
  const timeout = Math.max(5_000, closingAt.getTime() - Date.now() + 20_000);
  for (const p of [captain!, mate!]) {
    const { page, t } = p;
    await page.getByText(t('contest.closed')).filter({ visible: true }).first().waitFor({ timeout });
    await screenshot(page, shotName('team-locked', p.variant));
    await page.getByText(t('submission.lockedTitle')).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: t('submission.submit') }).isDisabled()).toBe(true);
    expect(await page.getByLabel(t('submission.entryTitle')).isDisabled()).toBe(true);
    // The members are locked too: no leaving, no invite code, and the page says why.
    await page.getByTestId('team-locked').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: t('team.leave') }).count()).toBe(0);
    expect(await page.getByTestId('invite-code').count()).toBe(0);
  }
  captain!.assertNoConsoleErrors();
  mate!.assertNoConsoleErrors();
  await captain!.close();
  await mate!.close();
});
