// Browser-test harness: Debian's Chromium through playwright-core (never a
// downloaded browser), a tiny API client for test setup, console-error
// capture, axe-core checks and screenshots into docs/screenshots/.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The server under test (the harness starts it with a migrated DB and the demo seed). */
export function baseURL(): string {
  const u = process.env.PODIUM_URL;
  if (!u) throw new Error('PODIUM_URL is not set: start the server (make run) and run PODIUM_URL=http://127.0.0.1:8080 npm run e2e');
  return u.replace(/\/$/, '');
}

export const ADMIN = { email: 'admin@podium.local', password: 'podium-admin-pass' };

export const SCREENSHOTS = join(here, '../../docs/screenshots');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

/** Starts Chromium from /usr/bin/chromium (or PODIUM_CHROMIUM). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PODIUM_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors, page errors and CSP violations. */
export interface Watched {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Fails the test on any console error except expected HTTP statuses. */
  assertNoConsoleErrors(allowStatuses?: number[]): void;
}

export async function openPage(browser: Browser, opts: { viewport?: { width: number; height: number }; locale?: string; lang?: 'en' | 'zh-CN' } = {}): Promise<Watched> {
  const context = await browser.newContext({ baseURL: baseURL(), viewport: opts.viewport ?? DESKTOP, locale: opts.locale ?? 'en-US', timezoneId: 'Europe/Paris' });
  if (opts.lang) {
    await context.addInitScript((lang) => {
      try {
        localStorage.setItem('podium.lang', lang);
      } catch {
        /* about:blank */
      }
    }, opts.lang);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return {
    context,
    page,
    errors,
    assertNoConsoleErrors(allow = []) {
      const bad = errors.filter((e) => !allow.some((s) => e.includes(`status of ${s}`)));
      expect(bad, `console errors:\n${bad.join('\n')}\nfailed requests:\n${failed.join('\n')}`).toEqual([]);
    },
  };
}

/** Saves a full-page screenshot to docs/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Runs axe-core in the page and returns serious/critical violations. The
 * source is evaluated through the DevTools protocol, which the page's CSP
 * does not govern (an injected <script> would be refused, as it should be).
 */
export async function axe(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const src = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(src);
  const res = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** A minimal API client with its own cookie jar, for test setup. */
export class ApiClient {
  private cookies = new Map<string, string>();
  csrf = '';

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body);
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
  }

  async raw(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${baseURL()}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      this.cookies.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
    }
    return res;
  }

  async login(email: string, password: string): Promise<void> {
    const r = await this.call<{ csrf_token: string }>('POST', '/auth/login', { email, password });
    this.csrf = r.csrf_token;
  }

  /**
   * Registers, confirms the address with the link e-mailed to it (read from
   * the outbox) and signs in: invited roles go only to proven addresses.
   */
  async signup(email: string, password: string, name: string): Promise<void> {
    const r = await this.raw('POST', '/auth/register', { email, password, name });
    if (!r.ok) throw new Error(`register ${email} → ${r.status}: ${await r.text()}`);
    await this.call('POST', '/auth/verify', { token: linkToken(email, '/verify/') });
    await this.login(email, password);
  }
}

/**
 * The body of the last e-mail queued for an address, read from the outbox
 * table of the server's database (PODIUM_DATABASE_URL, set by the test
 * script; in dev mode the server also logs it). psql is PODIUM_PSQL, the
 * PostgreSQL 15 one, or the one on PATH.
 */
export function lastMailTo(email: string): string {
  const db = process.env.PODIUM_DATABASE_URL;
  if (!db) throw new Error('PODIUM_DATABASE_URL is not set: the browser tests read e-mailed links from the outbox');
  const pg15 = '/usr/lib/postgresql/15/bin/psql';
  const psql = process.env.PODIUM_PSQL ?? (existsSync(pg15) ? pg15 : 'psql');
  return execFileSync(psql, ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-v', `email=${email}`, db], {
    input: "SELECT body FROM outbox WHERE to_email = :'email' ORDER BY id DESC LIMIT 1;\n",
    encoding: 'utf8',
  });
}

/** The secret of the link to path ('/verify/', '/reset/', '/invite/') in the last e-mail to an address. */
export function linkToken(email: string, path: string): string {
  const body = lastMailTo(email);
  const i = body.indexOf(path);
  if (i < 0) throw new Error(`no ${path} link in the last e-mail to ${email}: ${body}`);
  return body.slice(i + path.length).split(/\s/)[0];
}

/**
 * Confirms the address from the link e-mailed to it, in another tab of the
 * same browser (as its owner does from their mailbox), leaving the page the
 * person was on open: taking part in a contest needs a confirmed address.
 */
export async function confirmInAnotherTab(page: Page, email: string): Promise<void> {
  const mailbox = await page.context().newPage();
  await mailbox.goto(`/verify/${linkToken(email, '/verify/')}`);
  await mailbox.getByRole('button', { name: /Confirm my address|确认我的地址/ }).click();
  await mailbox.getByText(/Your address is confirmed|地址已确认/).waitFor();
  await mailbox.close();
}

/** A unique suffix for names in one run. */
export function uniq(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** An ISO instant `minutes` from now. */
export function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A contest body with two tracks, a form and a file slot, open for submissions now (created open, not as a draft). */
export function contestBody(slug: string, title = `E2E contest ${slug}`) {
  return {
    slug,
    status: 'open',
    title,
    description: 'A contest created by the browser tests.',
    timezone: 'Asia/Shanghai',
    registration_opens_at: inMinutes(-60),
    submission_opens_at: inMinutes(-30),
    submission_deadline: inMinutes(60 * 24 * 7),
    max_team_size: 4,
    tracks: [
      { slug: 'ai', title: 'Artificial intelligence' },
      { slug: 'health', title: 'Health' },
    ],
    form: [
      { key: 'summary', label: 'Summary', type: 'textarea', required: true, options: [] },
      { key: 'repo', label: 'Repository', type: 'url', required: false, options: [] },
      { key: 'stage', label: 'Stage', type: 'select', required: true, options: ['idea', 'prototype', 'product'] },
    ],
    files: [{ key: 'deck', label: 'Pitch deck', required: true, max_bytes: 10 * 1024 * 1024, types: ['.pdf'] }],
  };
}

/** A small valid PDF (magic bytes %PDF-) for uploads. */
export function tinyPdf(text = 'Podium e2e'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/** SHA-256 hex of bytes (Node). */
export async function sha256(b: Buffer): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(b).digest('hex');
}

/** Uploads a file for a team through the API and the presigned upload (as the browser would). */
export async function uploadViaApi(api: ApiClient, teamId: string | number, slot: string, filename: string, bytes: Buffer, contentType = 'application/pdf'): Promise<void> {
  const created = await api.call<{ file_id: string | number; upload: { method: string; url: string; fields?: Record<string, string>; part_size?: number; parts?: { number: number; url: string }[] } }>(
    'POST',
    `/teams/${teamId}/submission/files`,
    { slot, filename, size: bytes.length, content_type: contentType, sha256: await sha256(bytes) },
  );
  const up = created.upload;
  if (up.method === 'POST') {
    const fd = new FormData();
    for (const [k, v] of Object.entries(up.fields ?? {})) fd.append(k, v);
    fd.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), filename);
    const r = await fetch(up.url, { method: 'POST', body: fd });
    if (!r.ok) throw new Error(`S3 POST → ${r.status}: ${await r.text()}`);
    await api.call('POST', `/teams/${teamId}/submission/files/${created.file_id}/complete`, {});
  } else {
    const parts: { number: number; etag: string }[] = [];
    for (const p of up.parts ?? []) {
      const start = (p.number - 1) * (up.part_size ?? bytes.length);
      const r = await fetch(p.url, { method: 'PUT', body: new Uint8Array(bytes.subarray(start, start + (up.part_size ?? bytes.length))) });
      if (!r.ok) throw new Error(`S3 PUT part → ${r.status}`);
      parts.push({ number: p.number, etag: r.headers.get('ETag') ?? '' });
    }
    await api.call('POST', `/teams/${teamId}/submission/files/${created.file_id}/complete`, { parts });
  }
}

const POOL = join(here, '.output/accounts.json');

/**
 * A reusable test account (the server limits registrations per IP and hour):
 * the same key gets the same account for the server at PODIUM_URL, signed in.
 * Accounts can be reused across contests (one team per person per contest).
 */
export async function pooledUser(key: string, name: string, password = 'a long enough passphrase'): Promise<{ email: string; api: ApiClient }> {
  const url = baseURL();
  let pool: Record<string, string> = {};
  try {
    const all = JSON.parse(readFileSync(POOL, 'utf8')) as Record<string, Record<string, string>>;
    pool = all[url] ?? {};
  } catch {
    /* first run */
  }
  const api = new ApiClient();
  const known = pool[key];
  if (known) {
    const r = await api.raw('POST', '/auth/login', { email: known, password });
    if (r.ok) {
      api.csrf = ((await r.json()) as { data: { csrf_token: string } }).data.csrf_token;
      return { email: known, api };
    }
  }
  const email = `${key}-${uniq()}@example.org`;
  await api.signup(email, password, name);
  let all: Record<string, Record<string, string>> = {};
  try {
    all = existsSync(POOL) ? JSON.parse(readFileSync(POOL, 'utf8')) : {};
  } catch {
    all = {};
  }
  all[url] = { ...(all[url] ?? {}), [key]: email };
  mkdirSync(dirname(POOL), { recursive: true });
  writeFileSync(POOL, JSON.stringify(all, null, 2));
  return { email, api };
}
