// Entry checks and the blind viewer, end to end: a team uploads a PDF over
// its slot's page limit with a member's name as its author and sees both
// warnings on its team page before the deadline; a second team uploads the
// very same file and the organizer sees the pair flagged in the console; a
// judge of the blind round, on a phone, pages through the PDF, seeks the
// MP4, scores, and nothing on screen, in any response the page receives or
// in the download's name reveals the team.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ApiClient, contestBody, inMinutes, launch, pooledUser, screenshot, uniq, uploadViaApi } from './harness';
import { DESKTOP_EN, PASSWORD, PHONE_EN, consoleTab, navigate, organizer, openConsole, person, signIn, submitEntry, upload } from './journey';
import { RUBRIC, textPdf } from './fixtures';

const MP4 = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../server/mediafacts/testdata/clip.mp4'));
const MEMBER = 'Ada Checksmith';
const ORIGINAL = 'Tidewater final pitch.pdf';

/** A 5-page PDF whose Info dictionary names the member as its author. */
function authoredPdf(): Buffer {
  return textPdf(5, 'Tidal energy for islands', `/Producer (e2e) /Author (${MEMBER})`);
}

let browser: Browser;
const admin = new ApiClient();
const slug = `e2e-checks-${uniq()}`;
const title = `Tidal Checks Prize ${slug.slice(-5)}`;
let captain: { email: string; api: ApiClient };
let teamA: { id: number; name: string };
let teamB: { id: number; name: string };
let roundId = 0;

beforeAll(async () => {
  browser = await launch();
  await admin.login(ADMIN.email, ADMIN.password);
  const body = contestBody(slug, title);
  body.files = [
    { key: 'deck', label: 'Pitch deck', required: true, max_bytes: 10 * 1024 * 1024, types: ['.pdf'], max_pages: 3 } as (typeof body.files)[number],
    { key: 'demo', label: 'Demo video', required: false, max_bytes: 10 * 1024 * 1024, types: ['.mp4'] },
  ];
  await admin.call('POST', '/contests', body);
  // A blind round from the start: the checks look for the team's identity.
  roundId = (await admin.call<{ id: number }>('POST', `/contests/${slug}/rounds`, { name: 'Blind review', rubric: RUBRIC, judges_per_entry: 1, blind: true, method: 'mean', closes_at: inMinutes(60 * 48) })).id;
  captain = await pooledUser('checks-captain', MEMBER, PASSWORD);
  teamA = { ...(await captain.api.call<{ id: number }>('POST', `/contests/${slug}/teams`, { name: `Tidewater ${uniq().slice(-4)}`, track: 'ai' })), name: '' };
  teamA.name = (await captain.api.call<{ name: string }>('GET', `/teams/${teamA.id}`)).name;
  await captain.api.call('PUT', `/teams/${teamA.id}/submission`, { title: `Tidal kites (${slug.slice(-4)})`, abstract: 'Kites that pull turbines through tidal currents.', fields: { summary: 'Tidal power.', stage: 'prototype' } });
});
afterAll(async () => {
  await browser?.close();
});

describe('entry checks and the blind viewer', () => {
  it('warns the team of the page limit and the name in the metadata before the deadline', async () => {
    const p = await person(browser, DESKTOP_EN);
    const { page, t } = p;
    await signIn(p, captain.email, PASSWORD);
    await page.goto(`/teams/${teamA.id}`);
    await page.getByRole('heading', { name: teamA.name, level: 1 }).waitFor();
    await upload(p, 'Pitch deck', { name: ORIGINAL, mimeType: 'application/pdf', buffer: authoredPdf() });
    await page.getByText(t('checks.max_pages', { actual: 5, limit: 3 })).waitFor({ timeout: 40_000 });
    await page.getByText(t('checks.identity', { field: t('checks.fields.author') })).waitFor();
    await upload(p, 'Demo video', { name: 'Tidewater demo.mp4', mimeType: 'video/mp4', buffer: MP4 });
    await page.getByText(/0:04/).waitFor({ timeout: 40_000 });
    await screenshot(page, 'checks-team-warnings');
    await submitEntry(p);
    p.assertNoConsoleErrors();
    await p.close();
  });

  it('flags the same file uploaded by two teams to the organizer', async () => {
    const other = await pooledUser('checks-captain2', 'Bo Copier', PASSWORD);
    const b = await other.api.call<{ id: number; name: string }>('POST', `/contests/${slug}/teams`, { name: `Copycats ${uniq().slice(-4)}`, track: 'health' });
    teamB = { id: b.id, name: b.name };
    await other.api.call('PUT', `/teams/${teamB.id}/submission`, { title: `Copied kites (${slug.slice(-4)})`, abstract: 'Another entry.', fields: { summary: 'Copy.', stage: 'idea' } });
    await uploadViaApi(other.api, teamB.id, 'deck', 'copy.pdf', authoredPdf());
    await other.api.call('POST', `/teams/${teamB.id}/submission/submit`, {});

    const p = await organizer(browser, DESKTOP_EN);
    const { page, t } = p;
    await openConsole(p, title);
    await consoleTab(p, 'console.tabs.teams');
    const rowB = page.getByRole('row').filter({ hasText: teamB.name });
    await rowB.getByRole('link', { name: t('checks.flagged', { count: 1 }) }).click();
    // The copy's receipt names the team that submitted the same file first.
    await page.getByText(t('checks.duplicate', { team: teamA.name })).waitFor({ timeout: 20_000 });
    await screenshot(page, 'checks-organizer-duplicate');
    p.assertNoConsoleErrors();
    await p.close();
  });

  it('shows a judge on a phone the PDF and the video, and nothing of the team', async () => {
    const judge = await pooledUser('checks-judge', 'Judge Checks', PASSWORD);
    await admin.call('POST', `/contests/${slug}/members`, { email: judge.email, role: 'judge', tracks: ['ai', 'health'], organization: 'Checks jury' });
    await admin.call('POST', `/rounds/${roundId}/assign`, {});

    const p = await person(browser, PHONE_EN);
    const { page, t } = p;
    const bodies: { url: string; text: string }[] = [];
    page.on('response', (r) => {
      void r
        .body()
        .then((b) => bodies.push({ url: r.url(), text: b.toString('latin1') }))
        .catch(() => undefined); // redirects and aborted media ranges have no body
    });
    await signIn(p, judge.email, PASSWORD);
    await navigate(p, 'nav.judging');
    await page.getByText(`Tidal kites (${slug.slice(-4)})`).click();
    await page.getByRole('heading', { name: `Tidal kites (${slug.slice(-4)})` }).waitFor();

    const files = page.locator('li', { has: page.getByRole('button', { name: t('viewer.open') }) });
    expect(await files.count()).toBe(2);
    // The PDF, open on arrival behind the Document tab (the rubric shows first on a phone);
    // View shows it: five pages, turned with the buttons.
    const viewPdf = files.filter({ hasText: '.pdf' }).getByRole('button', { name: t('viewer.open') });
    expect(await viewPdf.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('tab', { name: t('viewer.tabScores') }).getAttribute('aria-selected')).toBe('true');
    await viewPdf.click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="1"]').waitFor({ timeout: 30_000 });
    await page.getByText(t('viewer.pageOf', { page: 1, count: 5 })).first().waitFor();
    await page.getByRole('button', { name: t('viewer.next') }).click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="2"]').waitFor();
    await page.getByRole('button', { name: t('viewer.next') }).click();
    await page.locator('canvas.viewer-canvas[data-rendered-page="3"]').waitFor();
    await screenshot(page, 'checks-judge-phone-pdf');

    // The video: metadata loads from the bucket, it can be sought.
    await files.filter({ hasText: '.mp4' }).getByRole('button', { name: t('viewer.open') }).click();
    const video = page.locator('video.viewer-media');
    await video.waitFor();
    await page.waitForFunction(() => (document.querySelector('video.viewer-media') as HTMLVideoElement | null)?.readyState! >= 1, null, { timeout: 20_000 });
    const seek = await video.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<{ duration: number; seekable: number; at: number }>((resolve) => {
          v.addEventListener('seeked', () => resolve({ duration: v.duration, seekable: v.seekable.length ? v.seekable.end(0) : 0, at: v.currentTime }), { once: true });
          v.currentTime = 2.5;
        }),
    );
    expect(seek.duration).toBeCloseTo(4, 0);
    expect(seek.seekable).toBeGreaterThan(3);
    expect(seek.at).toBeGreaterThan(2);
    await screenshot(page, 'checks-judge-phone-video');

    // Scores, one tap away.
    await page.getByRole('tab', { name: t('viewer.tabScores') }).click();
    await page.getByRole('radiogroup', { name: 'Innovation' }).getByRole('radio', { name: '4', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '3', exact: true }).click();
    expect(await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);

    // The download's name is the slot's, not the team's.
    await page.getByRole('tab', { name: t('viewer.tabDocument') }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), files.filter({ hasText: '.pdf' }).getByRole('link', { name: t('judge.download') }).click()]);
    const saved = download.suggestedFilename();
    await download.cancel().catch(() => undefined);
    expect(saved).toMatch(/^Pitch deck.*\.pdf$/);

    // Nothing reveals the team: the screen, the title, every response, the download.
    const secrets = [teamA.name, captain.email, ORIGINAL, 'Tidewater', MEMBER];
    const screen = `${await page.title()}\n${await page.locator('body').innerText()}`;
    for (const s of secrets) {
      expect(screen, `the screen shows ${s}`).not.toContain(s);
      expect(saved, `the download is named ${saved}`).not.toContain(s);
    }
    // The search sees the API's answers (the judge's own address is in them).
    expect(bodies.some((b) => b.text.includes(judge.email))).toBe(true);
    // The files' own bytes are the team's (its PDF names its author, which
    // the check warned it about); everything Podium itself sends is searched.
    const ours = bodies.filter((b) => b.url.startsWith(new URL(page.url()).origin));
    for (const s of [teamA.name, captain.email, ORIGINAL, 'Tidewater demo']) {
      const leak = bodies.find((b) => b.text.includes(s));
      expect(leak?.url, `${s} is in a response`).toBeUndefined();
    }
    expect(ours.find((b) => b.text.includes(MEMBER))?.url, `${MEMBER} is in a response of Podium`).toBeUndefined();
    p.assertNoConsoleErrors();
    await p.close();
  });
});
