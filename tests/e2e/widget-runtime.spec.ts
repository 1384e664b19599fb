// What every widget shares (src/widgets/runtime/widget-element.ts): the still at its final size before the live frame, the
// start policy (near and idle, a keyboard Tab, Save-Data's "Load the live model" button), the quiet backend detail,
// error and Retry with the still, Copy link and Embed this state.
import { test, expect, type Page, type Route } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';

/** Chapter slug → its MDX text, to find a widget's first appearance. */
const chapterText = Object.fromEntries(
  readdirSync('content/chapters')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => [f.replace(/^\d+-/, '').replace(/\.mdx$/, ''), readFileSync(`content/chapters/${f}`, 'utf8')]),
);

/** Holds every weights request until `release` is called, so the page can be seen between its first paint and the live frame. */
async function holdWeights(page: Page): Promise<() => Promise<void>> {
  const held: Route[] = [];
  let open = false;
  await page.route('**/weights/**', (route) => (open ? route.continue() : void held.push(route)));
  return async () => {
    open = true;
    await Promise.all(held.map((r) => r.continue()));
  };
}

/** The island's height and the visible still's box. */
async function boxes(page: Page, name: string) {
  return page.evaluate((n) => {
    const host = document.querySelector(`#widget-${n} > vae-${n}`)!;
    const img = [...host.querySelectorAll<HTMLImageElement>('.widget__still img')].find((i) => i.offsetParent !== null);
    return {
      host: host.getBoundingClientRect().height,
      still: img ? img.getBoundingClientRect().height : 0,
      loaded: !!img?.complete && (img?.naturalWidth ?? 0) > 0,
    };
  }, name);
}

for (const vp of [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`at ${vp.width} px (${scheme}), latent-walk shows its still at its final size, and the live frame takes its place without a jump`, async ({
      page,
    }) => {
      await page.setViewportSize(vp);
      await page.emulateMedia({ colorScheme: scheme });
      const release = await holdWeights(page);
      await page.goto('chapters/latent-space/');
      const host = page.locator('#widget-latent-walk > vae-latent-walk');
      await host.scrollIntoViewIfNeeded();
      await expect(host).toHaveAttribute('data-start', 'loading');
      const still = host.locator(`.widget__still--${scheme} img`);
      await expect(still).toBeVisible();
      await expect.poll(async () => (await boxes(page, 'latent-walk')).loaded).toBe(true);
      const before = await boxes(page, 'latent-walk');
      expect(before.still, 'the still is drawn').toBeGreaterThan(100);
      const y0 = await host.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
      const next = await page.locator('#widget-latent-walk').evaluate((el) => {
        const n = el.nextElementSibling as HTMLElement | null;
        return n ? n.getBoundingClientRect().top + window.scrollY : 0;
      });
      await release();
      await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      await expect(still).toBeHidden();
      const after = await boxes(page, 'latent-walk');
      expect(Math.abs(after.host - before.host), `live height ${after.host} vs reserved ${before.host}`).toBeLessThanOrEqual(4);
      expect(await host.evaluate((el) => el.getBoundingClientRect().top + window.scrollY)).toBeCloseTo(y0, 0);
      const nextAfter = await page.locator('#widget-latent-walk').evaluate((el) => {
        const n = el.nextElementSibling as HTMLElement | null;
        return n ? n.getBoundingClientRect().top + window.scrollY : 0;
      });
      expect(Math.abs(nextAfter - next), 'the text after the widget stays where it was').toBeLessThanOrEqual(4);
    });
  }
}

/** Records the still pictures (public/widgets/*.webp) the page downloads, by file name. */
function stillRequests(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (r) => {
    const m = /\/widgets\/([^/?]+\.webp)(\?|$)/.exec(r.url());
    if (m) names.push(m[1]!);
  });
  return names;
}

/** The still on show (by the file its <img> shows), its rendered height, and whether it has loaded. */
async function shownStill(page: Page, name: string) {
  return page.locator(`#widget-${name} > vae-${name}`).evaluate((host) => {
    const shown = [...host.querySelectorAll<HTMLImageElement>('.widget__still img')].filter((i) => i.offsetParent !== null);
    const img = shown[0];
    return {
      count: shown.length,
      file: img ? new URL(img.currentSrc || img.src).pathname.split('/').pop()! : '',
      height: img ? img.getBoundingClientRect().height : 0,
      loaded: !!img?.complete && (img?.naturalWidth ?? 0) > 0,
    };
  });
}

// The stills of ?text=0 (scripts/widget-stills.ts renders them from the embed page under ?text=0) are shown there before
// the live frame, at 1:1 where they were rendered (760 px and 390 px viewports): the picture is the widget without its
// notes, as tall as the live widget's body then is (or the stills' 720 px crop), and the ordinary still is not fetched.
for (const { width, scheme } of [
  { width: 760, scheme: 'light' },
  { width: 390, scheme: 'dark' },
] as const) {
  for (const name of ['retrieval', 'latent-walk']) {
    test(`${name} embedded with ?text=0 at ${width} px (${scheme}): before live it shows the still without notes, as tall as the live body`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      const fetched = stillRequests(page);
      const release = await holdWeights(page);
      await page.goto(`embed/${name}/?text=0`);
      const host = page.locator(`#widget-${name} > vae-${name}`);
      await expect(host).toHaveAttribute('data-start', 'loading');
      const want = `${name}-text0${scheme === 'dark' ? '-dark' : ''}${width === 390 ? '-phone' : ''}.webp`;
      await expect.poll(async () => (await shownStill(page, name)).loaded).toBe(true);
      const before = await shownStill(page, name);
      expect(before.count, 'one still on show').toBe(1);
      expect(before.file).toBe(want);
      const reserved = (await host.boundingBox())!.height;
      await release();
      await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
      const body = (await host.locator('.widget__body').boundingBox())!.height;
      expect(Math.abs(before.height - Math.min(body, 720)), `still ${before.height} px, live body ${body} px`).toBeLessThanOrEqual(4);
      const live = (await host.boundingBox())!.height;
      expect(Math.abs(live - reserved), `live ${live} px, reserved ${reserved} px`).toBeLessThanOrEqual(4);
      expect(fetched, 'only the still on show is downloaded').toEqual([want]);
    });
  }
}

test('without ?text=0, an embed and a chapter show the ordinary still and never fetch a ?text=0 one', async ({ page }) => {
  const fetched = stillRequests(page);
  await holdWeights(page);
  for (const { width, scheme } of [
    { width: 1280, scheme: 'light' },
    { width: 390, scheme: 'dark' },
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    const want = `draw${scheme === 'dark' ? '-dark' : ''}${width === 390 ? '-phone' : ''}.webp`;
    for (const path of ['embed/draw/', 'chapters/autoencoders/']) {
      fetched.length = 0;
      await page.goto(path);
      const host = page.locator('#widget-draw > vae-draw');
      await host.scrollIntoViewIfNeeded();
      await expect.poll(async () => (await shownStill(page, 'draw')).loaded).toBe(true);
      const shown = await shownStill(page, 'draw');
      expect(shown.count).toBe(1);
      expect(shown.file, `${path} at ${width} px`).toBe(want);
      await page.waitForTimeout(300);
      expect(
        fetched.filter((f) => f.includes('-text0')),
        `${path}: no ?text=0 still fetched`,
      ).toEqual([]);
      expect(fetched.filter((f) => f.startsWith('draw'))).toEqual([want]);
    }
    // A chapter page does not even carry the ?text=0 stills.
    expect(await page.locator('.widget__still--text-off').count()).toBe(0);
  }
});

test('without JavaScript, ?text=0 does not apply: an embed shows the ordinary still, and no ?text=0 still is fetched', async ({
  browser,
  baseURL,
}) => {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, baseURL });
    const page = await context.newPage();
    const fetched = stillRequests(page);
    await page.goto('embed/draw/?text=0');
    const want = `draw${width === 390 ? '-phone' : ''}.webp`;
    await expect.poll(async () => (await shownStill(page, 'draw')).loaded).toBe(true);
    const shown = await shownStill(page, 'draw');
    expect(shown.count).toBe(1);
    expect(shown.file).toBe(want);
    await page.waitForTimeout(300);
    // Lazy loading is off without JavaScript, so hidden <img>s download; the ?text=0 ones must not.
    expect(fetched.filter((f) => f.includes('-text0'))).toEqual([]);
    await context.close();
  }
});

// Widgets whose reserved height once differed from their live one between measured widths: retrieval's columns come from a
// container query (its step fell between two measured widths, 46 px off at 700 px), train's plots kept the width they were
// first drawn at (103 px off at 700 px when the widget started at another width).
for (const name of ['retrieval', 'train']) {
  test(`${name}: the height reserved before it starts is its live height, at 390, 700 and 1280 px`, async ({ page }) => {
    // With Save-Data the widget waits for the reader, so its reserved box can be measured before it starts.
    await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
    for (const width of [390, 700, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`embed/${name}/`);
      const host = page.locator(`#widget-${name} > vae-${name}`);
      await expect(host).toHaveAttribute('data-start', 'ask');
      const reserved = (await host.boundingBox())!.height;
      await host.locator('.widget__start').click();
      await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
      await expect
        .poll(async () => Math.abs((await host.boundingBox())!.height - reserved), { message: `${name} at ${width} px: reserved ${reserved} px` })
        .toBeLessThanOrEqual(4);
    }
  });
}

test('a widget far down the page waits; within two screens it starts at an idle moment', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('chapters/elbo/');
  const last = page.locator('#widget-kl-vs-recon > vae-kl-vs-recon');
  await expect(last).toHaveAttribute('data-start', 'near');
  await expect(last.locator('.widget__badge')).toHaveText('not started');
  await last.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 2 * window.innerHeight + 100));
  await expect(last).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
});

test('with Save-Data, a widget loads only when the reader asks, and the button says how much it downloads', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
  const weights: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/weights/') || r.url().endsWith('.wasm')) weights.push(r.url());
  });
  await page.goto('embed/latent-walk/');
  const host = page.locator('#widget-latent-walk > vae-latent-walk');
  await expect(host).toHaveAttribute('data-start', 'ask');
  const button = host.getByRole('button', { name: /Load the live model \(\d+ KB\)/ });
  await expect(button).toBeVisible();
  await page.waitForTimeout(1500); // an idle moment passes: still nothing may load
  expect(weights, 'nothing downloaded before the reader asked').toEqual([]);
  await button.click();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  expect(weights.length).toBeGreaterThan(0);
});

test('a keyboard reader Tabs from the text into the draw widget: it starts and focus lands on its controls', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(chapterText['autoencoders']).toContain('<Widget name="draw"');
  await page.goto('chapters/autoencoders/');
  const host = page.locator('#widget-draw > vae-draw');
  // Focus the last link before the widget, as a reader who has Tabbed through the text so far.
  const before = await page.evaluate(() => {
    const widget = document.getElementById('widget-draw')!;
    const links = [...document.querySelectorAll<HTMLElement>('a[href], button, input, summary')].filter(
      (el) => el.compareDocumentPosition(widget) & Node.DOCUMENT_POSITION_FOLLOWING && el.offsetParent !== null,
    );
    const last = links.at(-1)!;
    last.focus();
    return last.outerHTML.slice(0, 80);
  });
  expect(before).toBeTruthy();
  await page.keyboard.press('Tab');
  await expect(host.locator('.widget__start')).toBeFocused();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('#widget-draw .widget__body')), { timeout: 10_000 }).toBe(true);
});

test('with no backend asked for, software WebGL is passed over for WASM, and the backend detail says why', async ({ page }) => {
  await page.goto('embed/latent-walk/');
  const host = page.locator('#widget-latent-walk > vae-latent-walk');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
  });
  // The reason is a quiet detail: inside a closed disclosure under the widget, not a line above the picture.
  const note = host.locator('.widget__backend-note');
  await expect(note).toBeHidden();
  await host.locator('.widget__about summary').click();
  await expect(note).toBeVisible();
  if (/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer)) {
    await expect(host.locator('.widget__badge')).toHaveText(/^(wasm|cpu)$/);
    await expect(note).toContainText(/Running on (WASM|CPU) because WebGL is software-rendered here \(.+\)/);
  } else {
    await expect(host.locator('.widget__badge')).toHaveText(renderer ? 'webgl' : /^(wasm|cpu)$/);
  }
  const bodyTop = await host.locator('.widget__body').evaluate((el) => el.getBoundingClientRect().top);
  const footTop = await host.locator('.widget__foot').evaluate((el) => el.getBoundingClientRect().top);
  expect(footTop, 'the backend detail sits below the picture').toBeGreaterThan(bodyTop);
});

test('when its weights cannot be loaded, the widget keeps its still beside the error, and Retry brings it live', async ({ page }) => {
  await page.route('**/weights/**/*.bin', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto('embed/latent-walk/');
  const host = page.locator('#widget-latent-walk > vae-latent-walk');
  await expect(host).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  const still = host.locator('.widget__still--light:not(.widget__still--text-off) img');
  await expect(still).toBeVisible();
  await expect(still).toHaveAttribute('src', /\/widgets\/latent-walk\.webp$/);
  expect(await still.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.unrouteAll({ behavior: 'wait' });
  await host.getByRole('button', { name: 'Retry' }).click();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(still).toBeHidden();
});

test('Embed this state gives an iframe snippet with exactly the state the reader set up', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('embed/latent-walk/?latent-walk.x=1.5&latent-walk.y=-0.5');
  const host = page.locator('#widget-latent-walk > vae-latent-walk');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await host.getByRole('button', { name: 'Embed this state' }).click();
  const code = host.locator('.widget__embed-code');
  await expect(code).toBeVisible();
  const snippet = await code.inputValue();
  expect(snippet).toMatch(/<iframe [^>]*src="[^"]*\/embed\/latent-walk\/\?[^"]*latent-walk\.x=1\.5/);
  expect(snippet).toContain('latent-walk.y=-0.5');
  expect(snippet).toContain('allow="clipboard-write"');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
});
