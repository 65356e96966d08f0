// What the Chromium timing scripts (ranking-perf.mjs, console-perf.mjs)
// share: the browser, signing in through the page, and counting frames while
// the page scrolls. Not part of any test run.
import { chromium } from 'playwright-core';

/** The server, the contest and the organizer the scripts sign in as (the national seed's by default). */
export const settings = {
  base: process.env.PODIUM_URL ?? 'http://127.0.0.1:8080',
  email: process.env.PODIUM_EMAIL ?? 'organizer.national@national.example',
  password: process.env.PODIUM_PASSWORD ?? 'podium-scale-pass',
};

/** Starts Chromium (PODIUM_CHROMIUM, /usr/bin/chromium by default; never a downloaded browser). */
export function launch() {
  return chromium.launch({ executablePath: process.env.PODIUM_CHROMIUM ?? '/usr/bin/chromium' });
}

/**
 * Signs in through the sign-in page, as a person does (the SPA keeps its
 * session state itself), and waits until it has left the sign-in page.
 */
export async function signIn(page) {
  await page.goto(`${settings.base}/signin`);
  await page.getByLabel(/e-?mail/i).fill(settings.email);
  await page.getByLabel(/password/i).fill(settings.password);
  await page.locator('form').getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/**
 * Scrolls the window 40 px a frame, counting frames, until the end of the
 * document or, when `until` is a selector, until the bottom of the last
 * element it matches (in document order) is in view (at most 600 frames). Returns the frame count, the frame rate,
 * the 95th-percentile frame time and the frames longer than 50 ms.
 */
export function scrollFrames(page, until = null) {
  return page.evaluate(
    (until) =>
      new Promise((resolve) => {
        const frames = [];
        let last = performance.now();
        const done = () => {
          if (window.scrollY + window.innerHeight >= document.body.scrollHeight - 1) return true;
          const all = until ? document.querySelectorAll(until) : [];
          const el = all[all.length - 1];
          return !!el && el.getBoundingClientRect().bottom <= window.innerHeight;
        };
        const step = () => {
          const now = performance.now();
          frames.push(now - last);
          last = now;
          window.scrollBy(0, 40);
          if (done() || frames.length > 600) {
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
    until,
  );
}

/** The median of some numbers (null when there are none). */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
