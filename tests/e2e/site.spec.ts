// Every page loads cleanly, renders its math, makes no third-party requests, and all internal links resolve.
import { test, expect } from '@playwright/test';
import { builtPages, watchPage } from './support/site.ts';

const pages = builtPages();

test('the build has the pages a reader expects', () => {
  expect(pages).toContain('');
  expect(pages).toContain('about/');
  expect(pages).toContain('notation/');
  expect(pages).toContain('widgets/');
  expect(pages).toContain('embed/draw/');
  expect(pages.some((p) => p.startsWith('chapters/'))).toBe(true);
});

for (const path of pages) {
  test(`page /${path} loads with no errors, no failed or third-party requests, no KaTeX errors`, async ({ page, baseURL }) => {
    const origin = new URL(baseURL as string).origin;
    const problems = watchPage(page, origin);
    await page.goto(path);
    await page.waitForLoadState('load');
    // Let widgets near the viewport start and load their weights.
    await page.waitForTimeout(300);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.widget > :not(script, .widget__placeholder)')].every(
          (el) => el.getBoundingClientRect().top > window.innerHeight + 600 || el.dataset.ready !== undefined,
        ),
      null,
      { timeout: 60_000 },
    );
    await expect(page.locator('.katex-error')).toHaveCount(0);
    await expect(page.locator('h1')).toHaveCount(1);
    expect(problems.consoleErrors, 'console errors').toEqual([]);
    expect(problems.failedRequests, 'failed requests').toEqual([]);
    expect(problems.thirdParty, 'third-party requests').toEqual([]);
  });
}

test('every internal link and #anchor resolves', async ({ page, request, baseURL }) => {
  const base = new URL(baseURL as string);
  const htmlCache = new Map<string, string>();
  const broken: string[] = [];
  const fetchHtml = async (u: string, from: string) => {
    if (!htmlCache.has(u)) {
      const res = await request.get(u);
      if (res.status() !== 200) broken.push(`${from}: ${u} answers HTTP ${res.status()}`);
      htmlCache.set(u, res.headers()['content-type']?.includes('html') ? await res.text() : '');
    }
    return htmlCache.get(u) as string;
  };
  for (const path of pages) {
    await page.goto(path);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of new Set(hrefs)) {
      const u = new URL(href);
      if (u.origin !== base.origin) continue;
      if (!u.pathname.startsWith(base.pathname)) {
        broken.push(`${path}: ${href} is outside the base path ${base.pathname}`);
        continue;
      }
      const target = `${u.origin}${u.pathname}`;
      const html = await fetchHtml(target, path);
      const id = decodeURIComponent(u.hash.slice(1));
      if (id && !html.includes(`id="${id}"`)) broken.push(`${path}: ${href} has no element with id "${id}"`);
    }
  }
  expect(broken).toEqual([]);
});

test('on a 360 px phone no equation number overlaps its equation, no punctuation is cut off from its formula, and no chapter scrolls sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const problems: string[] = [];
  for (const path of pages.filter((p) => p.startsWith('chapters/') || p === 'notation/')) {
    await page.goto(path);
    const overlaps = await page.$$eval('.katex-display:has(.tag)', (eqs) =>
      eqs.flatMap((eq) => {
        const tag = eq.querySelector('.tag')!.getBoundingClientRect();
        const hit = [...eq.querySelectorAll('.katex-html > .base')].some((b) => {
          const r = b.getBoundingClientRect();
          return r.right > tag.left + 1 && r.left < tag.right - 1 && r.bottom > tag.top + 1 && r.top < tag.bottom - 1;
        });
        return hit ? [eq.querySelector('.tag')!.textContent ?? '?'] : [];
      }),
    );
    for (const tag of overlaps) problems.push(`${path}: equation ${tag} runs under its number`);
    // Punctuation after a short inline formula stays on the formula's line.
    const orphans = await page.$$eval('.math-punct', (spans) =>
      spans.flatMap((span) => {
        const text = span.lastChild!;
        const range = document.createRange();
        range.selectNodeContents(text);
        const mark = range.getBoundingClientRect();
        const lines = span.querySelector('.katex-html')!.getClientRects();
        return mark.top >= lines[lines.length - 1]!.bottom - 1 ? [`${span.textContent!.slice(-12)}`] : [];
      }),
    );
    for (const o of orphans) problems.push(`${path}: the punctuation after "${o}" starts a line of its own`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (wide > 0) problems.push(`${path}: the page is ${wide}px wider than the phone`);
  }
  expect(problems).toEqual([]);
});

test('chapters hold still while they load: no layout shift on a phone, and the table of contents is closed there and open on a desktop, clear of wide figures', async ({
  browser,
}) => {
  const problems: string[] = [];
  for (const [label, viewport] of [
    ['phone', { width: 360, height: 780 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    const context = await browser.newContext({ viewport });
    for (const path of pages.filter((p) => p.startsWith('chapters/') || p === 'notation/')) {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __shift: number };
        w.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) w.__shift += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(path);
      await page.waitForLoadState('load');
      await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
      const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
      if (shift > 0.02) problems.push(`${label} ${path}: the page shifted by ${shift.toFixed(3)} (layout-shift score) while loading`);
      const open = await page.locator('.toc details').evaluate((d) => (d as HTMLDetailsElement).open);
      if (open !== (label === 'desktop')) problems.push(`${label} ${path}: the table of contents is ${open ? 'open' : 'closed'}`);
      // Beside the table of contents, wide figures keep clear of its column.
      const intrusion = await page.evaluate(() => {
        const toc = document.querySelector('.toc')!.getBoundingClientRect();
        return Math.max(0, ...[...document.querySelectorAll('figure.wide')].map((f) => toc.right - f.getBoundingClientRect().left));
      });
      if (label === 'desktop' && intrusion > 0)
        problems.push(`${label} ${path}: a wide figure runs ${intrusion.toFixed(0)}px under the table of contents`);
      await page.close();
    }
    await context.close();
  }
  expect(problems).toEqual([]);
});
