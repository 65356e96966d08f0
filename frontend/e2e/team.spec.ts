// Journey: a team member registers, creates a team, fills the form, uploads a
// file straight to S3, submits, and gets a receipt with the file's SHA-256.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ApiClient, DESKTOP, PHONE, axe, confirmInAnotherTab, contestBody, launch, openPage, pooledUser, screenshot, sha256, tinyPdf, uniq } from './harness';

let browser: Browser;
let slug: string;

beforeAll(async () => {
  browser = await launch();
  const admin = new ApiClient();
  await admin.login(ADMIN.email, ADMIN.password);
  slug = `team-${uniq()}`;
  await admin.call('POST', '/contests', contestBody(slug, 'Green Cities Challenge'));
});
afterAll(async () => {
  await browser?.close();
});

describe('team journey', () => {
  it('registers, creates a team, uploads a file and submits', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    const email = `captain-${uniq()}@example.org`;

    await page.goto(`/c/${slug}`);
    await page.getByRole('heading', { name: 'Green Cities Challenge' }).waitFor();
    await page.getByText('Contest time (Asia/Shanghai)').waitFor();
    await screenshot(page, 'contest');
    await page.getByRole('link', { name: 'Sign up' }).last().click();
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    // A team needs a confirmed address: the captain opens the e-mailed link
    // in another tab, then continues here.
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await confirmInAnotherTab(page, email);
    await page.getByRole('link', { name: 'Continue' }).click();

    // Back on the contest page, signed in: create a team.
    await page.getByRole('heading', { name: 'Create a team' }).waitFor();
    await page.getByLabel('Team name').fill('Compilers United');
    await page.getByLabel('Track').selectOption('health');
    await page.getByRole('button', { name: 'Create team' }).click();

    await page.getByRole('heading', { name: 'Compilers United' }).waitFor();
    const code = (await page.getByTestId('invite-code').textContent())?.trim();
    expect(code).toBeTruthy();

    // A final submit without the required answers shows errors next to the fields.
    await page.getByLabel('Project title').fill('Bus stops that cool the street');
    await page.getByLabel('Summary').fill('Shaded, planted bus stops that lower the temperature around them.');
    await page.getByLabel('Stage').selectOption('prototype');
    await page.getByLabel('Repository').fill('not a link');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Enter a full link starting with https://').waitFor();
    await page.getByLabel('Repository').fill('https://example.org/bus-stops');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText(/Draft saved at/).waitFor();

    // Upload straight to S3 (presigned POST), then the server verifies it.
    const pdf = tinyPdf('bus stops');
    await page.getByLabel('Pitch deck').setInputFiles({ name: 'deck.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByText('Uploaded and verified').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'deck.pdf' }).waitFor();
    await screenshot(page, 'team');

    await page.getByRole('button', { name: 'Submit entry' }).click();
    await page.getByRole('heading', { name: 'Submission receipt' }).waitFor();
    await page.getByText('Your entry was submitted.').waitFor();
    expect(await page.getByTestId('receipt-version').textContent()).toBe('v1');
    expect(await page.locator('table').textContent()).toContain(await sha256(pdf));
    expect((await page.getByTestId('receipt-digest').textContent())?.trim()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(page, 'receipt');
    expect(await axe(page)).toEqual([]);

    // The version history lists v1.
    await page.getByRole('link', { name: 'Back to the team' }).click();
    await page.getByRole('link', { name: 'v1' }).waitFor();
    expect(await axe(page)).toEqual([]);
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('joins the team with an invite link on a phone', async () => {
    // Captain created by API; the invitee uses the link.
    const { api: captain } = await pooledUser('captain-join', 'Cap Two');
    const team = await captain.call<{ id: number; invite_code: string }>('POST', `/contests/${slug}/teams`, { name: `Phone team ${uniq()}`, track: 'ai' });

    const w = await openPage(browser, { viewport: PHONE });
    const { page } = w;
    await page.goto(`/join/${team.invite_code}?c=${slug}`);
    await page.getByRole('link', { name: 'Sign up' }).last().click();
    await page.getByLabel('Your name').fill('Mobile Member');
    const member = `member-${uniq()}@example.org`;
    await page.getByLabel('E-mail').fill(member);
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await confirmInAnotherTab(page, member);
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Join this team' }).click();
    const members = page.getByRole('region', { name: 'Members' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Members' }) }));
    await members.getByText('Mobile Member').waitFor();
    await members.getByText('Cap Two').waitFor();
    await screenshot(page, 'team-phone');
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('uploads a large file in parts; the receipt shows its SHA-256 once computed after the upload', async () => {
    // A slot that takes files above the multipart threshold (16 MiB).
    const admin = new ApiClient();
    await admin.login(ADMIN.email, ADMIN.password);
    const big = `big-${uniq()}`;
    const body = contestBody(big, 'Large Files Cup') as { files: { max_bytes: number }[] };
    body.files[0].max_bytes = 64 * 1024 * 1024;
    await admin.call('POST', '/contests', body);
    const { api: captain, email } = await pooledUser('captain-big', 'Big Captain');
    const team = await captain.call<{ id: number }>('POST', `/contests/${big}/teams`, { name: `Big team ${uniq()}`, track: 'ai' });
    await captain.call('PUT', `/teams/${team.id}/submission`, { title: 'Large deck', abstract: 'A deck in parts.', fields: { summary: 'Many pages.', stage: 'idea' } });

    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await page.goto(`/signin?next=/teams/${team.id}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Files' }).waitFor();
    const pdf = Buffer.concat([tinyPdf('large'), Buffer.alloc(20 * 1024 * 1024, 7)]);
    await page.getByLabel('Pitch deck').setInputFiles({ name: 'large.pdf', mimeType: 'application/pdf', buffer: pdf });
    // Stored at once; its SHA-256 ("fingerprint pending" until then) follows.
    await page.getByText(/Uploaded; fingerprint pending|Uploaded and verified/).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Submit entry' }).click();
    await page.getByRole('heading', { name: 'Submission receipt' }).waitFor();
    await page.locator('table').getByText(await sha256(pdf)).waitFor({ timeout: 60_000 });
    expect(await axe(page)).toEqual([]);
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('retries an upload automatically after a dropped connection', async () => {
    const { email } = await pooledUser('captain-retry', 'Retry Captain');
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page, context } = w;
    // The first request to the object store is cut; the uploader must retry on its own.
    let attempts = 0;
    const app = new URL(page.url() === 'about:blank' ? process.env.PODIUM_URL! : page.url()).origin;
    await context.route(
      (u) => u.origin !== app,
      async (route) => {
        attempts++;
        if (attempts === 1) await route.abort('connectionreset');
        else await route.continue();
      },
    );
    await page.goto(`/signin?next=/c/${slug}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const existing = page.getByRole('link', { name: 'Open your team' });
    const create = page.getByRole('heading', { name: 'Create a team' });
    await existing.or(create).first().waitFor();
    if (await existing.isVisible()) await existing.click();
    else {
      await page.getByLabel('Team name').fill(`Retry team ${uniq()}`);
      await page.getByRole('button', { name: 'Create team' }).click();
    }
    await page.getByRole('heading', { name: 'Files' }).waitFor();
    await page.getByLabel('Pitch deck').setInputFiles({ name: 'retry.pdf', mimeType: 'application/pdf', buffer: tinyPdf('retry') });
    await page.getByText('Uploaded and verified').waitFor({ timeout: 30_000 });
    expect(attempts).toBeGreaterThanOrEqual(2);
    // The cut request is logged by the browser as a network error; nothing else is.
    expect(w.errors.filter((e) => !e.includes('ERR_CONNECTION_RESET'))).toEqual([]);
    await w.context.close();
  });
});
