// Prose out of view is not laid out (src/styles/global/offscreen.css): the browser skips the blocks a reader has not
// reached, except where the page opens away from its top or the reader jumps, where every block is laid out first so the
// text under the landing place does not move.
import { test, expect, type Page } from '@playwright/test';

const CHAPTER = 'chapters/latent-space/';
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

/** How many of the chapter's paragraphs past its second heading the browser is skipping (not laid out, not painted). */
function skippedParagraphs(page: Page): Promise<{ skipped: number; of: number; earlySkipped: number }> {
  return page.evaluate(() => {
    const body = document.querySelector('.article__body')!;
    const second = body.querySelectorAll(':scope > h2')[1]!;
    const paragraphs = [...body.querySelectorAll(':scope > p')];
    // checkVisibility with contentVisibilityAuto is false for what sits inside a block the browser skips (and, with or
    // without it, for what is not displayed at all).
    const skipped = (p: Element) => {
      const inner = p.firstElementChild;
      return !!inner && inner.checkVisibility() && !inner.checkVisibility({ contentVisibilityAuto: true });
    };
    const late = paragraphs.filter((p) => second.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING);
    const early = paragraphs.filter((p) => !late.includes(p));
    return { skipped: late.filter(skipped).length, of: late.length, earlySkipped: early.filter(skipped).length };
  });
}

/** Records, from the page's start, layout shifts the reader did not cause and the time of the first paint. */
async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: { t: number; value: number }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { startTime: number; value: number; hadRecentInput: boolean }[])
        if (!e.hadRecentInput) w.__shifts.push({ t: e.startTime, value: e.value });
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shift the page has made so far (the sum of its shifts' scores). */
function shiftSoFar(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __shifts: { value: number }[] }).__shifts.reduce((s, e) => s + e.value, 0));
}

for (const vp of VIEWPORTS) {
  test.describe(`${vp.width} px`, () => {
    test.use({ viewport: vp });

    test('a chapter opened at its top skips laying out the prose far below, and lays it out before the reader reaches it', async ({ page }) => {
      await page.goto(CHAPTER);
      await page.waitForLoadState('load');
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-resume'))).toBe(false);
      const latePreloaded = await page.evaluate(() => {
        const t = document.getElementById('vae-late-fonts') as HTMLTemplateElement | null;
        const hrefs = [...(t?.content.querySelectorAll('link') ?? [])].map((l) => l.getAttribute('href'));
        return [...document.head.querySelectorAll(':scope > link[rel="preload"]')].filter((l) => hrefs.includes(l.getAttribute('href'))).length;
      });
      expect(latePreloaded, 'fonts that only far blocks use are not preloaded for a reader at the top').toBe(0);
      const atTop = await skippedParagraphs(page);
      expect(atTop.earlySkipped, 'the paragraphs of the first two sections (the first view) are laid out').toBe(0);
      expect(atTop.skipped, `paragraphs past the second heading skipped, of ${atTop.of}`).toBeGreaterThan(atTop.of / 2);
      // A reader scrolling at reading speed: the paragraph about to come into view is laid out before it does.
      const readAhead = await page.evaluate(async () => {
        const body = document.querySelector('.article__body')!;
        const second = body.querySelectorAll(':scope > h2')[1]!;
        const target = [...body.querySelectorAll(':scope > p')].find((p) => second.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING)!;
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        while (target.getBoundingClientRect().top > innerHeight) {
          window.scrollBy({ top: 200, behavior: 'instant' });
          await frame();
        }
        return target.firstElementChild!.checkVisibility({ contentVisibilityAuto: true });
      });
      expect(readAhead, 'the first paragraph past the second heading is laid out by the time it reaches the view').toBe(true);
    });

    test('a deep link lays out every block first: the text under its target never moves after the first paint', async ({ page }) => {
      await recordShifts(page);
      await page.goto(`${CHAPTER}#the-conditional-vae`);
      await page.waitForLoadState('load');
      await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-resume'))).toBe(true);
      expect((await skippedParagraphs(page)).skipped).toBe(0);
      expect(await shiftSoFar(page), 'layout shift after a deep link').toBeLessThan(0.001);
      // The fonts that only far blocks use, not preloaded for a reader at the top, were preloaded from the head here.
      const late = await page.evaluate(() => {
        const t = document.getElementById('vae-late-fonts') as HTMLTemplateElement | null;
        const urls = [...(t?.content.querySelectorAll('link') ?? [])].map((l) => new URL(l.getAttribute('href')!, location.href).href);
        const preloaded = [...document.head.querySelectorAll<HTMLLinkElement>(':scope > link[rel="preload"][as="font"]')].map((l) => l.href);
        return { urls, missing: urls.filter((u) => !preloaded.includes(u)) };
      });
      expect(late.urls.length, 'latent-space has fonts that only its far blocks use').toBeGreaterThan(0);
      expect(late.missing).toEqual([]);
    });

    test('a jump from the table of contents lays out every block first: the text under the heading holds still from the frame it lands', async ({
      page,
    }) => {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(CHAPTER);
      await page.waitForLoadState('load');
      expect((await skippedParagraphs(page)).skipped).toBeGreaterThan(0);
      // Every frame from the click: where the page is scrolled to, and how far the second block under the heading sits
      // below it. A block that lands at its estimated size and then takes its real one shows as two distances at one scroll.
      await page.evaluate(() => {
        const w = window as unknown as { __frames: string[] };
        w.__frames = [];
        const heading = document.getElementById('the-conditional-vae')!;
        const below = heading.nextElementSibling!.nextElementSibling!;
        const sample = () => {
          w.__frames.push(`${Math.round(scrollY)}:${Math.round(below.getBoundingClientRect().top - heading.getBoundingClientRect().top)}`);
          if (w.__frames.length < 40) requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      });
      if (vp.width < 1000) await page.locator('.toc summary').click();
      await page.locator('.toc a[href="#the-conditional-vae"]').click();
      await expect.poll(() => page.evaluate(() => (window as unknown as { __frames: string[] }).__frames.length), { timeout: 10_000 }).toBe(40);
      const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
      const landed = frames.filter((f) => !f.startsWith('0:'));
      expect(landed.length, 'the page jumped').toBeGreaterThan(0);
      expect(new Set(landed.map((f) => f.split(':')[1])).size, `distance under the heading, frame by frame: ${frames.join(' ')}`).toBe(1);
    });

    test('printing lays out every block', async ({ page }) => {
      await page.goto(CHAPTER);
      await page.waitForLoadState('load');
      await page.emulateMedia({ media: 'print' });
      expect((await skippedParagraphs(page)).skipped).toBe(0);
    });
  });
}

// On the narrowest phones some equations scroll sideways (src/components/ScrollRegions.astro makes them tab stops).
test.describe('300 px', () => {
  test.use({ viewport: { width: 300, height: 700 } });

  test('every equation that scrolls sideways is a tab stop: those far down once the reader nears them, or all at the first Tab', async ({ page }) => {
    /** The equations that overflow their column, and how many of them lack the tab stop and name of a scrolling region. */
    const regions = () =>
      page.evaluate(() => {
        const wide = [...document.querySelectorAll<HTMLElement>('.katex-display')].filter((el) => el.scrollWidth > el.clientWidth + 1);
        return { wide: wide.length, unmarked: wide.filter((el) => el.tabIndex !== 0 || el.getAttribute('role') !== 'region').length };
      });
    // Scrolling down at reading speed.
    await page.goto('chapters/elbo/');
    await page.waitForLoadState('load');
    await page.evaluate(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      while (scrollY + innerHeight < document.documentElement.scrollHeight - 2) {
        const before = scrollY;
        window.scrollBy({ top: 300, behavior: 'instant' });
        await frame();
        if (scrollY === before) break;
      }
      await frame();
    });
    const scrolled = await regions();
    expect(scrolled.wide, 'equations of chapter 5 that scroll sideways on a 300 px screen').toBeGreaterThan(3);
    expect(scrolled.unmarked).toBe(0);
    // The first Tab at the top of the page.
    await page.goto('chapters/elbo/');
    await page.waitForLoadState('load');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-resume')), 'after a Tab every block is laid out').toBe(true);
    await expect.poll(async () => (await regions()).unmarked, { timeout: 10_000 }).toBe(0);
  });
});
