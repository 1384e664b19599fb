// Renders the still pictures that stand in for widgets when JavaScript is off or a model fails to load:
// public/widgets/<name>.png (light) and <name>-dark.png, from each ready widget's embed page in the built site.
// Usage: npm run build && node scripts/with-node.mjs node scripts/widget-stills.ts [name ...]
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { WIDGETS } from '../src/widgets/registry.ts';

const base = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');
const port = Number(process.env.STILLS_PORT || 4397);
const wanted = process.argv.slice(2);
const widgets = WIDGETS.filter((w) => w.ready && (!wanted.length || wanted.includes(w.name)));
const outDir = 'public/widgets';
/** URL state that makes a still show something, where a widget's default is an empty canvas. */
const STILL_PARAMS: Record<string, string> = { draw: 'draw.digit=3', train: 'train.steps=400' };
/** For widgets that keep working after they are ready: the host attribute and value that mean the picture is complete. */
const STILL_DONE: Record<string, [string, string]> = { train: ['data-eval-step', '400'] };
mkdirSync(outDir, { recursive: true });

const server = spawn('node', ['scripts/serve-dist.mjs', String(port)], { env: { ...process.env, BASE_PATH: base }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const w of widgets) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 760, height: 1000 }, colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(`http://127.0.0.1:${port}${base}embed/${w.name}/?backend=wasm${STILL_PARAMS[w.name] ? `&${STILL_PARAMS[w.name]}` : ''}`);
      if (await page.locator(`#widget-${w.name} .widget__placeholder`).count()) {
        console.warn(`${w.name}: the built site shows a placeholder; rebuild (npm run build) and run again`);
        await page.close();
        break;
      }
      const island = page.locator(`#widget-${w.name} > :not(script)`).first();
      await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.ready === 'true', `#widget-${w.name} > :not(script)`, {
        timeout: 120_000,
      });
      const done = STILL_DONE[w.name];
      if (done) await island.and(page.locator(`[${done[0]}="${done[1]}"]`)).waitFor({ timeout: 300_000 });
      await page.waitForTimeout(Number(process.env.WAIT_MS || 2500));
      const file = `${outDir}/${w.name}${scheme === 'dark' ? '-dark' : ''}.png`;
      await island.locator('.widget__body').screenshot({ path: file, animations: 'disabled' });
      // Shrink with pngquant when it is installed (Debian: apt-get install pngquant); the PNG is fine without it.
      const q = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=60-90', '--ext', '.png', file]);
      console.log(file, q.error ? '(pngquant not found: left unquantised)' : '');
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
