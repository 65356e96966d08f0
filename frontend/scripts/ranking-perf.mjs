// Times a round's ranking page in Chromium: from navigation until the first
// ranking row is shown (interactive), then the frame rate while the page is
// scrolled to its end. Not part of any test run; run it against a server
// with the national seed (`podium seed --scale national`, then `serve`):
//
//   PODIUM_URL=http://127.0.0.1:8080 PODIUM_CHROMIUM=/usr/bin/chromium \
//     node frontend/scripts/ranking-perf.mjs [contest] [round id]
//
// Defaults: contest "national", round 1 (10,000 entries), the seed's
// organizer. Prints one JSON line.
import { launch, scrollFrames, settings, signIn } from './perf-common.mjs';

const base = settings.base;
const contest = process.argv[2] ?? 'national';
const round = process.argv[3] ?? '1';

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page);

  const started = Date.now();
  await page.goto(`${base}/organize/${contest}/rounds/${round}`);
  await page.locator('table.ranking tbody tr').first().waitFor({ timeout: 120_000 });
  const interactiveMs = Date.now() - started;
  const rows = await page.locator('table.ranking tbody tr').count();
  const navigation = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const r = performance.getEntriesByType('resource').filter((e) => e.name.includes('/ranking'));
    return {
      domContentLoadedMs: Math.round(n?.domContentLoadedEventEnd ?? 0),
      rankingResponseMs: r.map((e) => Math.round(e.responseEnd - e.startTime)),
      rankingBytes: r.map((e) => e.encodedBodySize),
    };
  });

  // Scroll to the end in steps, one a frame, counting frames and long ones.
  const scroll = await scrollFrames(page);
  console.log(JSON.stringify({ url: `/organize/${contest}/rounds/${round}`, interactiveMs, rows, ...navigation, scroll }));
} finally {
  await browser.close();
}
