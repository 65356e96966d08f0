// Journey 1: an organizer creates contests in the console by typing what they
// mean (title, description, time zone, deadline, tracks, questions, file
// slots), and a visitor then finds them on the public pages.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './harness';
import { DESKTOP_EN, DESKTOP_ZH, PHONE_EN, card, consoleTab, exactly, createContest, openContest, organizer, person, screenshot, shotName, tag, wallTime, type Variant } from './journey';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** What an organizer types, in the organizer's language. */
const WORDS = {
  en: {
    title: 'Health & Climate Challenge',
    description: 'Build something that keeps people healthy on a warming planet.\nTeams of up to four.',
    tracks: ['AI for Health', 'Climate'],
    slot: 'Demo video',
    idea: 'Idea Contest',
    ideaDescription: 'Tell us about your idea in a few lines. No files needed.',
    problem: 'What problem do you solve?',
    website: 'Team website',
  },
  'zh-CN': {
    title: '健康与气候挑战赛',
    description: '为变暖的地球上的人们的健康做点什么。\n每队最多四人。',
    tracks: ['人工智能与健康', '气候'],
    slot: '演示视频',
    idea: '创意大赛',
    ideaDescription: '用几句话介绍你的创意，无需上传文件。',
    problem: '你们解决什么问题？',
    website: '团队网站',
  },
};

describe.each([DESKTOP_EN, PHONE_EN, DESKTOP_ZH])('organizer creates contests ($id)', (v: Variant) => {
  it('creates a contest with tracks and a file slot, and a form-only idea contest; visitors see them', async () => {
    const w = WORDS[v.lang];
    const zone = 'Asia/Shanghai';
    // Three weeks ahead, at 18:00 in Shanghai.
    const deadline = new Date();
    deadline.setUTCDate(deadline.getUTCDate() + 21);
    deadline.setUTCHours(10, 0, 0, 0);
    const org = await organizer(browser, v);
    const { page, t } = org;

    const title = `${w.title} ${tag(v.lang)}`;
    await createContest(
      org,
      {
        title,
        description: w.description,
        timezone: zone,
        deadline,
        maxTeamSize: 4,
        tracks: w.tracks,
        fields: [{ label: w.problem, type: 'textarea', required: true }],
        files: [{ label: w.slot, types: '.mp4', maxMiB: 50, required: true }],
      },
      shotName('organizer-new-contest', v),
    );
    // The settings read back what was typed: the deadline on the contest's wall clock, the tracks, the slot.
    await consoleTab(org, 'console.tabs.settings');
    expect(await page.getByLabel(t('editor.submission_deadline')).inputValue()).toBe(wallTime(deadline, zone));
    expect(await page.getByLabel(t('editor.timezone')).inputValue()).toBe(zone);
    const tracks = card(page, t('editor.tracks'));
    expect(await tracks.getByLabel(t('editor.trackTitle')).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(w.tracks);
    expect(await card(page, t('editor.files')).getByLabel(exactly(t('editor.label'))).inputValue()).toBe(w.slot);

    const idea = `${w.idea} ${tag(v.lang)}`;
    await createContest(org, {
      title: idea,
      description: w.ideaDescription,
      timezone: zone,
      deadline,
      fields: [
        { label: w.problem, type: 'textarea', required: true },
        { label: w.website, type: 'url' },
      ],
    });
    await consoleTab(org, 'console.tabs.settings');
    await screenshot(page, shotName('organizer-idea-settings', v));
    org.assertNoConsoleErrors();
    await org.close();

    // A visitor (not signed in) finds both contests and reads them in the contest's time zone.
    const visitor = await person(browser, v);
    await openContest(visitor, title);
    const vp = visitor.page;
    await vp.getByText(w.description.split('\n')[0]).waitFor();
    for (const tr of w.tracks) await card(vp, visitor.t('contest.tracks')).getByText(tr, { exact: true }).waitFor();
    await vp.getByText(visitor.t('time.contestZone', { tz: zone })).waitFor();
    await screenshot(vp, shotName('visitor-contest', v));
    await openContest(visitor, idea);
    await vp.getByText(visitor.t('contest.noTracks')).waitFor();
    await vp.getByRole('link', { name: visitor.t('nav.signUp') }).last().waitFor();
    visitor.assertNoConsoleErrors();
    await visitor.close();
  });
});
