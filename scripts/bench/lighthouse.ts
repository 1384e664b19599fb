// Lighthouse scores (performance, accessibility, best practices, SEO) of a page, in the system Chromium.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumArgs, chromiumPath } from '../../tests/support/chromium.ts';

export interface LighthouseScores {
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** Runs Lighthouse's default (mobile, simulated throttling) audit on each URL with one headless Chromium; scores 0-100. */
export async function lighthouseScores(urls: string[]): Promise<Record<string, LighthouseScores>> {
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: ['--headless=new', ...chromiumArgs] });
  const out: Record<string, LighthouseScores> = {};
  try {
    for (const u of urls) {
      const result = await lighthouse(u, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
      const cats = result?.lhr.categories ?? {};
      const score = (id: string) => (cats[id]?.score == null ? null : Math.round((cats[id].score ?? 0) * 100));
      out[u] = {
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
      };
    }
  } finally {
    chrome.kill();
  }
  return out;
}
