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
import { chromium } from 'playwright-core';

const base = process.env.PODIUM_URL ?? 'http://127.0.0.1:8080';
const contest = process.argv[2] ?? 'national';
const round = process.argv[3] ?? '1';
const email = process.env.PODIUM_EMAIL ?? 'organizer.national@national.example';
const password = process.env.PODIUM_PASSWORD ?? 'podium-scale-pass';

const browser = await chromium.launch({ executablePath: process.env.PODIUM_CHROMIUM ?? '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Sign in through the page, as the SPA keeps its session state itself.
  await page.goto(`${base}/signin`);
  await page.getByLabel(/e-?mail/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.locator('form').getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });

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
  const scroll = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const frames = [];
        let last = performance.now();
        const step = () => {
          const now = performance.now();
          frames.push(now - last);
          last = now;
          window.scrollBy(0, 40);
          if (window.scrollY + window.innerHeight >= document.body.scrollHeight - 1 || frames.length > 600) {
            const total = frames.reduce((a, b) => a + b, 0);
            frames.sort((a, b) => a - b);
            resolve({
              frames: frames.length,
              fps: Math.round((frames.length / total) * 1000 * 10) / 10,
              p95FrameMs: Math.round(frames[Math.floor(frames.length * 0.95)] * 10) / 10,
              longFrames: frames.filter((f) => f > 50).length,
            });
            return;
          }
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
  console.log(JSON.stringify({ url: `/organize/${contest}/rounds/${round}`, interactiveMs, rows, ...navigation, scroll }));
} finally {
  await browser.close();
}
