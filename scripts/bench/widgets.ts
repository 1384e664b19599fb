// Per-widget measurements in Chromium: bytes each widget fetches, time to its first frame, decode and pointer latency, training speed.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { bytesByKind, siteFile } from './transfer.ts';

export type Backend = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: Backend[] = ['webgl', 'wasm', 'cpu'];

/** The live element of widget `name` on a page (the custom element inside its `.widget` wrapper). */
export const hostSelector = (name: string) => `#widget-${name} > :not(script, .widget__placeholder)`;

/** Waits until widget `name` is ready or has failed; returns its data-ready value. */
export async function waitForWidget(page: Page, name: string, timeout = 90_000): Promise<string> {
  const host = page.locator(hostSelector(name));
  await host.waitFor({ state: 'attached', timeout });
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement | null)?.dataset.ready !== undefined, hostSelector(name), {
    timeout,
  });
  return (await host.getAttribute('data-ready')) ?? '';
}

export interface WidgetLoad {
  widget: string;
  backend: Backend;
  /** What the badge shows: the backend really used, or "plain JS". */
  badge: string;
  state: string;
  /** Milliseconds from navigation to the widget's `vae:<name>:ready` mark (its first frame), cold cache. */
  firstFrameMs: number | null;
  /** Served bytes the widget fetched itself (not referenced by the page's HTML). */
  js: number;
  wasm: number;
  weights: number;
}

/** Opens /embed/<widget>/ in a fresh context (cold cache) under one backend and measures its load. */
export async function measureWidgetLoad(browser: Browser, origin: string, basePath: string, widget: string, backend: Backend): Promise<WidgetLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (req) => urls.push(req.url()));
  const pageUrl = `${origin}${basePath}embed/${widget}/`;
  try {
    await page.goto(`${pageUrl}?backend=${backend}`);
    if (!(await page.locator(hostSelector(widget)).count()))
      return { widget, backend, badge: '', state: 'not in this build', firstFrameMs: null, js: 0, wasm: 0, weights: 0 };
    const state = await waitForWidget(page, widget);
    await page.waitForLoadState('networkidle');
    const firstFrameMs = await page.evaluate((n) => performance.getEntriesByName(`vae:${n}:ready`)[0]?.startTime ?? null, widget);
    const badge = (await page.locator(`${hostSelector(widget)} .widget__badge`).textContent()) ?? '';
    const htmlFile = siteFile(pageUrl, basePath);
    const html = htmlFile ? readFileSync(htmlFile, 'utf8') : '';
    const own = urls.filter((u) => {
      const p = new URL(u).pathname;
      return p !== new URL(pageUrl).pathname && !html.includes(p);
    });
    const { byKind } = bytesByKind(own, basePath);
    return { widget, backend, badge: badge.trim(), state, firstFrameMs, js: byKind.js, wasm: byKind.wasm, weights: byKind.weights };
  } finally {
    await context.close();
  }
}

/** p50 and p95 of a sample, in milliseconds. */
export function percentiles(xs: number[]): { p50: number; p95: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}

export interface DecodeTiming {
  backend: Backend;
  badge: string;
  batch1: { p50: number; p95: number; n: number };
  grid400: { p50: number; p95: number; n: number };
  /** Slider input event → decoded digit drawn → next animation frame, on the hello widget. */
  pointer: { p50: number; p95: number; n: number };
}

/** Decode latency (batch 1 and a 20×20 grid) through window.__vaeDebug.timeDecode, and pointer → pixels on the hello widget. */
export async function measureDecode(
  browser: Browser,
  origin: string,
  basePath: string,
  backend: Backend,
  reps = { one: 60, grid: 15, pointer: 40 },
): Promise<DecodeTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${origin}${basePath}embed/hello/?backend=${backend}&debug=1`);
    if ((await waitForWidget(page, 'hello')) !== 'true') throw new Error(`hello did not start under ${backend}`);
    const badge = ((await page.locator(`${hostSelector('hello')} .widget__badge`).textContent()) ?? '').trim();
    const batch1 = await page.evaluate((n) => window.__vaeDebug!.timeDecode!(1, n), reps.one);
    const grid = await page.evaluate((n) => window.__vaeDebug!.timeDecode!(400, n), reps.grid);
    const pointer = await page.evaluate(async (n) => {
      const host = document.querySelector('vae-hello') as HTMLElement;
      const range = host.querySelector('input[type=range]') as HTMLInputElement;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const frames = host.dataset.frames;
        const t0 = performance.now();
        range.value = String(((i * 37) % 80) / 10 - 4);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise<void>((done) => {
          const obs = new MutationObserver(() => {
            if (host.dataset.frames !== frames) {
              obs.disconnect();
              done();
            }
          });
          obs.observe(host, { attributes: true, attributeFilter: ['data-frames'] });
        });
        await new Promise((r) => requestAnimationFrame(r));
        out.push(performance.now() - t0);
      }
      return out;
    }, reps.pointer);
    return { backend, badge, batch1: percentiles(batch1), grid400: percentiles(grid), pointer: percentiles(pointer) };
  } finally {
    await context.close();
  }
}

export interface TrainTiming {
  backend: Backend;
  stepsPerSec: number | null;
  note: string;
}

/**
 * Live-training speed of the `train` widget: presses its start button and counts steps for `seconds`.
 * Contract with the widget: its element carries `data-step` (gradient steps taken so far) and a button named Play, Train or Start.
 */
export async function measureTraining(browser: Browser, origin: string, basePath: string, backend: Backend, seconds = 10): Promise<TrainTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${origin}${basePath}embed/train/?backend=${backend}&debug=1`);
    if ((await waitForWidget(page, 'train')) !== 'true') return { backend, stepsPerSec: null, note: 'train widget failed to start' };
    const host = page.locator(hostSelector('train'));
    await page
      .getByRole('button', { name: /^(play|train|start)/i })
      .first()
      .click();
    const steps = async () => Number((await host.getAttribute('data-step')) ?? NaN);
    await page.waitForFunction((sel) => Number((document.querySelector(sel) as HTMLElement).dataset.step ?? 0) > 0, hostSelector('train'), {
      timeout: 60_000,
    });
    const s0 = await steps();
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const s1 = await steps();
    const rate = (s1 - s0) / ((Date.now() - t0) / 1000);
    return { backend, stepsPerSec: Number.isFinite(rate) ? rate : null, note: Number.isFinite(rate) ? '' : 'the train widget exposes no data-step' };
  } catch (err) {
    return { backend, stepsPerSec: null, note: `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  } finally {
    await context.close();
  }
}
