// A widget's first frame as a new reader gets it on /embed/<widget>/: bytes transferred before it (the page included) and its time
// under Chromium's slow-4G emulation, plus what a repeat visit fetches again. Used by `npm run bench` and tests/e2e/budgets.spec.ts.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { assetKind, servedBytes, siteFile, type AssetKind } from './transfer.ts';
import { hostSelector, waitForWidget } from './widgets.ts';

/** Lighthouse's mobile network preset as the issue states it: 1,600 kbit/s down, 750 kbit/s up, 150 ms round trip. */
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1600 * 1000) / 8, uploadThroughput: (750 * 1000) / 8 };

/** Keeps every resource-timing entry (the default buffer holds 250). */
const BIG_TIMING_BUFFER = 'performance.setResourceTimingBufferSize(5000);';

export interface FirstFrameBytes {
  /** data-ready of the widget: "true", or "error". */
  state: string;
  /** Milliseconds from navigation to the widget's `vae:<name>:ready` mark. */
  firstFrameMs: number | null;
  /** Served bytes (gzip for text, raw for binaries) of every request sent before the first frame, the page included. */
  total: number;
  /** The same beyond the page's own HTML. */
  beyondPage: number;
  byKind: Record<AssetKind, number>;
  /** Site paths fetched before the first frame with their served bytes, largest first. */
  files: { path: string; bytes: number }[];
  /** Requests before the first frame that are not files of the built site. */
  unknown: string[];
  /** What the badge said at the first frame (the backend, or "plain JS"). */
  badge: string;
}

/** Resource URLs (the document first) whose request started before the widget's ready mark, and the mark's time. */
async function requestsBeforeReady(page: Page, widget: string): Promise<{ urls: string[]; readyMs: number | null }> {
  return page.evaluate((name) => {
    const mark = performance.getEntriesByName(`vae:${name}:ready`)[0]?.startTime ?? null;
    const limit = mark ?? Infinity;
    const resources = performance.getEntriesByType('resource').filter((e) => e.startTime <= limit);
    return { urls: [location.href.split('#')[0] ?? '', ...resources.map((e) => e.name)], readyMs: mark };
  }, widget);
}

/** Opens `pageUrl` (an embed page) in `page` and measures the bytes before `widget`'s first frame. Cold cache: give it a fresh context. */
export async function measureFirstFrame(page: Page, pageUrl: string, widget: string, basePath: string, timeout = 120_000): Promise<FirstFrameBytes> {
  await page.addInitScript(BIG_TIMING_BUFFER);
  // Under slow 4G the page's load event can take long; the widget's own ready signal is what counts.
  await page.goto(pageUrl, { waitUntil: 'commit', timeout });
  const state = await waitForWidget(page, widget, timeout);
  const badgeAtReady = ((await page.locator(`${hostSelector(widget)} .widget__badge`).textContent()) ?? '').trim();
  const { urls, readyMs } = await requestsBeforeReady(page, widget);
  const byKind: Record<AssetKind, number> = { html: 0, css: 0, font: 0, js: 0, wasm: 0, weights: 0, image: 0, other: 0 };
  const files: { path: string; bytes: number }[] = [];
  const unknown: string[] = [];
  const pagePath = new URL(pageUrl).pathname;
  let pageBytes = 0;
  for (const u of new Set(urls.map((x) => x.split('?')[0] ?? x))) {
    if (u.startsWith('data:') || u.startsWith('blob:')) continue;
    const file = siteFile(u, basePath);
    if (!file) {
      unknown.push(u);
      continue;
    }
    const path = new URL(u).pathname;
    const bytes = servedBytes(file);
    if (path === pagePath) pageBytes = bytes;
    byKind[assetKind(path)] += bytes;
    files.push({ path: path.slice(basePath.length), bytes });
  }
  files.sort((a, b) => b.bytes - a.bytes);
  const total = files.reduce((s, f) => s + f.bytes, 0);
  return { state, firstFrameMs: readyMs, total, beyondPage: total - pageBytes, byKind, files, unknown, badge: badgeAtReady };
}

/**
 * The widget's own share of a first frame: JS other than the page's own <script src> files, WASM and everything under
 * weights/. (The embed page also names the widget's modules in modulepreload links: those still count as the widget's.)
 */
export function widgetOwnBytes(r: FirstFrameBytes, pageUrl: string, basePath: string): number {
  const file = siteFile(pageUrl, basePath);
  const html = file ? readFileSync(file, 'utf8') : '';
  const pageScript = (path: string) => html.includes(`src="${basePath}${path}"`);
  return r.files
    .filter((f) => f.path.startsWith('weights/') || f.path.endsWith('.wasm') || (f.path.endsWith('.js') && !pageScript(f.path)))
    .reduce((s, f) => s + f.bytes, 0);
}

/** What the server answered (its SERVE_LOG lines in `served`) while the same reader opened a page a second time. */
async function transferredOnRevisit(page: Page, pageUrl: string, widget: string, served: ServedRequest[]): Promise<RepeatVisit> {
  const from = served.length;
  await page.goto(pageUrl, { waitUntil: 'commit', timeout: 120_000 });
  await waitForWidget(page, widget);
  await page.waitForLoadState('networkidle');
  await new Promise((r) => setTimeout(r, 500)); // the server's last log lines
  const got = served.slice(from);
  return {
    bodyBytes: got.reduce((s, r) => s + r.bodyBytes, 0),
    headerBytes: got.reduce((s, r) => s + r.headerBytes, 0),
    requests: got.length,
    notModified: got.filter((r) => r.status === 304).length,
    sent: got.filter((r) => r.bodyBytes > 0).map((r) => `${r.path} ${r.bodyBytes}`),
  };
}

/** One request the revisit server answered (scripts/serve-dist.mjs with SERVE_LOG=1). */
export interface ServedRequest {
  status: number;
  path: string;
  headerBytes: number;
  bodyBytes: number;
}

/** The requests in one line of the server's output (none when it is not a SERVE_LOG line). */
export function parseServeLog(line: string): ServedRequest[] {
  if (!line.startsWith('{"log":')) return [];
  const [status, path, headerBytes, bodyBytes] = (JSON.parse(line) as { log: [number, string, number, number] }).log;
  return [{ status, path, headerBytes, bodyBytes }];
}

/** What the server answered while the same reader opened a page a second time. */
export interface RepeatVisit {
  /** Response bodies sent (a 304 sends none). */
  bodyBytes: number;
  /** Response headers sent, every request counted. */
  headerBytes: number;
  /** Requests that reached the server (the service worker's included); the rest came from its cache or the HTTP cache. */
  requests: number;
  /** Of those, answered 304 Not Modified. */
  notModified: number;
  /** Paths sent with a body, and its bytes. */
  sent: string[];
}

export interface FirstFrameResult {
  widget: string;
  /** One cold-cache run (the first) in detail. */
  bytes: FirstFrameBytes;
  /** First-frame times of every run under slow 4G, in milliseconds (null where the widget failed). */
  runsMs: (number | null)[];
  medianMs: number | null;
  /** What the server answered when the same reader opened the page a second time (same browser profile, after the first
   * visit settled); null without a server log. */
  repeatVisit: RepeatVisit | null;
}

/** The median of the numbers among xs, or null. */
export function median(xs: (number | null)[]): number | null {
  const s = xs.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * `runs` cold-cache loads of /embed/<widget>/ from `origin` under slow 4G (fresh context each), then one repeat visit without
 * throttling from `repeatOrigin` (plain HTTP: a service worker will not register under the benchmark's self-signed certificate),
 * counted from `served`, the log of what that server answered.
 */
export async function measureWidgetFirstFrame(
  browser: Browser,
  origin: string,
  basePath: string,
  widget: string,
  runs = 5,
  repeatOrigin = origin,
  served?: ServedRequest[],
): Promise<FirstFrameResult> {
  const pageUrl = `${origin}${basePath}embed/${widget}/`;
  const repeatUrl = `${repeatOrigin}${basePath}embed/${widget}/`;
  const runsMs: (number | null)[] = [];
  let first: FirstFrameBytes | null = null;
  let repeatVisit: RepeatVisit | null = null;
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, ignoreHTTPSErrors: true };
  for (let i = 0; i < runs; i++) {
    // The book's service worker is kept out of the timed runs: once it controls the page (it registers after the load
    // event, often before a slow first frame), the page's requests go through it, and its own downloads escape the page's
    // network emulation, so the widget's last files would arrive at loopback speed. A new reader's first visit has no worker.
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      const r = await measureFirstFrame(page, pageUrl, widget, basePath);
      runsMs.push(r.state === 'true' ? r.firstFrameMs : null);
      first ??= r;
    } finally {
      await context.close();
    }
  }
  // The same reader comes back (service worker allowed, no throttling): the first visit settles, then what is fetched again.
  const context = await browser.newContext(phone);
  try {
    const page = await context.newPage();
    await page.goto(repeatUrl, { waitUntil: 'commit', timeout: 120_000 });
    await waitForWidget(page, widget);
    await page.waitForLoadState('networkidle');
    // The first visit has settled when its service worker has saved the book (register.ts marks <html data-offline>);
    // until then its downloads would be counted as the second visit's.
    await page.waitForSelector('html[data-offline]', { state: 'attached', timeout: 300_000 });
    if (served) repeatVisit = await transferredOnRevisit(page, repeatUrl, widget, served);
  } finally {
    await context.close();
  }
  return { widget, bytes: first as FirstFrameBytes, runsMs, medianMs: median(runsMs), repeatVisit };
}
