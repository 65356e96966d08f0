// Journey 4: the organizer creates a round by typing its criteria, runs the
// assignment, reads the ranking once the judges scored, gives the awards,
// previews the results page and publishes it.
// Journey 5: a visitor reads the published results, on a desktop and on a
// phone, in English and in Chinese: the awards in the organizer's order.
//
// Everything before (the contest, the teams' entries, the judges) is made
// through the UI as well, by the people who would make it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launch, uniq } from './harness';
import {
  DESKTOP_EN,
  DESKTOP_ZH,
  PHONE_EN,
  PHONE_ZH,
  card,
  consoleTab,
  createContest,
  createRoundAndAssign,
  failOnAlert,
  inviteJudge,
  judgeSignsUp,
  openContest,
  organizer,
  person,
  screenshot,
  scoreEntry,
  shotName,
  tag,
  teamSubmits,
  tinyMp4,
  type Lang,
  type Person,
  type Variant,
} from './journey';

const ZONE = 'Asia/Shanghai';
const VIDEO = 'Demo video';

/** What the people of each language type. */
const WORDS = {
  en: {
    contest: 'Awards Night Challenge',
    track: 'Open track',
    round: 'Preliminary',
    criteria: ['Technical depth', 'Impact'],
    // In the order the teams submit: the best entry is not the first one submitted.
    entries: ['Solar water pumps', 'Flood early warning', 'Cool roofs for schools'],
    judges: ['Margaret Hamilton', 'Radia Perlman'],
  },
  'zh-CN': {
    contest: '颁奖之夜挑战赛',
    track: '公开赛道',
    round: '初赛',
    criteria: ['技术深度', '影响力'],
    entries: ['太阳能水泵', '洪水预警', '学校凉爽屋顶'],
    judges: ['屠呦呦', '袁隆平'],
  },
};
/** Scores per entry (same order as `entries`): the second is best, then the third, then the first. */
const SCORES = [4, 9, 7];
/** Awards by rank, in the organizer's order. */
const AWARD_KEYS = ['awards.first', 'awards.second', 'awards.mention'];

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The contests published by the round journey, by language, for the visitors. */
const published: Partial<Record<Lang, { title: string; track: string; winners: { award: string; title: string }[] }>> = {};

/** Entry titles from best to worst. */
function byRank(entries: string[]): string[] {
  return entries.map((e, i) => ({ e, s: SCORES[i] })).sort((a, b) => b.s - a.s).map((x) => x.e);
}

/** Checks that a results page lists the winners in the given order, each with its award. */
async function expectWinners(p: Person, track: string, winners: { award: string; title: string }[], check: typeof expect | typeof expect.soft = expect): Promise<void> {
  const list = card(p.page, track).getByRole('listitem');
  await list.first().waitFor();
  // The text as written (award names are shown in capitals by the style sheet).
  check(readWinners(await list.allTextContents(), winners), 'the winners, from the top of the page').toEqual(winners);
}

/** The award and entry each line of a list of winners names, among the expected ones (else the line's text). */
function readWinners(lines: string[], winners: { award: string; title: string }[]): { award: string; title: string }[] {
  return lines.map((x) => ({ award: winners.find((w) => x.includes(w.award))?.award ?? x, title: winners.find((w) => x.includes(w.title))?.title ?? x }));
}

describe.each([DESKTOP_EN, PHONE_EN, DESKTOP_ZH])('organizer runs the judging ($id)', (v: Variant) => {
  it('creates a round by typing criteria, runs the assignment, sees the ranking, gives awards, previews and publishes', async () => {
    const w = WORDS[v.lang];
    const org = await organizer(browser, v);
    const { page, t } = org;
    const title = `${w.contest} ${tag(v.lang)}`;
    const far = new Date(Date.now() + 30 * 24 * 3600_000);
    await createContest(org, { title, description: 'Three teams, two judges, one round.', timezone: ZONE, deadline: far, tracks: [w.track], files: [{ label: VIDEO, types: '.mp4', maxMiB: 20 }] });
    const judgeEmails = w.judges.map((_, i) => `judge${i + 1}-${uniq()}@jury.example.net`);
    for (const [i, email] of judgeEmails.entries()) await inviteJudge(org, email, `Jury ${i + 1}`);

    // The teams submit and the judges sign up (each in their own browser).
    const people = { viewport: DESKTOP, lang: v.lang };
    for (const [i, entry] of w.entries.entries())
      await teamSubmits(browser, { id: `team-${v.lang}`, ...people }, title, { team: `Team ${i + 1} ${tag(v.lang)}`, captain: `Captain ${i + 1}`, title: entry, files: { [VIDEO]: { name: 'demo.mp4', mimeType: 'video/mp4', buffer: tinyMp4() } } });
    const judges: Person[] = [];
    for (const [i, name] of w.judges.entries()) {
      const j = await person(browser, v.lang === 'en' ? PHONE_EN : PHONE_ZH);
      await judgeSignsUp(j, { name, email: judgeEmails[i] });
      judges.push(j);
    }

    // The round: criteria typed by the organizer, two judges per entry.
    await createRoundAndAssign(org, { name: w.round, criteria: w.criteria, judgesPerEntry: 2, closes: far, timezone: ZONE, method: 'mean' }, shotName('round-new', v));
    const assignments = card(page, t('rounds.assignments'));
    await expect.poll(() => assignments.locator('tbody tr').count()).toBe(6);
    await screenshot(page, shotName('round-assigned', v));

    // Each judge scores every entry on their phone.
    for (const j of judges) {
      for (const [i, entry] of w.entries.entries()) await scoreEntry(j, entry, Object.fromEntries(w.criteria.map((c) => [c, SCORES[i]])), 'Scored during the journey.');
      j.assertNoConsoleErrors();
      await j.close();
    }

    // The ranking: best first.
    const ranked = byRank(w.entries);
    await page.reload();
    await page.getByText(t('rounds.progressText', { done: 6, total: 6, overdue: 0 })).waitFor({ timeout: 20_000 });
    const ranking = card(page, t('ranking.title'));
    await ranking.locator('tbody tr').first().waitFor();
    const rows = await ranking.locator('tbody tr').allInnerTexts();
    ranked.forEach((e, i) => expect(rows[i], `rank ${i + 1}`).toContain(e));
    await ranking.getByRole('button', { name: t('ranking.why') }).first().click();
    await screenshot(page, shotName('round-ranking', v));

    // Awards, saved without publishing first.
    const winners = ranked.map((e, i) => ({ award: t(AWARD_KEYS[i]), title: e }));
    await consoleTab(org, 'console.tabs.results');
    await page.getByRole('heading', { name: t('results.adminTitle') }).waitFor();
    for (const x of winners) await page.getByLabel(t('results.awardFor', { entry: x.title })).fill(x.award);
    await page.getByLabel(t('results.publishNow')).uncheck();
    await page.getByRole('button', { name: t('results.saveAwards') }).click();
    await failOnAlert(page, page.getByText(t('results.savedOk')), 'save the awards');
    await screenshot(page, shotName('round-awards', v));

    // The preview: the public results page, seen by the organizer before it is published.
    await page.getByRole('link', { name: t('console.publicPage') }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('link', { name: t('contest.results') }).click();
    await page.getByText(t('results.preview')).waitFor();
    // Soft: the journey goes on to publish, so that the visitors' journeys read the published page either way.
    await expectWinners(org, w.track, winners, expect.soft);
    await screenshot(page, shotName('round-preview', v));

    // Publish.
    await page.getByRole('link', { name: t('results.backToContest') }).click();
    await page.getByRole('link', { name: t('contest.console') }).click();
    await consoleTab(org, 'console.tabs.results');
    await page.getByLabel(t('results.publishNow')).check();
    await page.getByRole('button', { name: t('results.previewPublish') }).click();
    // The console shows what the public page will say, and asks to confirm.
    const preview = page.getByRole('region', { name: t('results.previewTitle') });
    await preview.getByRole('listitem').first().waitFor();
    expect.soft(readWinners(await preview.getByRole('listitem').allTextContents(), winners), 'the winners in the console’s preview').toEqual(winners);
    await screenshot(page, shotName('round-publish-preview', v));
    await preview.getByRole('button', { name: t('results.confirmPublish') }).click();
    await failOnAlert(page, page.getByText(t('results.publishedOk'), { exact: true }), 'publish the results');
    await page.getByRole('link', { name: t('results.view') }).click();
    await expectWinners(org, w.track, winners, expect.soft);
    expect(await page.getByText(t('results.preview')).count()).toBe(0);
    published[v.lang] = { title, track: w.track, winners };
    org.assertNoConsoleErrors();
    await org.close();
  });
});

describe.each([DESKTOP_EN, PHONE_EN, DESKTOP_ZH, PHONE_ZH])('visitor reads the results ($id)', (v: Variant) => {
  it('finds the contest and reads the awards in the organizer’s order, First prize first', async () => {
    const r = published[v.lang];
    expect(r, `no contest was published in ${v.lang} by the round journey`).toBeTruthy();
    const visitor = await person(browser, v);
    await openContest(visitor, r!.title);
    await visitor.page.getByRole('link', { name: visitor.t('contest.results') }).click();
    await visitor.page.getByRole('heading', { name: visitor.t('results.title', { title: r!.title }) }).waitFor();
    await card(visitor.page, r!.track).getByRole('listitem').first().waitFor();
    await screenshot(visitor.page, shotName('results', v));
    await expectWinners(visitor, r!.track, r!.winners);
    expect(await visitor.page.getByText(visitor.t('results.preview')).count()).toBe(0);
    visitor.assertNoConsoleErrors();
    await visitor.close();
  });
});
