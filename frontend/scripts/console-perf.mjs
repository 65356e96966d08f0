// Times the console pages an organizer opens, in Chromium, on a contest of
// national size: the teams list (plain, then with a track selected, with
// "submitted" selected and with a search typed in the search box, as a person
// does), the members page, the audit log, and a round's progress and
// assignments tables. For each page it measures
//   firstRows   navigation (or the filter action: the selection, or the last
//               keystroke of the search, so the 300 ms pause the page waits
//               for typing to stop is included) until the table's first rows
//               are in the page: pageMs on the page's own clock (the first
//               animation frame that has them), driverMs on the driver's
//   input       for a filter: the page's input events (keystrokes, the choice
//               in a list) whose Event Timing exceeded 16 ms, and the longest
//   rows, domNodes  rows of the table and elements of the whole page then
//   api         the API answers fetched for it (Resource Timing): requests,
//               body bytes (as sent, compressed or not) per path
//   scroll      frames while the window scrolls 40 px a frame to the end of
//               what is shown (the table's "more" button, or its last row)
//   more        a click on that button (the next page of the server, or more
//               of the rows already loaded) until the new rows are in the
//               page: pageMs, driverMs, rows after, bytes fetched, the
//               longest frame meanwhile
//   load        the machine's load average (1, 5, 15 min) when it was measured
// Not part of any test run; run it against a server with the national seed
// (`podium seed --scale national`, then `serve`; see docs/benchmarks.md,
// "Console pages in Chromium"):
//
//   PODIUM_URL=http://127.0.0.1:8080 PODIUM_CHROMIUM=/usr/bin/chromium \
//     node frontend/scripts/console-perf.mjs [contest] [round id] [runs]
//
// Defaults: contest "national", round 1 (30,000 assignments), 3 runs, the
// seed's organizer (PODIUM_EMAIL, PODIUM_PASSWORD). PODIUM_SCREENSHOTS=dir
// saves a screenshot of each page of the first run; PODIUM_PAGES=audit,members
// measures only the pages whose names contain one of the words. Prints one JSON line per
// page and run, then a table of the medians.
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { launch, median, scrollFrames, settings, signIn } from './perf-common.mjs';

const contest = process.argv[2] ?? 'national';
const round = process.argv[3] ?? '1';
const runs = Number(process.argv[4] ?? 3);
const shots = process.env.PODIUM_SCREENSHOTS;
if (shots) mkdirSync(shots, { recursive: true });

const c = encodeURIComponent(contest);
const tables = {
  teams: 'table:has(tr[data-team])',
  members: '.two-col > section.card:first-child table',
  audit: 'section[aria-labelledby="audit-title"] table',
  progress: 'section[aria-labelledby="progress-title"] table',
  assignments: 'section[aria-labelledby="assignments-title"] table',
};

// What is measured: a page opened by navigation, or a filter applied on a
// freshly opened page (`api`: a part of the URL of the answer it waits for;
// for the search, the whole text, as on a busy machine the page may search
// for 'Team 12' too when a keystroke comes late).
const allPages = [
  { name: 'teams', path: `/organize/${c}/teams`, table: tables.teams },
  {
    name: 'teams: a track',
    path: `/organize/${c}/teams`,
    table: tables.teams,
    api: 'track=',
    act: (page) => page.getByRole('search').getByRole('combobox', { name: /^track$/i }).selectOption({ index: 1 }),
  },
  {
    name: 'teams: submitted',
    path: `/organize/${c}/teams`,
    table: tables.teams,
    api: 'status=submitted',
    act: (page) => page.getByRole('search').getByRole('combobox', { name: /^submission$/i }).selectOption('submitted'),
  },
  {
    name: 'teams: search',
    path: `/organize/${c}/teams`,
    table: tables.teams,
    api: 'q=Team+123&',
    // Typed as a person types; the timing starts with the last keystroke.
    prepare: (page) => page.getByRole('search').getByRole('searchbox').pressSequentially('Team 12', { delay: 120 }),
    act: (page) => page.getByRole('search').getByRole('searchbox').press('3'),
  },
  {
    // The same with ten pages of teams loaded first (500 rows): what each
    // keystroke costs when the list is long.
    name: 'teams: search, 500 loaded',
    path: `/organize/${c}/teams`,
    table: tables.teams,
    api: 'q=Team+123&',
    loadFirst: 9,
    prepare: (page) => page.getByRole('search').getByRole('searchbox').pressSequentially('Team 12', { delay: 120 }),
    act: (page) => page.getByRole('search').getByRole('searchbox').press('3'),
  },
  { name: 'members', path: `/organize/${c}/members`, table: tables.members },
  { name: 'audit log', path: `/organize/${c}/audit`, table: tables.audit },
  // One navigation, two tables: their first rows from the same start.
  { name: 'round progress', path: `/organize/${c}/rounds/${round}`, table: tables.progress },
  { name: 'round assignments', path: `/organize/${c}/rounds/${round}`, table: tables.assignments, samePage: true },
];

// PODIUM_PAGES=name,name measures only the pages whose names contain one of them.
const only = process.env.PODIUM_PAGES?.split(',').filter(Boolean);
const pages = only ? allPages.filter((p) => only.some((o) => p.name.includes(o))) : allPages;

// Installed in every page before its scripts: the time of the first
// animation frame in which each table has a row (performance.now(), from the
// navigation's start).
function recordFirstRows(selectors) {
  performance.setResourceTimingBufferSize(100000);
  window.__firstRows = {};
  const tick = () => {
    for (const s of selectors) if (!(s in window.__firstRows) && document.querySelector(`${s} tbody tr`)) window.__firstRows[s] = performance.now();
    if (Object.keys(window.__firstRows).length < selectors.length) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** The API answers fetched since `since` (page clock): requests and body bytes, in all and per path. */
function apiSince(page, since) {
  return page.evaluate((since) => {
    const out = { requests: 0, bytes: 0, paths: {} };
    for (const e of performance.getEntriesByType('resource')) {
      if (e.startTime < since || !e.name.includes('/api/')) continue;
      const path = new URL(e.name).pathname.replace(/^\/api\/v1/, '');
      out.requests++;
      out.bytes += e.encodedBodySize;
      const q = (out.paths[path] ??= { requests: 0, bytes: 0 });
      q.requests++;
      q.bytes += e.encodedBodySize;
    }
    return out;
  }, since);
}

/**
 * Starts recording the Event Timing of the page's input events (a keystroke
 * in a box, a choice in a list) that took over 16 ms from the event to the
 * next frame: the work a keystroke or a choice costs.
 */
function watchInput(page) {
  return page.evaluate(() => {
    window.__inputs = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'input') window.__inputs.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16 });
  });
}

/** Rows of the table and elements of the page. */
function counts(page, table) {
  return page.evaluate((table) => ({ rows: document.querySelectorAll(`${table} tbody tr`).length, domNodes: document.getElementsByTagName('*').length }), table);
}

/**
 * Starts waiting in the page, from now, for the answer whose URL contains
 * `api` and then for a frame with the table's rows; resolves with the time
 * from the start to that frame (page clock).
 */
async function waitFilteredRows(page, table, api) {
  const since = await page.evaluate(() => performance.now());
  const waiting = page.evaluate(
    ({ table, api, since }) =>
      new Promise((resolve) => {
        const tick = () => {
          const answered = performance.getEntriesByType('resource').some((e) => e.startTime >= since && e.name.includes(api));
          if (answered && document.querySelector(`${table} tbody tr`)) resolve(performance.now() - since);
          else if (performance.now() - since > 120_000) resolve(null);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { table, api, since },
  );
  // Settled here too, so a failed action reports itself, not this wait.
  waiting.catch(() => {});
  return { since, waiting };
}

/**
 * Clicks the button under the table ("more", or "show more" of rows already
 * loaded) and waits for a frame with more rows: the time on both clocks, the
 * rows after, the bytes fetched and the longest frame meanwhile. Null when the
 * table has no such button.
 */
async function clickMore(page, table) {
  const started = Date.now();
  const r = await page.evaluate(
    (table) =>
      new Promise((resolve) => {
        const wrap = document.querySelector(table)?.closest('.table-wrap');
        const button = wrap && [...wrap.children].filter((e) => e.tagName === 'BUTTON').pop();
        if (!button) return resolve(null);
        const count = () => document.querySelectorAll(`${table} tbody tr`).length;
        const before = count();
        const since = performance.now();
        let last = since;
        let longest = 0;
        button.click();
        const tick = () => {
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
          if (count() > before) resolve({ since, pageMs: Math.round(now - since), rowsBefore: before, rowsAfter: count(), longestFrameMs: Math.round(longest) });
          else if (now - since > 120_000) resolve({ since, timedOut: true });
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    table,
  );
  if (!r) return null;
  const driverMs = Date.now() - started;
  const { since, ...rest } = r;
  return { ...rest, driverMs, bytes: (await apiSince(page, since)).bytes };
}

/** Where the scrolling stops: the table's button when it has one, else its last row. */
function endOf(table) {
  return `${table} tbody tr:last-child, ${table} ~ button`;
}

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const results = [];
const browser = await launch();
try {
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(recordFirstRows, Object.values(tables));
    const page = await context.newPage();
    await signIn(page);
    let opened = null; // { started, path } of the navigation a samePage entry shares
    for (const p of pages) {
      const out = { page: p.name, run, url: p.path, load: load() };
      let since = 0;
      if (p.samePage && opened?.path === p.path) {
        await page.locator(`${p.table} tbody tr`).first().waitFor({ timeout: 120_000 });
        out.firstRows = { driverMs: opened.driverMs[p.table] ?? Date.now() - opened.started };
      } else {
        const started = Date.now();
        await page.goto(settings.base + p.path);
        opened = { path: p.path, started, driverMs: {} };
        if (p.act) {
          await page.locator(`${p.table} tbody tr`).first().waitFor({ timeout: 120_000 });
          for (let i = 0; i < (p.loadFirst ?? 0); i++) await clickMore(page, p.table);
          await watchInput(page);
          if (p.prepare) await p.prepare(page);
          const w = await waitFilteredRows(page, p.table, p.api);
          since = w.since;
          const acted = Date.now();
          await p.act(page);
          const pageMs = await w.waiting;
          out.firstRows = { pageMs: pageMs == null ? null : Math.round(pageMs), driverMs: Date.now() - acted };
          out.input = await page.evaluate(() => ({ over16ms: window.__inputs.length, maxMs: Math.max(0, ...window.__inputs) }));
        } else {
          for (const t of [p.table, ...pages.filter((q) => q.samePage && q.path === p.path).map((q) => q.table)]) {
            await page.locator(`${t} tbody tr`).first().waitFor({ timeout: 120_000 });
            opened.driverMs[t] = Date.now() - started;
          }
          out.firstRows = { driverMs: opened.driverMs[p.table] };
        }
      }
      if (!p.act) out.firstRows.pageMs = Math.round(await page.evaluate((t) => window.__firstRows[t], p.table));
      Object.assign(out, await counts(page, p.table));
      out.api = await apiSince(page, since);
      if (shots && run === 1) await page.screenshot({ path: `${shots}/${p.name.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
      out.scroll = await scrollFrames(page, endOf(p.table));
      out.more = await clickMore(page, p.table);
      console.log(JSON.stringify(out));
      results.push(out);
    }
    await context.close();
  }
} finally {
  await browser.close();
}

// The medians of the runs, one row a page.
const rows = pages.map((p) => {
  const rs = results.filter((r) => r.page === p.name);
  const m = (f) => median(rs.map(f));
  return {
    page: p.name,
    'first rows ms (page)': m((r) => r.firstRows.pageMs),
    'first rows ms (driver)': m((r) => r.firstRows.driverMs),
    rows: m((r) => r.rows),
    'DOM elements': m((r) => r.domNodes),
    'API KB': Math.round(m((r) => r.api.bytes) / 102.4) / 10,
    'slowest input ms': m((r) => r.input?.maxMs),
    fps: m((r) => r.scroll.fps),
    'p95 frame ms': m((r) => r.scroll.p95FrameMs),
    'more ms (page)': m((r) => r.more?.pageMs),
    'rows after more': m((r) => r.more?.rowsAfter),
    'more KB': Math.round(m((r) => r.more?.bytes) / 102.4) / 10,
    'load (1 min)': m((r) => r.load[0]),
  };
});
const head = Object.keys(rows[0]);
console.log(`\n${runs} run(s), medians\n`);
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${head.map((h) => r[h] ?? '—').join(' | ')} |`);
