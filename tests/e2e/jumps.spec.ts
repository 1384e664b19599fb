// Jumps that land: a table-of-contents entry or a deep link puts its target at the top of the view (below the sticky
// header) and keeps it there while the widgets between start, on a phone and on a desktop.
import { test, expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';

const chapters = readdirSync('content/chapters')
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((f) => ({ slug: f.replace(/^\d+-/, '').replace(/\.mdx$/, ''), text: readFileSync(`content/chapters/${f}`, 'utf8') }));
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];
/** How far (CSS px) a target's top may end from where a jump should put it. */
const TOLERANCE = 4;

/** Waits until no widget is waiting to start or loading, and the page has stopped scrolling. */
async function settle(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.querySelectorAll('[data-start="idle"], [data-start="loading"]').length), { timeout: 90_000 })
    .toBe(0);
  let last = Number.NaN;
  await expect
    .poll(
      async () => {
        const y = await page.evaluate(() => window.scrollY);
        const still = y === last;
        last = y;
        return still;
      },
      { intervals: [400], timeout: 20_000 },
    )
    .toBe(true);
}

/** Where the target's top is, where a jump should put it, and whether the page cannot scroll further down. */
async function landing(page: Page, id: string) {
  return page.evaluate((targetId) => {
    const el = document.getElementById(targetId);
    if (!el) throw new Error(`no element #${targetId}`);
    const want = Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    const atBottom = window.scrollY >= document.documentElement.scrollHeight - window.innerHeight - 2;
    return { top: el.getBoundingClientRect().top, want, atBottom };
  }, id);
}

/** Asserts that the target sits where the jump should have put it (or as close as the end of the page allows). */
async function expectLanded(page: Page, id: string, what: string): Promise<void> {
  const r = await landing(page, id);
  if (r.atBottom && r.top > r.want) return; // the page ends before the target can reach the top
  expect(Math.abs(r.top - r.want), `${what}: #${id} ends ${Math.round(r.top - r.want)} px from where the jump puts it`).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

for (const vp of VIEWPORTS) {
  test.describe(`${vp.width} px`, () => {
    test.use({ viewport: vp });

    for (const { slug, text } of chapters) {
      test(`${slug}: every table-of-contents entry lands on its heading`, async ({ page }) => {
        test.setTimeout(300_000);
        await page.goto(`chapters/${slug}/`);
        const links = page.locator('.toc a[href^="#"]');
        const count = await links.count();
        expect(count, 'the chapter has a table of contents').toBeGreaterThan(1);
        for (let i = 0; i < count; i++) {
          const details = page.locator('.toc details');
          if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await page.locator('.toc summary').click();
          const link = links.nth(i);
          const id = decodeURIComponent((await link.getAttribute('href'))!.slice(1));
          await link.click();
          await settle(page);
          await expectLanded(page, id, `table of contents entry ${i + 1} of ${count}`);
        }
      });

      // A shared link to the chapter's last widget, or its last heading, from a cold start.
      const lastWidget = [...text.matchAll(/<Widget name="([a-z-]+)"/g)].at(-1)?.[1];
      test(`${slug}: a deep link ${lastWidget ? `to #widget-${lastWidget}` : 'to the last heading'} lands and stays`, async ({ page }) => {
        test.setTimeout(180_000);
        let id = lastWidget ? `widget-${lastWidget}` : '';
        if (!id) {
          await page.goto(`chapters/${slug}/`);
          id = decodeURIComponent((await page.locator('.toc a[href^="#"]').last().getAttribute('href'))!.slice(1));
        }
        await page.goto(`chapters/${slug}/#${id}`);
        await settle(page);
        await expectLanded(page, id, 'deep link');
        if (lastWidget) await expect(page.locator(`#widget-${lastWidget} > vae-${lastWidget}`)).toHaveAttribute('data-ready', 'true');
      });
    }
  });
}
