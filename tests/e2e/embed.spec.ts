// The teacher's kit as a course page uses it: an embed snippet on a page of another origin sizes its iframe to the
// widget; trim options (?theme, ?text=0, ?view=map); noindex on embeds; sitemap, robots.txt and preview cards in the build.
import { test, expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { BASE_PATH } from '../../playwright.config.ts';
import { embedHeight, embedSnippet } from '../../src/lib/site/embed-snippet.ts';
import { EMBED_VIEWS } from '../../src/lib/site/embed-views.ts';
import { readyWidgets } from './support/widgets.ts';

const DIST = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(process.cwd(), 'dist');
/** The chapter slugs, from content/chapters/NN-slug.mdx. */
const chapters = (): string[] =>
  readdirSync('content/chapters')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => f.replace(/^\d+-/, '').replace(/\.mdx$/, ''));

/** Course pages served by a tiny server of our own on the next port: another origin, and (like the site) on this
 * machine, so Chromium's local-network checks let it frame the site. */
let coursePage = '';
let course: Server;
let courseUrl = '';
test.beforeAll(async ({ baseURL }) => {
  course = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(coursePage));
  const port = Number(new URL(baseURL!).port) + 1;
  await new Promise<void>((done) => course.listen(port, '127.0.0.1', done));
  courseUrl = `http://127.0.0.1:${port}/week-3.html`;
});
test.afterAll(() => new Promise<void>((done) => course.close(() => done())));

/** Opens a course page of another origin holding `body`. */
async function openCoursePage(page: Page, baseURL: string, body: string): Promise<void> {
  coursePage = `<!doctype html><html><head><title>Course</title></head><body style="margin:0">${body}</body></html>`;
  await page.goto(courseUrl);
  expect(new URL(page.url()).origin).not.toBe(new URL(baseURL).origin);
}

const liveIn = (page: Page, name: string) => expect(page.locator(`vae-${name}`)).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

test('a snippet on another origin: a 700×500 iframe grows to the embed page’s height, which the default height approximates', async ({
  page,
  baseURL,
}) => {
  const name = 'kl-sandbox';
  const snippet = embedSnippet(name, `?${name}.qm=1.5`, { siteRoot: baseURL!, height: 500 });
  await openCoursePage(page, baseURL!, `<div style="width:700px">${snippet}</div><p id="after">After the widget</p>`);
  const iframe = page.locator('iframe[data-vae-embed]');
  await expect(iframe).toHaveAttribute('allow', 'clipboard-write');
  await expect(iframe).toHaveAttribute('title', /KL sandbox/);
  const frame = page.frameLocator('iframe[data-vae-embed]');
  await expect(frame.locator(`vae-${name}`)).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const inner = page.frames().find((f) => f.url().includes(`/embed/${name}/`));
  expect(inner, 'the iframe loaded the embed page').toBeTruthy();
  expect(new URL(inner!.url()).origin).toBe(new URL(baseURL!).origin);
  const sizes = async () => ({
    frame: (await iframe.boundingBox())!.height,
    doc: await inner!.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
  });
  await expect
    .poll(
      async () => {
        const s = await sizes();
        return Math.abs(s.frame - s.doc);
      },
      { timeout: 10_000 },
    )
    .toBeLessThanOrEqual(1);
  const { frame: height } = await sizes();
  expect(height).toBeGreaterThan(500);
  expect((await iframe.boundingBox())!.width).toBe(700);
  // The whole widget shows: no scrollbar inside the frame.
  expect(await inner!.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
  // Pasted without its script, the iframe's default height is the one measured at 700 px (within 15 %).
  expect(Math.abs(embedHeight(name) - height) / height, `default ${embedHeight(name)} px against live ${height} px`).toBeLessThan(0.15);
});

for (const name of readyWidgets.filter((n) => n !== 'hello')) {
  test(`${name}: the snippet's default height fits its embed page at 700 px (within 15 %)`, async ({ page }) => {
    await page.setViewportSize({ width: 700, height: 800 });
    await page.goto(`embed/${name}/`);
    const host = page.locator(`vae-${name}`);
    await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
    const live = await page.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const guess = embedHeight(name);
    expect(
      Math.abs(guess - live) / live,
      `default ${guess} px, live ${live} px: build, then node scripts/with-node.mjs node scripts/embed-heights.ts`,
    ).toBeLessThan(0.15);
  });
}

test('a height message from another origin or with another source does not resize the iframe', async ({ page, baseURL }) => {
  const snippet = embedSnippet('kl-sandbox', '', { siteRoot: baseURL!, height: 500 });
  await openCoursePage(page, baseURL!, snippet);
  const iframe = page.locator('iframe[data-vae-embed]');
  await expect(page.frameLocator('iframe[data-vae-embed]').locator('vae-kl-sandbox')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThan(500);
  const before = (await iframe.boundingBox())!.height;
  // The course page itself (the wrong source and origin) posts a height: it is ignored.
  await page.evaluate(() => window.postMessage({ type: 'vae-embed-height', height: 90 }, '*'));
  await page.waitForTimeout(300);
  expect((await iframe.boundingBox())!.height).toBe(before);
});

test('inside a framed widget, Copy link and Embed this state reach the clipboard (allow="clipboard-write")', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openCoursePage(page, baseURL!, embedSnippet('kl-sandbox', '?kl-sandbox.qm=1.5', { siteRoot: baseURL!, height: 500 }));
  const frame = page.frameLocator('iframe[data-vae-embed]');
  await expect(frame.locator('vae-kl-sandbox')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await frame.getByRole('button', { name: 'Copy link' }).click();
  await expect(frame.getByRole('button', { name: 'Link copied' })).toBeVisible();
  expect(await clipboard()).toMatch(/\/embed\/kl-sandbox\/\?kl-sandbox\.qm=1\.5(#|$)/);
  await frame.getByRole('button', { name: 'Embed this state' }).click();
  await expect(frame.getByRole('button', { name: 'Embed code copied' })).toBeVisible();
  const code = await clipboard();
  expect(code).toContain(`src="${baseURL}embed/kl-sandbox/?kl-sandbox.qm=1.5"`);
  expect(code).toContain('allow="clipboard-write"');
  expect(dialogs, 'no fallback prompt: the clipboard worked').toEqual([]);
});

test('?theme forces the colours of an embed page whatever the system and the saved choice', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('embed/kl-sandbox/?theme=dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe('rgb(22, 23, 26)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('embed/kl-sandbox/?theme=light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await bg()).toBe('rgb(253, 252, 250)');
  // A chapter ignores ?theme (the reader's own toggle rules there).
  await page.goto('about/?theme=light');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('?theme forces the still of that theme too, whatever the system', async ({ page }) => {
  // With Save-Data the widget waits for the reader, so its still stays on screen to be checked.
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
  const shownStill = async () => {
    const img = page.locator('#widget-posterior .widget__still img').filter({ visible: true });
    await expect(img).toHaveCount(1);
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
    return img.evaluate((i: HTMLImageElement) => new URL(i.currentSrc).pathname);
  };
  for (const [system, forced] of [
    ['light', 'dark'],
    ['dark', 'light'],
  ] as const) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: system });
      await page.goto(`embed/posterior/?theme=${forced}`);
      await expect(page.locator('vae-posterior')).toHaveAttribute('data-start', 'ask');
      const src = await shownStill();
      expect(src, `${system} system, ?theme=${forced}, ${width} px`).toMatch(
        forced === 'dark' ? /posterior-dark(-phone)?\.webp$/ : /posterior(-phone)?\.webp$/,
      );
      expect(src.includes('-phone'), `the phone still at ${width} px`).toBe(width === 390);
    }
  }
});

test('an embed page names its widget once: the page heading, not a second heading inside the live widget (draw)', async ({ page }) => {
  await page.goto('embed/draw/');
  await liveIn(page, 'draw');
  await expect(page.getByRole('heading', { name: 'Draw a digit', exact: true })).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Draw a digit');
});

test('?text=0 leaves the widget without its title, source line and explanatory notes', async ({ page }) => {
  await page.goto('embed/latent-walk/');
  await liveIn(page, 'latent-walk');
  await expect(page.locator('.embed__title')).toBeVisible();
  await expect(page.locator('.embed__more')).toBeVisible();
  await page.goto('embed/latent-walk/?text=0');
  await liveIn(page, 'latent-walk');
  await expect(page.locator('html')).toHaveAttribute('data-text', 'off');
  // The title is left for screen readers only (the page's heading): it takes no room.
  await expect(page.getByRole('heading', { level: 1, name: 'Walk the latent space' })).toHaveCount(1);
  expect((await page.locator('.embed__title').boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);
  await expect(page.locator('.embed__more')).toBeHidden();
  await expect(page.locator('vae-latent-walk .lw__map')).toBeVisible();
});

/** Widgets with no explanatory notes to hide under ?text=0, listed on purpose (every other widget must mark some). */
const WITHOUT_NOTES: string[] = [];

/** What a reader sees of a widget apart from its notes: each visible control, picture and readout, as tag.class and text. */
function visibleParts(host: string): string[] {
  const root = document.querySelector(host)!;
  const sel = 'input, select, button, textarea, canvas, svg, output, dd, dt, figcaption, h3, legend, label, p';
  return (
    [...root.querySelectorAll<HTMLElement>(sel)]
      .filter((e) => !e.closest('.widget__explain') && !e.parentElement?.closest('svg'))
      // Shown: not hidden by display, visibility or a closed disclosure (content-visibility), and not empty.
      .filter((e) => e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }))
      .filter((e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0)
      .map((e) => `${e.localName}.${String(e.getAttribute('class') ?? '').trim()}`)
  );
}

for (const name of readyWidgets.filter((n) => n !== 'hello')) {
  test(`?text=0 hides ${name}'s explanatory notes (.widget__explain), and nothing else`, async ({ page }) => {
    const host = `vae-${name}`;
    const settled = async () => {
      await liveIn(page, name);
      await expect(page.locator(host)).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
      await expect(page.locator(host).locator('.widget__progress')).toBeHidden();
    };
    await page.goto(`embed/${name}/`);
    await settled();
    const notes = page.locator(`${host} .widget__explain`);
    if (WITHOUT_NOTES.includes(name)) {
      await expect(notes, `${name} is listed as having no notes`).toHaveCount(0);
    } else {
      expect(await notes.count(), `${name} marks its help and explanation paragraphs .widget__explain`).toBeGreaterThan(0);
      await expect(notes.filter({ visible: true }).first(), `${name} shows a note without ?text=0`).toBeVisible();
    }
    const shown = await page.evaluate(visibleParts, host);
    expect(shown.length).toBeGreaterThan(0);

    await page.goto(`embed/${name}/?text=0`);
    await settled();
    await expect(page.locator('html')).toHaveAttribute('data-text', 'off');
    for (const note of await notes.all()) await expect(note).toBeHidden();
    // The status line (at rest a hint) takes no room, but stays to announce what the widget does.
    const status = page.locator(`${host} .widget__status`);
    await expect(status).toHaveAttribute('role', 'status');
    expect((await status.boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);
    // Everything else a reader sees stays: the same controls, pictures and readouts.
    expect(await page.evaluate(visibleParts, host)).toEqual(shown);
  });
}

test('?text=0: the space reserved before the widget starts is the height it then has (no gap, no jump)', async ({ page }) => {
  // With Save-Data the widget waits for the reader, so its reserved box can be measured before it starts.
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
  for (const name of ['attributes', 'reparam']) {
    for (const width of [390, 700]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`embed/${name}/?text=0`);
      const host = page.locator(`vae-${name}`);
      await expect(host).toHaveAttribute('data-start', 'ask');
      const reserved = (await host.boundingBox())!.height;
      await host.locator('.widget__start').click();
      await liveIn(page, name);
      await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
      await expect
        .poll(async () => Math.abs((await host.boundingBox())!.height - reserved) / reserved, {
          message: `${name} at ${width} px: reserved ${reserved} px`,
        })
        .toBeLessThan(0.03);
    }
  }
});

test('?view=map shows the latent walk as its map and digit only, and the map still works', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('embed/latent-walk/?view=map');
  await liveIn(page, 'latent-walk');
  await expect(page.locator('.lw__map')).toBeVisible();
  await expect(page.locator('.lw__digit')).toBeVisible();
  await expect(page.locator('.lw__grid-sec')).toBeHidden();
  await expect(page.locator('.lw__interp')).toBeHidden();
  const full = embedHeight('latent-walk');
  await page.setViewportSize({ width: 700, height: 800 });
  const h = await page.evaluate(() => document.documentElement.getBoundingClientRect().height);
  expect(h).toBeLessThan(full * 0.75);
  expect(errors).toEqual([]);
});

/** For each ?view=: what it keeps and hides, and one reader action that must still work in it. */
const VIEW_CHECKS: Record<string, { shown: string[]; hidden: string[]; act(page: Page): Promise<void> }> = {
  'draw?view=map': {
    shown: ['.draw__pad-col canvas.pad', '.draw__map-col .lmap'],
    hidden: ['.draw__out-col'],
    act: async (page) => {
      const mu = await page.locator('vae-draw').getAttribute('data-mu');
      await page
        .locator('vae-draw')
        .getByRole('button', { name: /Random/ })
        .first()
        .click();
      await expect(page.locator('vae-draw')).not.toHaveAttribute('data-mu', mu ?? '');
    },
  },
  'kl-vs-recon?view=both': {
    shown: ['.klr__panel--both', '.klr__beta', '.klr__rd-sec'],
    hidden: ['.klr__panel--recon', '.klr__panel--kl', '.klr__switch'],
    act: async (page) => {
      await page.getByRole('slider', { name: /β of the “Both” panel/ }).press('ArrowRight');
      await expect(page.locator('vae-kl-vs-recon')).toHaveAttribute('data-rendered', /^2\|/, { timeout: 60_000 });
    },
  },
  'posterior?view=plot': {
    shown: ['.post__heat', '.post__bounds'],
    hidden: ['.post__digit', '.post__overview'],
    act: async (page) => {
      await page.getByRole('slider', { name: 'Samples K' }).press('ArrowRight');
      await expect(page.locator('vae-posterior')).toHaveAttribute('data-k', '200');
    },
  },
};
for (const view of EMBED_VIEWS.filter((v) => v.widget !== 'latent-walk')) {
  const key = `${view.widget}?view=${view.view}`;
  test(`?view=${view.view} shows ${view.widget} as ${view.keeps}, on a phone and at 700 px, and it still works`, async ({ page }) => {
    const check = VIEW_CHECKS[key];
    expect(check, `a check for ${key} in VIEW_CHECKS`).toBeDefined();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const width of [390, 700]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`embed/${view.widget}/?view=${view.view}`);
      await liveIn(page, view.widget);
      for (const sel of check!.shown) await expect(page.locator(`vae-${view.widget} ${sel}`).first(), sel).toBeVisible();
      for (const sel of check!.hidden) await expect(page.locator(`vae-${view.widget} ${sel}`), sel).toBeHidden();
      const h = await page.evaluate(() => document.documentElement.getBoundingClientRect().height);
      await page.goto(`embed/${view.widget}/`);
      await liveIn(page, view.widget);
      const full = await page.evaluate(() => document.documentElement.getBoundingClientRect().height);
      // At 700 px each view is clearly shorter; on a phone, where kl-vs-recon already shows one panel at a time, never taller.
      const limit = width === 700 ? full * 0.9 : full + 1;
      expect(h, `${width} px: the view is shorter than the whole widget (${h} against ${full} px)`).toBeLessThan(limit);
    }
    await page.goto(`embed/${view.widget}/?view=${view.view}`);
    await liveIn(page, view.widget);
    await check!.act(page);
    expect(errors).toEqual([]);
  });
}
test('/widgets/ documents every ?view= layout with a link to it', async ({ page }) => {
  await page.goto('widgets/');
  for (const v of EMBED_VIEWS) await expect(page.locator(`.embed-options a[href$="embed/${v.widget}/?view=${v.view}"]`)).toHaveCount(1);
});

test('every embed page asks not to be indexed; chapters and /widgets/ do not', async ({ request }) => {
  for (const name of readyWidgets) {
    const html = await (await request.get(`embed/${name}/`)).text();
    expect(html, name).toContain('<meta name="robots" content="noindex">');
  }
  for (const path of ['', 'widgets/', 'about/', ...chapters().map((c) => `chapters/${c}/`)]) {
    const html = await (await request.get(path)).text();
    expect(html, path || 'landing').not.toContain('noindex');
  }
});

test('sitemap and robots.txt: absolute URLs under the base, every chapter listed, no embed page', async ({ request, baseURL }) => {
  const robots = await (await request.get('robots.txt')).text();
  const sitemapUrl = robots.match(/^Sitemap: (\S+)$/m)?.[1];
  expect(sitemapUrl).toMatch(new RegExp(`^https?://[^/]+${BASE_PATH}sitemap-index\\.xml$`));
  // Under a base path this file is not at the host root, where crawlers read it: it allows only the site's path and says
  // where its lines belong; every page links the sitemap itself.
  expect(robots).toMatch(new RegExp(`^Allow: ${BASE_PATH}$`, 'm'));
  if (BASE_PATH !== '/') expect(robots).toMatch(/^# .*crawlers read robots\.txt only at the host root/m);
  const landing = await (await request.get('')).text();
  expect(landing).toContain(`<link rel="sitemap" type="application/xml" href="${BASE_PATH}sitemap-index.xml"`);
  const index = await (await request.get('sitemap-index.xml')).text();
  const parts = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.slice(BASE_PATH.length));
  expect(parts.length).toBeGreaterThan(0);
  const locs: string[] = [];
  for (const part of parts) locs.push(...[...(await (await request.get(part)).text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
  const paths = locs.map((l) => new URL(l).pathname);
  expect(chapters().length).toBeGreaterThanOrEqual(8);
  for (const c of chapters()) expect(paths).toContain(`${BASE_PATH}chapters/${c}/`);
  expect(paths).toContain(`${BASE_PATH}widgets/`);
  expect(paths.filter((p) => p.includes('/embed/'))).toEqual([]);
  expect(baseURL).toBeTruthy();
});

/** Width and height of a PNG file, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('each chapter and each widget page has its own 1200×630 preview card in the build, with title and description', async ({ request }) => {
  const pages = [...chapters().map((c) => `chapters/${c}/`), ...readyWidgets.filter((n) => n !== 'hello').map((n) => `embed/${n}/`)];
  const images = new Set<string>();
  for (const path of pages) {
    const html = await (await request.get(path)).text();
    const meta = (p: string) => html.match(new RegExp(`<meta (?:property|name)="${p}" content="([^"]*)"`))?.[1];
    const image = meta('og:image');
    expect(image, path).toMatch(/^https?:\/\//);
    const file = join(DIST, new URL(image!).pathname.slice(BASE_PATH.length));
    expect(existsSync(file), `${path}: ${file}`).toBe(true);
    expect(pngSize(file), path).toEqual({ width: 1200, height: 630 });
    expect(meta('og:title'), path).toBeTruthy();
    expect(meta('og:description')?.length ?? 0, path).toBeGreaterThan(20);
    expect(meta('twitter:card')).toBe('summary_large_image');
    images.add(image!);
  }
  expect(images.size, 'every page has a card of its own').toBe(pages.length);
});

test('/widgets/ gives each widget a snippet with its measured height and resize script; its title names the site once', async ({ page }) => {
  await page.goto('widgets/');
  await expect(page).toHaveTitle('Widgets for teaching · Variational Autoencoders, Explained');
  const codes = page.locator('.widget-card pre code');
  expect(await codes.count()).toBe(readyWidgets.filter((n) => n !== 'hello').length);
  const first = await codes.first().textContent();
  expect(first).toMatch(
    /<iframe src="https?:\/\/[^"]+\/embed\/[a-z-]+\/" title="[^"]+" style="width: 100%; height: \d+px; border: 0" allow="clipboard-write"/,
  );
  expect(first).toContain("addEventListener('message'");
});

test('/about/: the BibTeX wraps on a phone, and the licences and CITATION.cff it links to exist', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('about/');
  const pre = page.locator('pre.bibtex');
  await expect(pre).toContainText('@misc{');
  expect(await pre.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  for (const name of ['LICENSE.txt', 'LICENSE-CONTENT.txt', 'CITATION.cff']) {
    const link = page.locator(`a[href="${BASE_PATH}${name}"]`);
    await expect(link, name).toHaveCount(1);
    expect((await request.get(name)).status(), name).toBe(200);
  }
  const cff = await (await request.get('CITATION.cff')).text();
  expect(cff).toContain(`url: 'http`);
  const bib = (await pre.textContent()) ?? '';
  expect(cff).toContain(bib.match(/title\s*= \{([^}]+)\}/)?.[1] ?? 'no BibTeX title');
});

/** What a page asks for before any module runs: module scripts, module preloads, and the downloads its first script
 * starts (the template's data-fetch and data-fetch-default, "url|version" pairs). */
async function askedUpFront(page: Page): Promise<{ modules: string[]; early: string[]; earlyDefault: string[] }> {
  return page.evaluate(() => {
    const pairs = (k: string) =>
      (document.getElementById('vae-preloads')?.getAttribute(k) ?? '')
        .split(' ')
        .filter(Boolean)
        .map((p) => new URL(p.split('|')[0]!, location.href).href);
    return {
      modules: [
        ...[...document.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')].map((s) => s.src),
        ...[...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((l) => l.href),
      ],
      early: pairs('data-fetch'),
      earlyDefault: pairs('data-fetch-default'),
    };
  });
}

/** Records the fetch() calls a page makes while its HTML is still being parsed (its first script's early downloads). */
async function recordEarlyFetches(page: Page): Promise<() => Promise<{ url: string; version: string | null }[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __early: { url: string; version: string | null }[] };
    w.__early = [];
    const original = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (document.readyState === 'loading')
        w.__early.push({ url: new URL(String(input), location.href).href, version: new Headers(init?.headers).get('x-vae-version') });
      return original.call(window, input, init);
    };
  });
  return () => page.evaluate(() => (window as unknown as { __early: { url: string; version: string | null }[] }).__early);
}

/** Site files requested before `name`'s first frame (resource timing), without query strings, with how they were asked for. */
async function requestsBeforeFirstFrame(page: Page, name: string): Promise<{ url: string; initiator: string }[]> {
  return page.evaluate((w) => {
    const ready = performance.getEntriesByName(`vae:${w}:ready`)[0]!.startTime;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.startTime <= ready)
      .map((e) => ({ url: e.name.split('?')[0]!, initiator: e.initiatorType }));
  }, name);
}

// Slow networks: an embed page asks for its widget's code and the weights' manifest with the page itself (build step
// src/lib/site/embed-preloads.ts), instead of finding them a level at a time, one round trip each.
for (const name of ['kl-vs-recon', 'latent-walk']) {
  test(`${name}'s embed page names in its HTML every script its first frame runs, and starts the manifest it reads first`, async ({ page }) => {
    await page.goto(`embed/${name}/`);
    await liveIn(page, name);
    const { modules, early } = await askedUpFront(page);
    const before = await requestsBeforeFirstFrame(page, name);
    const scripts = before.filter((r) => r.url.endsWith('.js')).map((r) => r.url);
    expect(scripts.length).toBeGreaterThan(5);
    expect(
      scripts.filter((u) => !modules.includes(u)),
      'scripts found only after the page had run',
    ).toEqual([]);
    expect(early.filter((u) => u.endsWith('/weights/manifest.json'))).toHaveLength(1);
    // One request, the early fetch's: the widget's own fetch() took it instead of asking again.
    expect(before.filter((r) => r.url.endsWith('/weights/manifest.json'))).toEqual([
      { url: expect.stringMatching(/manifest\.json$/), initiator: 'fetch' },
    ]);
  });
}

test('the plain-JS widgets read no manifest, so their embed pages start no downloads', async ({ page }) => {
  for (const name of ['kl-sandbox', 'reparam']) {
    await page.goto(`embed/${name}/`);
    await liveIn(page, name);
    const { early, earlyDefault } = await askedUpFront(page);
    expect([...early, ...earlyDefault]).toEqual([]);
    expect((await requestsBeforeFirstFrame(page, name)).filter((r) => r.url.includes('/weights/'))).toEqual([]);
  }
});

test('with Save-Data on, an embed page preloads nothing of its widget: no code, no manifest, until the reader asks', async ({ page }) => {
  await page.addInitScript(() => {
    const connection = (navigator as Navigator & { connection?: object }).connection;
    if (connection) Object.defineProperty(connection, 'saveData', { get: () => true });
  });
  const started = await recordEarlyFetches(page);
  const asked: string[] = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto('embed/kl-vs-recon/');
  const host = page.locator('vae-kl-vs-recon');
  await expect(host).toHaveAttribute('data-start', 'ask');
  const { modules } = await askedUpFront(page);
  expect(await started()).toEqual([]);
  expect(modules.filter((u) => /kl-vs-recon\.[\w-]+\.js$/.test(u))).toEqual([]);
  await page.waitForLoadState('networkidle');
  expect(asked.filter((u) => u.includes('/weights/') || /kl-vs-recon\.[\w-]+\.js$/.test(u))).toEqual([]);
  // The reader asks: then it comes.
  await host.locator('.widget__start').click();
  await liveIn(page, 'kl-vs-recon');
  expect(asked.some((u) => u.endsWith('/weights/manifest.json'))).toBe(true);
});

// The page's first script starts the manifest and the first frame's weights, codes and digits as fetch() calls
// (embed-preloads.ts, runtime/early-fetch.ts); each must be one the widget then uses, else its bytes were spent for nothing.
for (const name of readyWidgets.filter((n) => n !== 'hello')) {
  test(`${name}'s embed page starts early only downloads its first frame then uses, each naming its version`, async ({ page }) => {
    const started = await recordEarlyFetches(page);
    await page.goto(`embed/${name}/`);
    await liveIn(page, name);
    const { early, earlyDefault } = await askedUpFront(page);
    const listed = [...early, ...earlyDefault];
    if (name === 'kl-sandbox' || name === 'reparam') expect(listed).toEqual([]);
    else expect(earlyDefault.length, 'files started early').toBeGreaterThan(0);
    const calls = await started();
    expect(calls.map((c) => c.url)).toEqual(listed);
    for (const c of calls) expect(c.version, c.url).toMatch(/^[0-9a-f]{16}$/);
    const left = await page.evaluate(() => Object.keys((window as { __vaeEarly?: object }).__vaeEarly ?? {}));
    expect(left, 'started early, not used by the first frame').toEqual([]);
    const before = await requestsBeforeFirstFrame(page, name);
    for (const u of listed)
      expect(
        before.filter((r) => r.url === u).map((r) => r.initiator),
        u,
      ).toEqual(['fetch']);
  });
}

test('an embed page whose URL sets its widget’s state starts only the manifest early (its files may differ)', async ({ page }) => {
  const started = await recordEarlyFetches(page);
  await page.goto('embed/draw/?draw.digit=7');
  await liveIn(page, 'draw');
  expect((await started()).map((c) => new URL(c.url).pathname)).toEqual([expect.stringMatching(/\/weights\/manifest\.json$/)]);
});

// Nothing is downloaded twice: preloads, prefetches (a widget's prefetch() while TensorFlow.js loads) and the widget's own
// requests must meet, not repeat one another.
for (const name of readyWidgets.filter((n) => n !== 'hello')) {
  test(`${name}'s embed page asks for no file twice before its first frame`, async ({ page }) => {
    await page.goto(`embed/${name}/`);
    await liveIn(page, name);
    const urls = (await requestsBeforeFirstFrame(page, name)).map((r) => r.url);
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.filter((u, i) => urls.indexOf(u) !== i)).toEqual([]);
  });
}
