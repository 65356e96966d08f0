// Journey: an invitation accepted from its e-mailed link by a verified
// account, another one revoked from the console's members list, and a
// personal API token made and revoked on the account page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ApiClient, DESKTOP, axe, contestBody, launch, linkToken, openPage, pooledUser, uniq } from './harness';
import { PASSWORD } from './fixtures';

let browser: Browser;
let admin: ApiClient;
let slug: string;

beforeAll(async () => {
  browser = await launch();
  admin = new ApiClient();
  await admin.login(ADMIN.email, ADMIN.password);
  slug = `e2e-inv-${uniq()}`;
  await admin.call('POST', '/contests', contestBody(slug, 'Invitation Cup'));
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: import('playwright-core').Page, email: string, password: string, next: string) {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('invitations and tokens', () => {
  it('accepts an invitation from its link with another verified account', async () => {
    const invited = `cochair-${uniq()}@corp-a.test`;
    await admin.call('POST', `/contests/${slug}/members`, { email: invited, role: 'judge', tracks: [], organization: '' });
    const token = linkToken(invited, '/invite/');
    const { email } = await pooledUser('invitee', 'Invited Judge', PASSWORD);

    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await page.goto(`/invite/${token}`);
    await page.getByText('Sign in or create an account to accept this invitation.').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByText(`You are now Judge in ${slug}.`).waitFor();
    expect(await axe(page)).toEqual([]);
    w.assertNoConsoleErrors([404]);
    await w.context.close();
  });

  it('finds a pending invitation in the console by role and search, and revokes it', async () => {
    const gone = `gone-${uniq()}@corp-a.test`;
    const kept = `kept-${uniq()}@corp-a.test`;
    for (const email of [gone, kept]) await admin.call('POST', `/contests/${slug}/members`, { email, role: 'judge', tracks: [], organization: '' });
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    page.on('dialog', (d) => void d.accept());
    await signIn(page, ADMIN.email, ADMIN.password, `/organize/${slug}/members`);
    const list = page.locator('section', { has: page.getByRole('heading', { name: 'Members', exact: true }) });
    // The list is paged by the server: the role and the search are its query.
    await list.locator('tr', { hasText: kept }).waitFor();
    await list.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Invitations not yet accepted' });
    await list.locator('tr', { hasText: ADMIN.email }).waitFor({ state: 'detached' });
    const searched = page.waitForResponse((r) => r.url().includes(`/contests/${slug}/members?`) && new URL(r.url()).searchParams.get('q') === gone);
    await list.getByRole('searchbox', { name: 'Search' }).fill(gone);
    const res = await searched;
    expect(new URL(res.url()).searchParams.get('role')).toBe('invited');
    const row = list.locator('tr', { hasText: gone });
    await row.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await row.getByRole('button', { name: `Revoke ${gone}` }).click();
    await row.waitFor({ state: 'detached' });
    await list.getByText('No one matches these filters.').waitFor();
    const audit = await admin.call<{ items: { action: string; object_id: string }[] }>('GET', `/contests/${slug}/audit`);
    expect(audit.items.some((a) => a.action === 'invitation.revoke' && a.object_id === gone)).toBe(true);
    w.assertNoConsoleErrors();
    await w.context.close();
  });

  it('makes a read-only token on the account page and revokes it', async () => {
    const { email } = await pooledUser('token-owner', 'Token Owner', PASSWORD);
    const w = await openPage(browser, { viewport: DESKTOP });
    const { page } = w;
    await signIn(page, email, PASSWORD, '/account');
    await page.getByRole('heading', { name: 'Personal API tokens' }).waitFor();
    const name = `dashboard ${uniq()}`;
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('code').textContent())?.trim() ?? '';
    expect(secret.startsWith('pdm_')).toBe(true);
    const row = page.locator('tr', { hasText: name });
    await row.getByText('Read only').waitFor();
    expect(await axe(page)).toEqual([]);
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await row.waitFor({ state: 'detached' });
    const r = await fetch(`${process.env.PODIUM_URL}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(r.status).toBe(401);
    w.assertNoConsoleErrors();
    await w.context.close();
  });
});
