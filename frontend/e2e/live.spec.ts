// Journey: a live final. The organizer makes a round live by typing its
// rooms, builds the schedule; a moderator starts a pitch from a phone; the
// room display (no sign-in) shows the team and the countdown, and after a
// reload resumes at the server's second; a pitch is extended; a team is
// marked absent; a judge's phone follows its room to the current entry and
// scores it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DESKTOP, PHONE, baseURL, launch, openPage, screenshot } from './harness';
import { PASSWORD, contestWithEntries, createRound, type Fixture } from './fixtures';

let browser: Browser;
let fx: Fixture;

beforeAll(async () => {
  browser = await launch();
  fx = await contestWithEntries(4, 2, 'Live Water Final');
  await createRound(fx, 1);
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string, password: string, next: string) {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  // In any language: the sign-in form's address and password fields.
  await page.locator('main input[type=email]').fill(email);
  await page.locator('main input[type=password]').fill(password);
  await page.locator('main input[type=password]').press('Enter');
}

interface ServerRoom {
  remaining_ms: number;
  server_time: string;
  phase: string;
  clock: { pitch_ms: number };
}

/** The display's countdown against the server's state: the display's value at its server-clock instant, and what the server says for that instant. */
async function displayVersusServer(page: Page, token: string): Promise<{ shown: number; expected: number }> {
  const el = page.getByTestId('live-remaining');
  const shown = Number(await el.getAttribute('data-ms'));
  const at = Number(await el.getAttribute('data-at'));
  const r = await fetch(`${baseURL()}/api/v1/live/display/${token}`);
  const s = ((await r.json()) as { data: ServerRoom }).data;
  // Remaining at the server's time, moved to the display's instant (the clock runs down 1 ms per ms).
  return { shown, expected: s.remaining_ms + (Date.parse(s.server_time) - at) };
}

describe('live final', () => {
  it('sets up rooms, runs a pitch on the display and a judge follows the room', async () => {
    // The organizer types the rooms and builds the schedule.
    const org = await openPage(browser, { viewport: DESKTOP });
    await signIn(org.page, ADMIN.email, ADMIN.password, `/organize/${fx.slug}/live`);
    const o = org.page;
    await o.getByRole('form', { name: 'Rooms and times' }).waitFor();
    await o.getByLabel(/^Start/).fill('2030-06-01T09:00');
    await o.getByLabel('Room name').fill('Hall A');
    await o.getByRole('checkbox', { name: 'Judge A' }).check();
    await o.getByLabel('Moderator').selectOption({ label: 'Judge A' });
    await o.getByRole('button', { name: 'Add a room' }).click();
    await o.getByLabel('Room name').nth(1).fill('Hall B');
    await o.getByRole('checkbox', { name: 'Judge B' }).nth(1).check();
    await o.getByRole('button', { name: 'Save rooms and times' }).click();
    await o.getByText('Saved. Build the schedule next.').waitFor();
    await o.getByRole('button', { name: 'Build the schedule' }).click();
    const hallA = o.getByRole('region', { name: 'Hall A' });
    const hallB = o.getByRole('region', { name: 'Hall B' });
    await hallA.getByRole('cell', { name: fx.teams[0].name }).or(hallB.getByRole('cell', { name: fx.teams[0].name })).waitFor();
    expect(await hallA.getByRole('row').count()).toBe(3); // a header and two teams
    await screenshot(o, 'live-setup-desktop');
    const displayHref = (await hallA.getByRole('link', { name: 'Room display' }).getAttribute('href')) ?? '';
    const token = displayHref.split('/').pop() ?? '';
    const hallBPath = (await hallB.getByRole('link', { name: 'Moderate' }).getAttribute('href')) ?? '';

    // Judge A moderates Hall A from a phone and starts the first pitch.
    const mod = await openPage(browser, { viewport: PHONE });
    await signIn(mod.page, fx.judges[0].email, PASSWORD, '/judge');
    await mod.page.getByRole('heading', { name: 'Your live rooms' }).waitFor();
    await mod.page.getByRole('link', { name: /Hall A/ }).last().click();
    await mod.page.getByRole('button', { name: 'Start the pitch' }).click();
    await mod.page.getByTestId('live-phase').getByText('Pitch').waitFor();

    // The display (no sign-in) shows the team and the countdown.
    const disp = await openPage(browser, { viewport: DESKTOP });
    await disp.page.goto(displayHref);
    const team = ((await disp.page.getByTestId('live-team').textContent()) ?? '').trim();
    expect(fx.teams.map((t) => t.name)).toContain(team);
    await disp.page.getByTestId('live-remaining').waitFor();
    await screenshot(disp.page, 'live-display-desktop');

    // A reload resumes at the server's second (within half a second).
    await disp.page.reload();
    await disp.page.getByTestId('live-remaining').waitFor();
    const cmp = await displayVersusServer(disp.page, token);
    expect(Math.abs(cmp.shown - cmp.expected)).toBeLessThanOrEqual(500);

    // The moderator extends the pitch by a minute: the display follows.
    const before = Number(await disp.page.getByTestId('live-remaining').getAttribute('data-ms'));
    await mod.page.getByRole('button', { name: '+1 minute' }).click();
    await expect.poll(async () => Number(await disp.page.getByTestId('live-remaining').getAttribute('data-ms')), { timeout: 15_000 }).toBeGreaterThan(before + 30_000);
    await screenshot(mod.page, 'live-moderator-phone');

    // Judge B follows Hall B on a phone (in Chinese): the current entry opens by itself.
    const jb = await openPage(browser, { viewport: PHONE, lang: 'zh-CN' });
    await signIn(jb.page, fx.judges[1].email, PASSWORD, hallBPath);
    await jb.page.waitForURL(/\/judge\/assignments\/\d+\?room=/);
    const firstEntry = jb.page.url();

    // The organizer marks Hall B's first team absent; the judge's phone moves on to the next entry.
    await o.goto(hallBPath);
    await o.getByRole('button', { name: 'Absent' }).click();
    await o.getByText('Absent').last().waitFor();
    await jb.page.waitForURL((u) => u.href !== firstEntry && /\?room=/.test(u.href), { timeout: 15_000 });
    const title = jb.page.getByRole('heading', { level: 1 });
    await title.waitFor();
    const nowOn = ((await o.getByTestId('live-current').textContent()) ?? '').trim();
    expect(nowOn).not.toBe('');
    await jb.page.getByRole('radiogroup', { name: 'Innovation' }).getByRole('radio', { name: '4', exact: true }).click();
    await jb.page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '3', exact: true }).click();
    await screenshot(jb.page, 'live-judge-follow-phone-zh-CN');
    await jb.page.getByRole('button', { name: '提交评分' }).click();
    await jb.page.getByText('评分已提交').waitFor();

    // The organizer's page asked for the round's live setup before there was one (404).
    org.assertNoConsoleErrors([404]);
    for (const w of [mod, disp, jb]) w.assertNoConsoleErrors();
    for (const w of [org, mod, disp, jb]) await w.context.close();
  });
});
