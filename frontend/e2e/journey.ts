// Building blocks of the browser journeys (journey-*.spec.ts): people with
// their own browser, device and language, who use Podium only through what
// they see. Controls are found by their visible labels and buttons by their
// visible names, read from the app's own dictionaries (src/i18n) so a journey
// runs unchanged in English and in Chinese; what people type (titles, labels
// of tracks, questions and criteria) is plain language, never an identifier.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFailed } from 'vitest';
import i18next from 'i18next';
import type { Browser, Page } from 'playwright-core';
import en from '../src/i18n/en';
import zhCN from '../src/i18n/zh-CN';
import { ADMIN, DESKTOP, PHONE, linkToken, openPage, screenshot as shoot, uniq, type Watched } from './harness';

const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '.output');

export type Lang = 'en' | 'zh-CN';

/** A device and a language a journey runs in. */
export interface Variant {
  /** Short name, used in test names and screenshot file names. */
  id: string;
  viewport: { width: number; height: number };
  lang: Lang;
}

export const DESKTOP_EN: Variant = { id: 'desktop-en', viewport: DESKTOP, lang: 'en' };
export const PHONE_EN: Variant = { id: 'phone-en', viewport: PHONE, lang: 'en' };
export const DESKTOP_ZH: Variant = { id: 'desktop-zh-CN', viewport: DESKTOP, lang: 'zh-CN' };
export const PHONE_ZH: Variant = { id: 'phone-zh-CN', viewport: PHONE, lang: 'zh-CN' };

/** Translates like the app does; a key the app does not have fails the journey. */
export type T = (key: string, params?: Record<string, unknown>) => string;

/** The app's texts in one language, from its own dictionaries. */
export function texts(lang: Lang): T {
  const inst = i18next.createInstance();
  void inst.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: lang, fallbackLng: false, initAsync: false, interpolation: { escapeValue: false } });
  return (key, params) => {
    if (!inst.exists(key)) throw new Error(`the app has no text "${key}" in ${lang}`);
    return String(inst.t(key, params));
  };
}

/** Someone in front of their own browser: a page, the texts of their language, their device. */
export interface Person extends Watched {
  t: T;
  lang: Lang;
  variant: Variant;
  phone: boolean;
  close(): Promise<void>;
}

/** Opens a browser context for one person, on their device and in their language. */
export async function person(browser: Browser, v: Variant): Promise<Person> {
  const w = await openPage(browser, { viewport: v.viewport, lang: v.lang, locale: v.lang === 'zh-CN' ? 'zh-CN' : 'en-US' });
  w.page.setDefaultTimeout(15_000);
  const p: Person = { ...w, t: texts(v.lang), lang: v.lang, variant: v, phone: v.viewport.width < 600, close: () => w.context.close() };
  shootOnFailure(p);
  return p;
}

/**
 * When the running test fails, saves a picture of what this person sees
 * (e2e/.output/, not committed). Called for each new person; call it again
 * in a later test that goes on with the same person.
 */
export function shootOnFailure(p: Person): void {
  try {
    onTestFailed(async ({ task }) => {
      if (p.page.isClosed()) return;
      mkdirSync(OUTPUT, { recursive: true });
      const name = `failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-${p.variant.id}-${uniq()}.png`;
      await p.page.screenshot({ path: join(OUTPUT, name), fullPage: true }).catch(() => undefined);
    });
  } catch {
    /* outside a test (beforeAll) */
  }
}

/** A unique e-mail address for a new person. */
export function newEmail(who: string): string {
  return `${who}-${uniq()}@example.org`;
}

const CJK = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星云山川风雷电';

/**
 * A short tag that makes a title unique in one run: Latin letters and digits
 * in English, Chinese characters in Chinese (a Chinese organizer's title has
 * no Latin letters to build an address from).
 */
export function tag(lang: Lang): string {
  const s = uniq().slice(-5);
  return lang === 'zh-CN' ? [...s].map((c) => CJK[parseInt(c, 36) % CJK.length]).join('') : s;
}

export const PASSWORD = 'a long enough passphrase';

/** Opens the phone menu when the navigation is folded behind it. */
export async function openMenu(p: Person): Promise<void> {
  const toggle = p.page.getByRole('button', { name: p.t('nav.menu'), exact: true });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Follows a link of the site's navigation (through the menu on a phone). */
export async function navigate(p: Person, key: 'nav.organize' | 'nav.judging' | 'nav.contests'): Promise<void> {
  await openMenu(p);
  await p.page.getByRole('navigation', { name: p.t('nav.main') }).getByRole('link', { name: p.t(key), exact: true }).click();
}

/** Fills and sends the sign-up form (the page must show it). */
export async function fillSignUp(p: Person, who: { name: string; email: string }): Promise<void> {
  const { page, t } = p;
  await page.getByRole('heading', { name: t('auth.signUpTitle') }).waitFor();
  await page.getByLabel(t('auth.name')).fill(who.name);
  await page.getByLabel(t('auth.email')).fill(who.email);
  await page.getByLabel(t('auth.password')).fill(PASSWORD);
  await page.getByRole('button', { name: t('auth.createAccount') }).click();
  // "Check your inbox": the person opens the e-mailed link in another tab,
  // as from their mailbox (a team needs a confirmed address), then goes on
  // to where they were heading.
  await page.getByRole('heading', { name: t('account.checkInboxTitle') }).waitFor();
  const mailbox = { ...p, page: await page.context().newPage() };
  mailbox.page.setDefaultTimeout(15_000);
  await confirmAddress(mailbox, who.email);
  await mailbox.page.close();
  await page.getByRole('link', { name: t('account.continue') }).click();
  await page.getByRole('heading', { name: t('account.checkInboxTitle') }).waitFor({ state: 'detached' });
}

/**
 * Opens the confirmation link e-mailed to the address, as its owner does
 * from their mailbox (the journeys read the message from the outbox), and
 * confirms: roles the address was invited to become the account's.
 */
export async function confirmAddress(p: Person, email: string): Promise<void> {
  const { page, t } = p;
  await page.goto(`/verify/${linkToken(email, '/verify/')}`);
  await page.getByRole('button', { name: t('account.verifyButton') }).click();
  await page.getByText(t('account.verified')).waitFor();
}

/** Signs up from the home page's header (or its menu on a phone). */
export async function signUp(p: Person, who: { name: string; email: string }): Promise<void> {
  await p.page.goto('/');
  await openMenu(p);
  await p.page.getByRole('navigation', { name: p.t('nav.main') }).getByRole('link', { name: p.t('nav.signUp'), exact: true }).click();
  await fillSignUp(p, who);
}

/** Signs in with the sign-in page. */
export async function signIn(p: Person, email: string, password: string): Promise<void> {
  const { page, t } = p;
  await page.goto('/');
  await openMenu(p);
  await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.signIn'), exact: true }).click();
  await page.getByLabel(t('auth.email')).fill(email);
  await page.getByLabel(t('auth.password')).fill(password);
  await page.getByRole('button', { name: t('auth.signIn'), exact: true }).click();
  await page.getByRole('heading', { name: t('auth.signInTitle') }).waitFor({ state: 'detached' });
}

/** The platform admin of the seed, signed in. */
export async function organizer(browser: Browser, v: Variant): Promise<Person> {
  const p = await person(browser, v);
  await signIn(p, ADMIN.email, ADMIN.password);
  return p;
}

/** "YYYY-MM-DDTHH:mm" of an instant on the wall clock of a time zone (what a datetime-local input takes). */
export function wallTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const g = (k: string) => parts.find((x) => x.type === k)!.value;
  return `${g('year')}-${g('month')}-${g('day')}T${g('hour')}:${g('minute')}`;
}

/** The first whole minute at least `seconds` from now: the soonest deadline a minute-precise editor can take. */
export function soonestMinute(seconds: number): Date {
  const t = Date.now() + seconds * 1000;
  return new Date(Math.ceil(t / 60_000) * 60_000);
}

export interface ContestSpec {
  title: string;
  description: string;
  timezone: string;
  deadline: Date;
  tracks?: string[];
  fields?: { label: string; type: 'text' | 'textarea' | 'url'; required?: boolean }[];
  files?: { label: string; types: string; maxMiB?: number; required?: boolean }[];
  maxTeamSize?: number;
}

/** Matches a label exactly, with or without the "*" that marks a required field. */
export function exactly(label: string): RegExp {
  return new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?\\s*$`);
}

/** The card (section) of a page whose heading is `name`. */
export function card(page: Page, name: string) {
  return page.locator('section', { has: page.getByRole('heading', { name, exact: true }) });
}

/**
 * Creates a contest in the console the way an organizer does: the organizer
 * console from the navigation, "New contest", labels typed in plain language,
 * dates on the wall clock of the contest's time zone. Returns the contest's
 * address (slug) as the console shows it.
 */
export async function createContest(p: Person, c: ContestSpec, shot?: string): Promise<string> {
  const { page, t } = p;
  await page.goto('/');
  await navigate(p, 'nav.organize');
  await page.getByRole('link', { name: t('organize.newContest') }).click();
  await page.getByRole('heading', { name: t('organize.newContest') }).waitFor();
  await page.getByLabel(exactly(t('editor.title'))).fill(c.title);
  await page.getByLabel(t('editor.description')).fill(c.description);
  await page.getByLabel(t('editor.timezone')).selectOption({ label: c.timezone });
  if (c.maxTeamSize) await page.getByLabel(t('editor.maxTeamSize')).fill(String(c.maxTeamSize));
  const opens = new Date(Date.now() - 24 * 3600_000);
  await page.getByLabel(t('editor.registration_opens_at')).fill(wallTime(opens, c.timezone));
  await page.getByLabel(t('editor.submission_opens_at')).fill(wallTime(opens, c.timezone));
  await page.getByLabel(t('editor.submission_deadline')).fill(wallTime(c.deadline, c.timezone));

  const tracks = card(page, t('editor.tracks'));
  for (const [i, name] of (c.tracks ?? []).entries()) {
    await tracks.getByRole('button', { name: t('editor.addTrack') }).click();
    await tracks.getByLabel(t('editor.trackTitle')).nth(i).fill(name);
  }
  const form = card(page, t('editor.form'));
  for (const [i, f] of (c.fields ?? []).entries()) {
    await form.getByRole('button', { name: t('editor.addField') }).click();
    await form.getByLabel(exactly(t('editor.label'))).nth(i).fill(f.label);
    await form.getByLabel(exactly(t('editor.type'))).nth(i).selectOption({ label: t(`editor.types.${f.type}`) });
    if (f.required) await form.getByLabel(exactly(t('editor.required'))).nth(i).check();
  }
  const files = card(page, t('editor.files'));
  for (const [i, f] of (c.files ?? []).entries()) {
    await files.getByRole('button', { name: t('editor.addFile') }).click();
    await files.getByLabel(exactly(t('editor.label'))).nth(i).fill(f.label);
    await files.getByLabel(t('editor.fileTypes')).nth(i).fill(f.types);
    if (f.maxMiB) await files.getByLabel(t('editor.maxMiB')).nth(i).fill(String(f.maxMiB));
    if (f.required) await files.getByLabel(exactly(t('editor.required'))).nth(i).check();
  }
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: t('organize.create') }).click();
  await failOnAlert(page, page.getByRole('heading', { name: c.title, level: 1 }), 'create the contest');
  await page.getByRole('navigation', { name: t('console.sections') }).waitFor();
  await openToPublic(p);
  const m = /\/organize\/([^/?#]+)/.exec(page.url());
  if (!m) throw new Error(`the console did not open the new contest: ${page.url()}`);
  return decodeURIComponent(m[1]);
}

/**
 * Opens a new contest to the public (a contest starts as a draft that only
 * its organizers see): "Open the contest…", then the confirmation.
 */
export async function openToPublic(p: Person): Promise<void> {
  const { page, t } = p;
  const open = page.getByRole('button', { name: t('console.open') });
  await open.or(page.getByRole('navigation', { name: t('console.sections') })).first().waitFor();
  if (!(await open.isVisible())) return;
  await open.click();
  await page.getByRole('button', { name: t('console.openNow') }).click();
  await page
    .getByText(t('console.draftText'))
    .waitFor({ state: 'detached' })
    .catch(async () => {
      throw new Error(`could not open the contest to the public: the page says: ${(await page.getByRole('alert').allInnerTexts()).join(' | ')}`);
    });
}

/**
 * Waits for `done` to show; when an error (role=alert) or a field error shows
 * first, fails with what the page says, so a refusal reads as a refusal and
 * not as a time-out.
 */
export async function failOnAlert(page: Page, done: ReturnType<Page['locator']>, what: string, timeout = 20_000): Promise<void> {
  const problem = page.getByRole('alert').or(page.locator('.field-error')).first();
  await done
    .or(problem)
    .first()
    .waitFor({ timeout })
    .catch(() => {
      throw new Error(`could not ${what}: neither the result nor an error showed within ${timeout / 1000} s (the page says nothing about it)`);
    });
  if (await done.first().isVisible()) return;
  const said = (await page.getByRole('alert').or(page.locator('.field-error')).allInnerTexts()).join(' | ');
  throw new Error(`could not ${what}: the page says: ${said}`);
}

/** Opens a contest's public page from the list of contests on the home page. */
export async function openContest(p: Person, title: string): Promise<void> {
  await p.page.goto('/');
  await p.page.getByRole('link', { name: title, exact: true }).click();
  await p.page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

/** Creates a team from the contest's page (the page must show "Create a team"). */
export async function createTeam(p: Person, name: string, track?: string): Promise<void> {
  const { page, t } = p;
  const form = card(page, t('team.createTitle'));
  await form.waitFor();
  await form.getByLabel(t('team.name')).fill(name);
  if (track) await form.getByLabel(t('team.track')).selectOption({ label: track });
  await form.getByRole('button', { name: t('team.create') }).click();
  await failOnAlert(page, page.getByRole('heading', { name, level: 1 }), 'create the team');
}

/** Types the entry: its title, abstract and the contest's own questions, by their labels. */
export async function fillEntry(p: Person, e: { title: string; abstract?: string; answers?: Record<string, string> }): Promise<void> {
  const { page, t } = p;
  await page.getByLabel(t('submission.entryTitle')).fill(e.title);
  if (e.abstract) await page.getByLabel(t('submission.abstract')).fill(e.abstract);
  for (const [label, value] of Object.entries(e.answers ?? {})) await page.getByLabel(label).fill(value);
}

/** Chooses a file for a slot (by the slot's label) and waits until the server verified it. */
export async function upload(p: Person, slot: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const { page, t } = p;
  await page.getByLabel(slot).setInputFiles(file);
  // Done when the page says so, or lists the file as the slot's stored file.
  const done = page.getByText(t('files.phase.done')).or(page.getByRole('link', { name: file.name, exact: true }));
  const failed = page.getByText(t('files.phase.error'));
  await done.or(failed).first().waitFor({ timeout: 30_000 });
  if (await failed.isVisible()) throw new Error(`could not upload ${file.name}: ${(await page.locator('li', { has: page.getByLabel(slot) }).allInnerTexts()).join(' | ')}`);
}

/** Presses "Submit entry" and waits for the receipt. */
export async function submitEntry(p: Person): Promise<void> {
  const { page, t } = p;
  await page.getByRole('button', { name: t('submission.submit') }).click();
  await failOnAlert(page, page.getByRole('heading', { name: t('receipt.title') }), 'submit the entry');
}

/** A tiny but real MP4 (an ftyp box), which the server's type check accepts as video/mp4. */
export function tinyMp4(): Buffer {
  return Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 'latin1'), Buffer.alloc(256)]);
}

/** Opens a tab of the organizer console of the contest shown. */
export async function consoleTab(p: Person, key: string): Promise<void> {
  await p.page.getByRole('navigation', { name: p.t('console.sections') }).getByRole('link', { name: p.t(key), exact: true }).click();
}

/** Opens the organizer console of a contest from the organizer's list. */
export async function openConsole(p: Person, title: string): Promise<void> {
  await p.page.goto('/');
  await navigate(p, 'nav.organize');
  // The home page lists contests by title too: wait for the organizer's list.
  await p.page.getByRole('heading', { name: p.t('organize.title'), level: 1 }).waitFor();
  await p.page.getByRole('link', { name: title, exact: true }).click();
  await p.page.getByRole('navigation', { name: p.t('console.sections') }).waitFor();
}

/** Invites a judge by e-mail from the console's members tab. */
export async function inviteJudge(p: Person, email: string, organization: string, tracks: string[] = []): Promise<void> {
  const { page, t } = p;
  await consoleTab(p, 'console.tabs.members');
  const form = card(page, t('members.add'));
  await form.getByLabel(t('members.email')).fill(email);
  await form.getByLabel(t('members.role')).selectOption({ label: t('roles.judge') });
  for (const tr of tracks) await form.getByLabel(exactly(tr)).check();
  await form.getByLabel(t('members.organization')).fill(organization);
  await form.getByRole('button', { name: t('members.addButton') }).click();
  await failOnAlert(page, card(page, t('members.title')).getByText(email), `invite ${email}`);
}

/** A whole team's way in, from sign-up to receipt: used to make entries for the judging journeys. */
export async function teamSubmits(browser: Browser, v: Variant, contestTitle: string, e: { team: string; captain: string; title: string; track?: string; answers?: Record<string, string>; files?: Record<string, { name: string; mimeType: string; buffer: Buffer }> }): Promise<void> {
  const p = await person(browser, v);
  await signUp(p, { name: e.captain, email: newEmail('captain') });
  await openContest(p, contestTitle);
  await createTeam(p, e.team, e.track);
  await fillEntry(p, { title: e.title, abstract: `${e.title}: what it does and for whom.`, answers: e.answers });
  for (const [slot, file] of Object.entries(e.files ?? {})) await upload(p, slot, file);
  await submitEntry(p);
  p.assertNoConsoleErrors();
  await p.close();
}

/** An invited judge signs up (from the home page) and finds the judging portal in the navigation. */
export async function judgeSignsUp(p: Person, who: { name: string; email: string }): Promise<void> {
  await signUp(p, who);
  await navigate(p, 'nav.judging');
  await p.page.getByRole('heading', { name: p.t('judge.title'), level: 1 }).waitFor();
}

/**
 * Creates a round in the console (Rounds tab) with the criteria typed in
 * plain language, replacing the suggested ones, and runs the assignment.
 */
export async function createRoundAndAssign(p: Person, r: { name: string; criteria: string[]; judgesPerEntry: number; maxLoad?: number; closes: Date; timezone: string; method?: 'mean' | 'zscore' | 'calibrated' }, shot?: string): Promise<void> {
  const { page, t } = p;
  await consoleTab(p, 'console.tabs.rounds');
  await page.getByRole('button', { name: t('rounds.new') }).click();
  const form = card(page, t('rounds.new'));
  await form.getByLabel(exactly(t('rounds.name'))).fill(r.name);
  await form.getByLabel(t('rounds.closesAt')).fill(wallTime(r.closes, r.timezone));
  await form.getByLabel(t('rounds.k')).fill(String(r.judgesPerEntry));
  if (r.maxLoad) await form.getByLabel(t('rounds.maxLoad')).fill(String(r.maxLoad));
  if (r.method) await form.getByLabel(t('rounds.method')).selectOption({ label: t(`rounds.methods.${r.method}`) });
  const rubric = form.getByRole('group', { name: t('rounds.rubric') });
  // Remove the suggested criteria, then type ours.
  while ((await rubric.getByLabel(exactly(t('rounds.criterion'))).count()) > 0) await rubric.getByRole('button', { name: t('common.remove') }).first().click();
  for (const [i, label] of r.criteria.entries()) {
    await rubric.getByRole('button', { name: t('rounds.addCriterion') }).click();
    await rubric.getByLabel(exactly(t('rounds.criterion'))).nth(i).fill(label);
  }
  if (shot) await screenshot(page, shot);
  await form.getByRole('button', { name: t('rounds.create') }).click();
  await failOnAlert(page, page.getByRole('heading', { name: r.name }), 'create the round');
  await page.getByRole('button', { name: t('rounds.runAssignment') }).click();
  await failOnAlert(page, page.getByText(t('rounds.assigned')), 'run the assignment');
}

/** Escapes text for a regular expression. */
export function re(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/**
 * A text of the app with values in it, as a pattern matching any value of the
 * `any` parameters ("Draft saved at 12:03"), and the given values of the others.
 */
export function withAny(t: T, key: string, any: string | string[], fixed: Record<string, unknown> = {}): RegExp {
  const names = typeof any === 'string' ? [any] : any;
  const text = t(key, { ...fixed, ...Object.fromEntries(names.map((n) => [n, '\u0000'])) });
  return new RegExp(
    text
      .split('\u0000')
      .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+'),
  );
}

/** A judge opens an entry of their list by its title. */
export async function openAssignment(p: Person, title: string): Promise<void> {
  const { page, t } = p;
  // The list as it is now: a judge who kept it open refreshes it.
  if (await page.getByRole('heading', { name: t('judge.title'), level: 1 }).isVisible()) await page.reload();
  else await navigate(p, 'nav.judging');
  await page.getByRole('button', { name: t('judge.filters.all') }).click();
  await page.getByRole('link', { name: re(title) }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

/**
 * Shows the rubric: on a phone an entry's deck opens on arrival in the
 * Document tab, the rubric one tap away under Scores (a desktop shows both).
 */
export async function showScores(p: Person): Promise<void> {
  const tab = p.page.getByRole('tab', { name: p.t('viewer.tabScores') });
  if (await tab.isVisible()) await tab.click();
}

/** Taps a score for each criterion (by its label), writes a comment and submits. */
export async function scoreEntry(p: Person, title: string, scores: Record<string, number>, comment: string, open = true): Promise<void> {
  const { page, t } = p;
  if (open) await openAssignment(p, title);
  await showScores(p);
  for (const [criterion, v] of Object.entries(scores)) await page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: String(v), exact: true }).click();
  await page.getByLabel(t('judge.comment')).fill(comment);
  const here = page.url();
  await page.getByRole('button', { name: t('judge.submit') }).click();
  // Submitting goes on to the next entry to score (or back to the list).
  await page.waitForURL((u) => u.href !== here).catch(async () => {
    throw new Error(`could not submit the score of ${title}: the page says: ${(await page.getByRole('alert').allInnerTexts()).join(' | ')}`);
  });
}

/** Screenshot name for a journey step in a variant: journey-<step>-<variant>. */
export function shotName(step: string, v: Variant): string {
  return `journey-${step}-${v.id}`;
}

/**
 * Saves a key screen to docs/screenshots/NAME.png. On a phone it also checks
 * that the page fits the screen's width (no sideways scrolling); softly, so
 * the journey goes on and reports it with the rest.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const vp = page.viewportSize();
  if (vp && vp.width < 600) {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect.soft(wide, `${name}: the page is wider than the phone's screen (it scrolls sideways)`).toBeLessThanOrEqual(vp.width);
  }
  await shoot(page, name);
}
