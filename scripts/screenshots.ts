// Screenshots of pages at phone and desktop widths, light and dark, for looking at what we build.
// Usage: node scripts/screenshots.ts [path ...]   (serves DIST_DIR or dist/ under BASE_PATH; writes SHOT_DIR or screenshots/*.png)
// Env: WAIT_MS (wait before the shot), FULL=1 (full page), SHOT_PORT (server port), SHOT_DIR (output folder).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';

const base = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');
const port = Number(process.env.SHOT_PORT || 4398);
const outDir = process.env.SHOT_DIR || 'screenshots';
const paths = process.argv.slice(2).length ? process.argv.slice(2) : [''];
const full = process.env.FULL === '1';
mkdirSync(outDir, { recursive: true });
const server = spawn('node', ['scripts/serve-dist.mjs', String(port)], { env: { ...process.env, BASE_PATH: base }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArgs,
});
try {
  for (const path of paths) {
    for (const [label, width, height] of [
      ['phone', 360, 780],
      ['desktop', 1280, 900],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: label === 'phone' ? 2 : 1 });
        await page.goto(`http://127.0.0.1:${port}${base}${path}`);
        await page.waitForTimeout(Number(process.env.WAIT_MS || 1500));
        const name = `${outDir}/${(path || 'index').replace(/[/?&=]+/g, '_').replace(/_$/, '')}-${label}-${scheme}.png`;
        await page.screenshot({ path: name, fullPage: full });
        console.log(name);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.kill();
}
