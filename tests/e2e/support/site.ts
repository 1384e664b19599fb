// Helpers shared by the end-to-end tests: the list of built pages, and a page watcher for errors and requests.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Page } from '@playwright/test';

const DIST = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(process.cwd(), 'dist');

/** Every built HTML page as a path relative to the base ("", "about/", "chapters/elbo/"), 404 excluded. */
export function builtPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!['_astro', 'weights', 'tfjs', 'figures'].includes(name)) walk(p);
      } else if (name === 'index.html') {
        const rel = relative(DIST, dir).split(sep).join('/');
        out.push(rel ? `${rel}/` : '');
      }
    }
  };
  walk(DIST);
  return out.sort();
}

export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
  thirdParty: string[];
}

/** Starts recording console errors, uncaught exceptions, failed requests and requests to other origins. */
export function watchPage(page: Page, origin: string): PageProblems {
  const problems: PageProblems = { consoleErrors: [], failedRequests: [], thirdParty: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.consoleErrors.push(`uncaught: ${err.message}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.thirdParty.push(u);
  });
  page.on('requestfailed', (req) => problems.failedRequests.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });
  return problems;
}
