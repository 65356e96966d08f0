import { defineConfig } from 'vitest/config';

// Browser journeys: playwright-core drives Debian's Chromium against PODIUM_URL.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.spec.ts'],
    // Fails a test during which the server logged an internal error (PODIUM_SERVER_LOG).
    setupFiles: ['e2e/serverlog.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
