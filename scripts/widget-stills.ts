// Renders each widget's still pictures and measures every widget's live height, from the built site:
// - public/widgets/<name>[-dark][-phone].webp: what a reader sees before the live frame (and without JavaScript); the phone
//   stills are the widget as laid out on a 390 px screen, the others on a 760 px one. <name>[-dark].png: link previews.
// - public/widgets/<name>-text0[-dark][-phone].webp: the same from the embed page under ?text=0 (the widget without its
//   notes), which Widget.astro shows there instead, so an embed's reader does not see notes cut off by the shorter box.
// - src/widgets/sizes.json: each widget's live height on every page that embeds it, at many viewport widths, and the
//   stills' pixel sizes. src/components/Widget.astro turns the heights into CSS that reserves the space from the first paint.
// Usage: npm run build && npm run stills [-- name ...] [-- --sizes-only | --stills-only] [-- --text-off-only]
//   --text-off-only: of the stills, only the ?text=0 ones (with --stills-only: nothing but those).
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { WIDGETS } from '../src/widgets/registry.ts';
import type { StillSizes, WidgetSizes } from '../src/lib/site/widget-reserve.ts';

const base = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');
const port = Number(process.env.STILLS_PORT || 4397);
const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('--'));
const doStills = !args.includes('--sizes-only');
const doSizes = !args.includes('--stills-only');
/** Which stills to render: the ordinary ones ("") and those of the embed page under ?text=0 ("-text0"). */
const STILL_VARIANTS = args.includes('--text-off-only') ? (['-text0'] as const) : (['', '-text0'] as const);
type StillVariant = (typeof STILL_VARIANTS)[number];
const widgets = WIDGETS.filter((w) => !wanted.length || wanted.includes(w.name));
const outDir = 'public/widgets';
const sizesFile = 'src/widgets/sizes.json';
/** URL state that makes a still show something, where a widget's default is an empty canvas. */
const STILL_PARAMS: Record<string, string> = { train: 'train.steps=400' };
/** For widgets that keep working after they are ready: the host attribute and value that mean the picture is complete. */
const STILL_DONE: Record<string, [string, string]> = { train: ['data-eval-step', '400'] };
/** The most of a widget's height (CSS px) its WebP still shows. */
const STILL_CROP = 720;
/** Stills: a desktop column and a phone. */
const STILL_VIEWPORTS = { desktop: 760, phone: 390 } as const;

/**
 * Viewport widths at which heights are measured: every 30 px across phones and tablets, both sides of each breakpoint the
 * stylesheets use (rem = 16 px), and common desktop widths. Between two of them Widget.astro interpolates linearly.
 */
function measureWidths(): number[] {
  const set = new Set<number>();
  for (let w = 320; w <= 1040; w += 30) set.add(w);
  // Common phone, tablet and desktop widths are measured exactly.
  for (const w of [360, 375, 390, 393, 412, 414, 428, 430, 768, 800, 820, 834, 1024, 1100, 1180, 1280, 1366, 1440, 1600, 1920]) set.add(w);
  const css = ['src/styles', 'src/widgets'].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.css'))
      .map((f) => `${dir}/${f}`),
  );
  for (const file of css) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\((?:min|max)-width:\s*([\d.]+)(rem|px)\)/g)) {
      const px = Number(m[1]) * (m[2] === 'rem' ? 16 : 1);
      for (const w of [Math.floor(px) - 1, Math.floor(px), Math.floor(px) + 1]) if (w >= 320 && w <= 1920) set.add(w);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * Pages that embed widgets: the landing page, every chapter and every embed page (paths under the base), and each embed
 * page under ?text=0, where the widget's notes are hidden and it is shorter (Widget.astro reserves that height there).
 */
function pages(): string[] {
  const chapters = readdirSync('content/chapters')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => `chapters/${f.replace(/^\d+-/, '').replace(/\.mdx$/, '')}/`);
  return ['', ...chapters, ...WIDGETS.map((w) => `embed/${w.name}/`), ...WIDGETS.map((w) => `embed/${w.name}/?text=0`)];
}

/** Starts every widget on the page and waits until each has drawn its first frame and finished any later loading. */
async function startAll(page: Page, waitDone = false): Promise<string[]> {
  const names = await page.$$eval('.widget[data-widget]', (els) => els.map((e) => (e as HTMLElement).dataset.widget!));
  for (const name of names) {
    const host = page.locator(`#widget-${name} > vae-${name}`);
    await host.scrollIntoViewIfNeeded();
    // Widgets on screen start by themselves; the others are started as a reader would, with their Start button.
    await host.evaluate((el: HTMLElement) => {
      if (['near', 'idle', 'ask'].includes(el.dataset.start ?? '')) el.querySelector<HTMLButtonElement>('.widget__start')?.click();
    });
  }
  for (const name of names) {
    const host = page.locator(`#widget-${name} > vae-${name}`);
    await page.waitForFunction(
      (el) => (el as HTMLElement).dataset.ready === 'true' && (el as HTMLElement).dataset.loading !== 'true',
      await host.elementHandle(),
      {
        timeout: 180_000,
      },
    );
  }
  const done = waitDone ? Object.entries(STILL_DONE).filter(([n]) => names.includes(n)) : [];
  for (const [name, [attr, value]] of done)
    await page
      .locator(`vae-${name}[${attr}="${value}"]`)
      .waitFor({ timeout: 300_000 })
      .catch(() => undefined);
  return names;
}

/** The island heights of the named widgets at the current viewport, after layout and resize handlers have settled. */
async function heights(page: Page, names: string[]): Promise<number[]> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 120)))));
  return page.evaluate(
    (ns) => ns.map((n) => Math.round(document.querySelector(`#widget-${n} > vae-${n}`)!.getBoundingClientRect().height * 10) / 10),
    names,
  );
}

/** How far (CSS px) a height between two measured widths may be from the straight line between them before more is measured. */
const BETWEEN_TOLERANCE = 2;

/**
 * Heights measured between two neighbouring widths where the straight line between them is wrong: a layout that changes
 * at a width no stylesheet names as a viewport breakpoint (a container query, a row of controls that wraps). Every interval's
 * middle is measured, and where the height changes across the interval its quarters too (a staircase of two steps can put
 * the middle on the line); an interval found off the line is halved until the change is pinned to 1 px. Returns the extra
 * [width, height] points of each name.
 */
async function between(page: Page, names: string[], widths: number[], rows: number[][]): Promise<Array<Array<[number, number]>>> {
  const extra: Array<Array<[number, number]>> = names.map(() => []);
  const at = async (width: number) => {
    await page.setViewportSize({ width, height: 900 });
    return heights(page, names);
  };
  /** Whether any name's height at w is off the straight line from (w0, h0) to (w1, h1). */
  const off = (w0: number, h0: number[], w1: number, h1: number[], w: number, h: number[]) =>
    names.some((_, i) => Math.abs(h0[i]! + ((w - w0) * (h1[i]! - h0[i]!)) / (w1 - w0) - h[i]!) > BETWEEN_TOLERANCE);
  const refine = async (w0: number, h0: number[], w1: number, h1: number[]): Promise<void> => {
    if (w1 - w0 < 2) return;
    const mid = Math.round((w0 + w1) / 2);
    const hm = await at(mid);
    let wrong = off(w0, h0, w1, h1, mid, hm);
    const changes = names.some((_, i) => Math.abs(h1[i]! - h0[i]!) > BETWEEN_TOLERANCE);
    for (const q of changes && w1 - w0 >= 8 ? [Math.round((w0 + mid) / 2), Math.round((mid + w1) / 2)] : []) {
      if (wrong) break;
      wrong = off(w0, h0, w1, h1, q, await at(q));
    }
    if (!wrong) return;
    names.forEach((_, i) => extra[i]!.push([mid, hm[i]!]));
    await refine(w0, h0, mid, hm);
    await refine(mid, hm, w1, h1);
  };
  for (let k = 0; k + 1 < widths.length; k++) await refine(widths[k]!, rows[k]!, widths[k + 1]!, rows[k + 1]!);
  return extra.map((points) => points.sort((a, b) => a[0] - b[0]));
}

/** What measure() finds: heights at the common widths, and the extra points between them, keyed as Widget.astro looks them up. */
interface Measured {
  heights: WidgetSizes['heights'];
  between: NonNullable<WidgetSizes['between']>;
}

/** Measures the chosen widgets on every page that embeds them across the widths (a few pages at a time). */
async function measure(browser: Browser, widths: number[]): Promise<Measured> {
  const out: Measured = { heights: {}, between: {} };
  const queue = pages();
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      // Measured as most readers see it (motion allowed): latent-walk, for one, lays out its player differently under reduced motion.
      const page = await browser.newPage({ viewport: { width: widths[0]!, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}${base}${path}${path.includes('?') ? '&' : '?'}backend=wasm`);
      const onPage = await page.$$eval('.widget[data-widget]', (els) => els.map((e) => (e as HTMLElement).dataset.widget!));
      // Every widget of the page is started (the others' live heights move the chosen ones' pages too), but only on
      // pages that hold a chosen widget.
      const names = onPage.some((n) => widgets.some((w) => w.name === n))
        ? (await startAll(page)).filter((n) => widgets.some((w) => w.name === n))
        : [];
      if (names.length) {
        const rows: number[][] = [];
        for (const width of widths) {
          await page.setViewportSize({ width, height: 900 });
          rows.push(await heights(page, names));
        }
        const extra = await between(page, names, widths, rows);
        names.forEach((n, i) => {
          out.heights[`${path}#${n}`] = rows.map((r) => r[i]!);
          if (extra[i]!.length) out.between[`${path}#${n}`] = extra[i]!;
        });
        console.log(
          `sizes: ${path || '(landing)'}: ${names.join(', ')}${extra.some((e) => e.length) ? ` (+${extra[0]!.length} widths between)` : ''}`,
        );
      }
      await page.close();
    }
  };
  await Promise.all(Array.from({ length: Number(process.env.STILLS_WORKERS || 3) }, worker));
  return out;
}

/** Encodes a PNG screenshot as WebP in the browser itself (no image library needed). */
async function toWebp(page: Page, png: Buffer, quality = 0.5): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([data, q]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')!.drawImage(img, 0, 0);
      return canvas.toDataURL('image/webp', q).split(',')[1]!;
    },
    [png.toString('base64'), quality] as const,
  );
  return Buffer.from(b64, 'base64');
}

/** Renders one set of stills of a widget (light and dark, desktop and phone): the ordinary ones ("") from its embed page,
 * or "-text0" from the embed page under ?text=0; returns their pixel sizes. */
async function stills(browser: Browser, name: string, variant: StillVariant): Promise<StillSizes> {
  const size: Partial<StillSizes> = {};
  const query = [variant === '-text0' ? 'text=0' : '', 'backend=wasm', STILL_PARAMS[name] ?? ''].filter(Boolean).join('&');
  for (const [kind, width] of Object.entries(STILL_VIEWPORTS) as Array<[keyof typeof STILL_VIEWPORTS, number]>) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width, height: 1000 }, colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(`http://127.0.0.1:${port}${base}embed/${name}/?${query}`);
      await startAll(page, true);
      await page.waitForTimeout(Number(process.env.WAIT_MS || 1500));
      const body = page.locator(`vae-${name} .widget__body`);
      const png = variant ? null : await body.screenshot({ animations: 'disabled' });
      const suffix = `${variant}${scheme === 'dark' ? '-dark' : ''}${kind === 'phone' ? '-phone' : ''}`;
      // The WebP still shows the widget's first screen only (STILL_CROP px): that is what a reader sees before the live
      // frame, and it keeps the still a small part of the bytes before that frame (issue 13: 450 KB in all).
      await body.evaluate((el) => el.scrollIntoView());
      const box = (await body.boundingBox())!;
      const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, STILL_CROP) };
      const webp = await toWebp(page, await page.screenshot({ clip, animations: 'disabled' }));
      writeFileSync(`${outDir}/${name}${suffix}.webp`, webp);
      size[kind] = [Math.round(clip.width), Math.round(clip.height)];
      if (kind === 'desktop' && png) {
        const file = `${outDir}/${name}${suffix}.png`;
        writeFileSync(file, png);
        // Shrink with pngquant when it is installed (Debian: apt-get install pngquant); the PNG is fine without it.
        spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=60-90', '--ext', '.png', file]);
      }
      console.log(`still: ${name}${suffix}.webp ${Math.round(webp.length / 1000)} KB`);
      await page.close();
    }
  }
  return size as StillSizes;
}

mkdirSync(outDir, { recursive: true });
const server = spawn('node', ['scripts/serve-dist.mjs', String(port)], { env: { ...process.env, BASE_PATH: base }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const previous: WidgetSizes = existsSync(sizesFile) ? JSON.parse(readFileSync(sizesFile, 'utf8')) : { widths: [], heights: {}, stills: {} };
try {
  const widths = measureWidths();
  const next: WidgetSizes = {
    widths,
    heights: widths.join() === previous.widths.join() ? { ...previous.heights } : {},
    between: widths.join() === previous.widths.join() ? { ...previous.between } : {},
    stills: { ...previous.stills },
  };
  if (doStills) {
    const queue = [...widgets];
    const worker = async () => {
      for (let w = queue.shift(); w; w = queue.shift()) {
        const entry = { ...next.stills[w.name]! };
        for (const variant of STILL_VARIANTS) {
          const size = await stills(browser, w.name, variant);
          if (variant) entry.textOff = size;
          else Object.assign(entry, size);
        }
        next.stills[w.name] = entry;
      }
    };
    await Promise.all(Array.from({ length: Number(process.env.STILLS_WORKERS || 3) }, worker));
  }
  const measured: Measured = doSizes ? await measure(browser, widths) : { heights: {}, between: {} };
  /** Puts what this run measured into `sizes`: its heights, and its points between widths (none: any old ones go). */
  const merge = (sizes: WidgetSizes) => {
    Object.assign(sizes.heights, measured.heights);
    const extra = { ...sizes.between };
    for (const key of Object.keys(measured.heights)) delete extra[key];
    sizes.between = { ...extra, ...measured.between };
  };
  merge(next);
  // Read the file again just before writing: another run (for other widgets) may have changed it meanwhile. Only what
  // this run measured replaces what is there.
  const latest: WidgetSizes = existsSync(sizesFile) ? JSON.parse(readFileSync(sizesFile, 'utf8')) : next;
  if (latest.widths.join() === widths.join()) {
    merge(latest);
    for (const w of doStills ? widgets : []) latest.stills[w.name] = next.stills[w.name]!;
    Object.assign(next, latest);
  }
  writeFileSync(sizesFile, `${JSON.stringify(next)}\n`);
  console.log(`wrote ${sizesFile}: ${Object.keys(next.heights).length} widgets on pages, ${widths.length} widths`);
} finally {
  await browser.close();
  server.kill();
}
