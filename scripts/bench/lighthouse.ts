// Lighthouse scores (performance, accessibility, best practices, SEO) of a page, in the system Chromium.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumArgs, chromiumPath } from '../../tests/support/chromium.ts';
import { median } from './first-frame.ts';

export interface LighthouseScores {
  /** Median of the runs, for each category. */
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  /** Every run's performance score and total blocking time (ms), in run order: one run is noisy on a busy machine. */
  performanceRuns?: (number | null)[];
  blockingMs?: number[];
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** Runs Lighthouse's default (mobile, simulated throttling) audit `runs` times on each URL with one headless Chromium; scores 0-100. */
export async function lighthouseScores(urls: string[], runs = 3): Promise<Record<string, LighthouseScores>> {
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: ['--headless=new', ...chromiumArgs] });
  const out: Record<string, LighthouseScores> = {};
  try {
    for (const u of urls) {
      const each: Record<string, number | null>[] = [];
      const blockingMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const result = await lighthouse(u, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
        const cats = result?.lhr.categories ?? {};
        const score = (id: string) => (cats[id]?.score == null ? null : Math.round((cats[id].score ?? 0) * 100));
        each.push(Object.fromEntries(CATEGORIES.map((c) => [c, score(c)])));
        blockingMs.push(Math.round(result?.lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN));
      }
      const of = (c: string) => median(each.map((e) => e[c] ?? null));
      out[u] = {
        performance: of('performance'),
        accessibility: of('accessibility'),
        bestPractices: of('best-practices'),
        seo: of('seo'),
        performanceRuns: each.map((e) => e.performance ?? null),
        blockingMs,
      };
    }
  } finally {
    chrome.kill();
  }
  return out;
}
