// Journey 3: a judge the organizer invited from the console signs up, then,
// on a phone, scores an entry and declares a conflict of interest on another.
//
// The contest, the entries and the round are made through the UI by the
// organizer and the teams. The judges the journeys follow are in the track of
// every entry, so the assignment gives each of them two entries (at most two
// per judge); two reserve judges of another track take over the entries they
// declare a conflict on.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, uniq } from './harness';
import {
  DESKTOP_EN,
  PHONE_EN,
  PHONE_ZH,
  card,
  createContest,
  createRoundAndAssign,
  failOnAlert,
  inviteJudge,
  judgeSignsUp,
  openAssignment,
  openConsole,
  organizer,
  person,
  re,
  screenshot,
  scoreEntry,
  showScores,
  shootOnFailure,
  shotName,
  tag,
  teamSubmits,
  tinyMp4,
  withAny,
  type Person,
  type Variant,
} from './journey';

const ZONE = 'America/Sao_Paulo';
const TRACKS = ['AI for Health', 'Climate'];
const ENTRIES = ['Pocket ECG', 'Malaria map', 'Hearing test app'];
const CRITERIA = ['Technical depth', 'Impact'];
const VARIANTS = [PHONE_EN, PHONE_ZH, DESKTOP_EN];

let browser: Browser;
let title = '';
const emails = new Map<string, string>();
const judges = new Map<string, Person>();

beforeAll(async () => {
  browser = await launch();
  title = `Jury Day Cup ${tag('en')}`;
  const org = await organizer(browser, DESKTOP_EN);
  await createContest(org, { title, description: 'Health ideas, judged on phones.', timezone: ZONE, deadline: new Date(Date.now() + 30 * 24 * 3600_000), tracks: TRACKS, files: [{ label: 'Demo video', types: '.mp4', maxMiB: 20 }] });
  for (const v of VARIANTS) {
    emails.set(v.id, `judge-${v.id}-${uniq()}@jury.example.net`);
    await inviteJudge(org, emails.get(v.id)!, `Jury of ${v.id}`, [TRACKS[0]]);
  }
  for (const r of ['reserve1', 'reserve2']) {
    emails.set(r, `${r}-${uniq()}@jury.example.net`);
    await inviteJudge(org, emails.get(r)!, `Jury of ${r}`, [TRACKS[1]]);
  }
  await screenshot(org.page, shotName('judge-invited', DESKTOP_EN));
  org.assertNoConsoleErrors();
  await org.close();
  for (const [i, entry] of ENTRIES.entries())
    await teamSubmits(browser, { id: 'team', viewport: DESKTOP, lang: 'en' }, title, { team: `Health team ${i + 1} ${tag('en')}`, captain: `Captain ${i + 1}`, title: entry, track: TRACKS[0], files: { 'Demo video': { name: 'demo.mp4', mimeType: 'video/mp4', buffer: tinyMp4() } } });
});
afterAll(async () => {
  for (const j of judges.values()) await j.close().catch(() => undefined);
  await browser?.close();
});

describe.each(VARIANTS)('an invited judge signs up ($id)', (v: Variant) => {
  it('signs up with the invited address and finds the judging portal', async () => {
    const j = await person(browser, v);
    await judgeSignsUp(j, { name: v.lang === 'en' ? `Judge ${v.id}` : `评委 ${v.id}`, email: emails.get(v.id)! });
    await j.page.getByText(j.t('judge.none')).waitFor();
    judges.set(v.id, j);
  });
});

it('the reserve judges sign up and the organizer runs the assignment', async () => {
  for (const r of ['reserve1', 'reserve2']) {
    const p = await person(browser, DESKTOP_EN);
    await judgeSignsUp(p, { name: `Reserve ${r}`, email: emails.get(r)! });
    await p.close();
  }
  const org = await organizer(browser, DESKTOP_EN);
  await openConsole(org, title);
  await createRoundAndAssign(org, { name: 'Preliminary', criteria: CRITERIA, judgesPerEntry: 2, maxLoad: 2, closes: new Date(Date.now() + 7 * 24 * 3600_000), timezone: ZONE });
  org.assertNoConsoleErrors();
  await org.close();
});

describe.each(VARIANTS)('judge journey ($id)', (v: Variant) => {
  it('scores one entry and declares a conflict of interest on another', async () => {
    const j = judges.get(v.id);
    expect(j, 'the judge did not sign up').toBeTruthy();
    shootOnFailure(j!);
    const { page, t } = j!;
    // The list, refreshed: two entries of this contest, by title (blind review: no team names).
    await page.reload();
    await page.getByText(t('judge.progressText', { done: 0, total: 2 })).waitFor();
    const mine: string[] = [];
    // Each line shows its entry's title once the entry is loaded.
    await expect
      .poll(async () => {
        mine.length = 0;
        for (const e of ENTRIES) if (await page.getByRole('link', { name: re(e) }).count()) mine.push(e);
        return mine.length;
      }, { message: `entries assigned to ${v.id}` })
      .toBe(2);
    expect(await page.locator('main').textContent()).not.toContain('Health team');
    await screenshot(page, shotName('judge-assignments', v));

    await openAssignment(j!, mine[0]);
    // Blind review: the file is there, under its slot's name rather than the team's file name.
    await page.getByRole('link', { name: t('judge.download') }).waitFor();
    await page.getByText(/Demo video/).waitFor();
    await showScores(j!);
    for (const c of CRITERIA) await page.getByRole('radiogroup', { name: c }).getByRole('radio', { name: '8', exact: true }).click();
    await page.getByLabel(t('judge.comment')).fill(v.lang === 'en' ? 'Solid prototype; the pilot data convince.' : '原型扎实，试点数据有说服力。');
    await page.getByText(withAny(t, 'judge.savedAt', 'at')).waitFor({ timeout: 15_000 });
    await screenshot(page, shotName('judge-score', v));
    await scoreEntry(j!, mine[0], Object.fromEntries(CRITERIA.map((c) => [c, 8])), v.lang === 'en' ? 'Solid prototype; the pilot data convince.' : '原型扎实，试点数据有说服力。', false);

    await openAssignment(j!, mine[1]);
    await page.getByRole('button', { name: t('judge.declareConflict') }).click();
    await page.getByLabel(t('judge.conflictReason')).fill(v.lang === 'en' ? 'I mentored this team last year.' : '我去年指导过这个团队。');
    await page.getByRole('button', { name: t('judge.confirmConflict') }).click();
    await failOnAlert(page, page.getByRole('heading', { name: t('judge.title'), level: 1 }), 'declare the conflict');

    // Nothing left to do: the scored entry is done, and the other one is no longer offered for scoring
    // (it went to another judge; if the list still shows it, it is marked as a conflict).
    await page.getByText(t('judge.allDone')).waitFor();
    await screenshot(page, shotName('judge-done', v));
    // The progress counts the conflict the judge declared.
    await page.getByText(withAny(t, 'judge.progressDetail', ['draft', 'pending'], { conflict: 1 })).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: t('judge.filters.all') }).click();
    await page.getByRole('link', { name: re(mine[0]) }).getByText(t('judge.status.submitted')).waitFor();
    const other = page.getByRole('link', { name: re(mine[1]) });
    if (await other.count()) await other.getByText(t('judge.status.conflict')).waitFor();
    j!.assertNoConsoleErrors();
  });
});

it('the organizer sees the scores, and the reserve judges in place of the conflicted ones', async () => {
  const org = await organizer(browser, DESKTOP_EN);
  const { page, t } = org;
  await openConsole(org, title);
  await page.getByRole('link', { name: 'Preliminary' }).click();
  const assignments = card(page, t('rounds.assignments'));
  await assignments.locator('tbody tr').first().waitFor();
  // The three scores are in, and every entry still has two judges who can score it: the
  // entries the judges declared a conflict on went to judges with room (the reserves, mostly).
  await expect.poll(async () => assignments.getByText(t('judge.status.submitted'), { exact: true }).count()).toBe(3);
  // The assignments' table: the one with a status column.
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: t('rounds.status'), exact: true }) });
  for (const e of ENTRIES) {
    const rows = table.getByRole('row').filter({ hasText: e });
    const live = (await rows.allTextContents()).filter((x) => !x.includes(t('judge.status.conflict')));
    expect(live.length, `judges left on ${e}`).toBe(2);
  }
  await screenshot(page, shotName('judge-organizer-view', DESKTOP_EN));
  org.assertNoConsoleErrors();
  await org.close();
});
