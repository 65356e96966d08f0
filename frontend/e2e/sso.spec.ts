// Journey: signing in with an organization's account through a real OpenID
// provider (Ory Hydra, which make test starts, with the development login
// app as its login screen): a new person lands signed in with a confirmed
// address; a cancelled sign-in comes back to the sign-in page saying why.
// make test configures the provider "Development sign-in" and sets
// PODIUM_E2E_SSO; without it (a server with no provider) the journey is skipped.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { baseURL, launch, uniq } from './harness';
import { DESKTOP_EN, PHONE_ZH, person, screenshot, type Variant } from './journey';

const PROVIDER = 'Development sign-in';
const run = process.env.PODIUM_E2E_SSO ? describe : describe.skip;

let browser: Browser;
beforeAll(async () => {
  if (process.env.PODIUM_E2E_SSO) browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

run('sign-in with an organization', () => {
  for (const v of [DESKTOP_EN, PHONE_ZH] as Variant[]) {
    it(`a new person signs in through the provider and comes back signed in (${v.id})`, async () => {
      const p = await person(browser, v);
      const { page, t } = p;
      const email = `sso-${uniq()}@uni.example.edu`;
      const name = v.lang === 'en' ? 'Grace Hopper' : '林慧';
      await page.goto('/signin');
      await page.getByRole('heading', { name: t('auth.signInTitle') }).waitFor();
      await screenshot(page, `sso-signin-${v.id}`);
      await page.getByRole('link', { name: t('auth.ssoWith', { name: PROVIDER }) }).click();
      // The provider's login screen (the development login app).
      await page.getByRole('heading', { name: 'Development sign-in' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Name').fill(name);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Back in Podium where the person started, signed in, the address
      // confirmed by the provider.
      await page.waitForURL((u) => u.href.startsWith(baseURL()) && !u.pathname.startsWith('/api/'));
      await page.goto('/account');
      await page.getByRole('heading', { name: t('account.title'), exact: true }).waitFor();
      await page.getByText(name).first().waitFor({ state: 'attached' });
      await page.getByText(`${email} — ${t('account.isVerified')}`).waitFor();
      await screenshot(page, `sso-account-${v.id}`);
      // The home page signed in to may ask for contests this server does not have (404).
      p.assertNoConsoleErrors([404]);
      await p.close();
    });
  }

  it('a cancelled sign-in comes back to the sign-in page saying so (phone-zh-CN)', async () => {
    const p = await person(browser, PHONE_ZH);
    const { page, t } = p;
    await page.goto('/signin');
    await page.getByRole('link', { name: t('auth.ssoWith', { name: PROVIDER }) }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').getByText(t('auth.ssoErrors.denied')).waitFor();
    await screenshot(page, 'sso-denied-phone-zh-CN');
    // The page asks who is signed in once more (the sign-in did not happen): 401.
    p.assertNoConsoleErrors([401]);
    await p.close();
  });
});
