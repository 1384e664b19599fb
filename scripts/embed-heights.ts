// Measures each ready widget's embed page at 700 px wide once live, and writes the heights to
// src/lib/site/embed-heights.ts: the iframe height of an embed snippet when the course page runs no resize script.
// Usage: build first (DIST_DIR, BASE_PATH as for the build), then node scripts/with-node.mjs node scripts/embed-heights.ts
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { WIDGETS } from '../src/widgets/registry.ts';

const base = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');
const port = Number(process.env.HEIGHTS_PORT || 4471);
const WIDTH = 700;
const out = 'src/lib/site/embed-heights.ts';

const server = spawn('node', ['scripts/serve-dist.mjs', String(port)], { env: { ...process.env, BASE_PATH: base }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const heights: Record<string, number> = {};
try {
  for (const w of WIDGETS.filter((x) => x.ready && x.name !== 'hello')) {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 800 }, reducedMotion: 'reduce' });
    await page.goto(`http://127.0.0.1:${port}${base}embed/${w.name}/?backend=wasm`);
    const sel = `#widget-${w.name} > :not(script)`;
    await page.waitForFunction((s) => document.querySelector<HTMLElement>(s)?.dataset.ready === 'true', sel, { timeout: 120_000 });
    await page.waitForFunction((s) => document.querySelector<HTMLElement>(s)?.dataset.loading !== 'true', sel, { timeout: 120_000 });
    await page.waitForTimeout(1500);
    heights[w.name] = await page.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    console.log(w.name, heights[w.name]);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
const rows = Object.entries(heights)
  .map(([name, h]) => `  ${/^[a-z]+$/.test(name) ? name : `'${name}'`}: ${h},`)
  .join('\n');
writeFileSync(
  out,
  `// Each widget's embed page height in px at ${WIDTH} px wide, once live (measured in Chromium by scripts/embed-heights.ts):
// the iframe height of an embed snippet when the parent page runs no resize script.

/** Measured heights of /embed/<widget>/ at ${WIDTH} px wide, with its text shown. */
export const EMBED_HEIGHTS: Record<string, number> = {
${rows}
};

/** The height used for a widget that has not been measured. */
export const FALLBACK_EMBED_HEIGHT = 1000;
`,
);
console.log(`wrote ${out}`);
