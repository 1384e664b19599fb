// What a chapter costs before any widget starts: every request of the first view, with widgets held back.
import type { Page } from 'playwright-core';
import { bytesByKind, type AssetKind } from './transfer.ts';

/** Replaces IntersectionObserver with one that never fires, so no widget nears the viewport and none starts. */
export const HOLD_WIDGETS_SCRIPT = `window.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} takeRecords() { return []; } };`;

export interface FirstView {
  /** HTML + CSS + fonts, served (gzip) bytes. */
  document: number;
  js: number;
  byKind: Record<AssetKind, number>;
  /** Every URL fetched. */
  urls: string[];
  /** Fetched URLs that are not files of the built site (third-party or missing). */
  unknown: string[];
}

/** Loads `path` (relative to the page's baseURL) in a fresh page with widgets held back and sums what it fetched. */
export async function measureFirstView(page: Page, pageUrl: string, basePath: string): Promise<FirstView> {
  const urls: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('data:')) urls.push(req.url());
  });
  await page.addInitScript(HOLD_WIDGETS_SCRIPT);
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const { byKind, unknown } = bytesByKind(urls, basePath);
  return { document: byKind.html + byKind.css + byKind.font, js: byKind.js, byKind, urls, unknown };
}
