// End-to-end tests: the production build served under a non-root base path, in Chromium (CHROMIUM_PATH, else Playwright's, else Debian's).
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './tests/support/chromium.ts';

const PORT = Number(process.env.E2E_PORT || 4399);
export const BASE_PATH = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}${BASE_PATH}`,
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
    viewport: { width: 1280, height: 900 },
    // The site's service worker (src/service-worker/) is blocked here: page.route() does not see requests a service worker
    // answers or makes, so the fault tests could not break downloads, and byte counts would include its saving ahead.
    // tests/e2e/offline.spec.ts allows it and tests it.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `node scripts/serve-dist.mjs ${PORT}`,
    url: `http://127.0.0.1:${PORT}${BASE_PATH}`,
    reuseExistingServer: false,
    env: { BASE_PATH, ...(process.env.DIST_DIR ? { DIST_DIR: process.env.DIST_DIR } : {}) },
    timeout: 30_000,
  },
});
