// Fault tests: broken or corrupted weights, no WebGL, a lost WebGL context, no JavaScript, hostile URLs, event floods, long training.
// In every case the article stays readable and nothing is thrown uncaught. Widgets come from the registry (ready: true).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { builtPages } from './support/site.ts';
import { hostOf, readyWidgets, stateKeys, usesTf, watchErrors } from './support/widgets.ts';

const tfWidgets = readyWidgets.filter(usesTf);

/** Opens a widget's embed page and waits until it is ready or shows an error. */
async function openWidget(page: Page, name: string, query = 'backend=cpu') {
  await page.goto(`embed/${name}/?${query}`);
  const host = hostOf(page, name);
  await expect(host).toHaveAttribute('data-ready', /true|error/, { timeout: 60_000 });
  return host;
}

/** The page still reads as an article: its heading and surrounding text are there. */
async function expectReadable(page: Page) {
  await expect(page.locator('h1')).toBeVisible();
  expect((await page.locator('main, body').first().innerText()).length).toBeGreaterThan(40);
}

test('every widget folder is registered ready, so every widget gets these tests; only kl-sandbox and reparam run without TensorFlow.js', () => {
  const folders = readdirSync(join(process.cwd(), 'src', 'widgets'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'runtime' && d.name !== 'shared')
    .map((d) => d.name);
  expect([...readyWidgets].sort()).toEqual(folders.sort());
  expect(readyWidgets.filter((n) => !usesTf(n)).sort()).toEqual(['kl-sandbox', 'reparam']);
});

for (const name of tfWidgets) {
  test(`${name}: corrupted weights are refused, a 404 gives a clear message, and Retry works once the network is back`, async ({ page }) => {
    const errors = watchErrors(page);
    const isManifest = (url: string) => url.endsWith('/manifest.json');
    // 1. Every weights file but the manifest has one flipped byte: same size, different sha256.
    await page.route('**/weights/**', async (route) => {
      if (isManifest(route.request().url())) return route.continue();
      const res = await route.fetch();
      const body = Buffer.from(await res.body());
      const mid = body.length >> 1;
      body[mid] = (body[mid] ?? 0) ^ 0xff;
      return route.fulfill({ response: res, body });
    });
    const host = await openWidget(page, name);
    const alert = host.locator('.widget__error');
    await expect(host).toHaveAttribute('data-ready', 'error');
    await expect(alert).toContainText(/corrupted: its checksum does not match the manifest, so it was refused/);
    await expectReadable(page);
    // 2. The weights answer 404: the message says so, with a Retry button. The widget shows its error at the first bad
    // file, while other downloads may still be in the handler: wait for them, or Playwright may hand their requests on.
    await page.unrouteAll({ behavior: 'wait' });
    await page.route('**/weights/**', (route) =>
      isManifest(route.request().url()) ? route.continue() : route.fulfill({ status: 404, body: 'Not found' }),
    );
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(alert).toContainText(/Could not download .*HTTP 404/);
    await expect(host).toHaveAttribute('data-ready', 'error');
    await expectReadable(page);
    // 3. The network is back: Retry loads the widget.
    await page.unrouteAll({ behavior: 'wait' });
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await expect(alert).toBeHidden();
    expect(errors).toEqual([]);
  });

  test(`${name}: without WebGL it falls back to WASM or CPU and says so`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      for (const proto of [HTMLCanvasElement.prototype, ...(typeof OffscreenCanvas === 'undefined' ? [] : [OffscreenCanvas.prototype])]) {
        const original = proto.getContext as (this: unknown, kind: string, ...rest: unknown[]) => unknown;
        Object.defineProperty(proto, 'getContext', {
          value(this: unknown, kind: string, ...rest: unknown[]) {
            return /webgl/i.test(kind) ? null : original.call(this, kind, ...rest);
          },
        });
      }
    });
    // The page asks a worker which renderer WebGL has (runtime/webgl-probe.worker.ts): no WebGL there either.
    let probed = false;
    await page.route('**/webgl-probe.worker-*.js', async (route) => {
      probed = true;
      const original = await route.fetch();
      const stub = `const getContext = OffscreenCanvas.prototype.getContext; OffscreenCanvas.prototype.getContext = function (kind, ...rest) { return /webgl/i.test(kind) ? null : getContext.call(this, kind, ...rest); };\n`;
      await route.fulfill({ response: original, body: stub + (await original.text()) });
    });
    const host = await openWidget(page, name, '');
    await expect(host).toHaveAttribute('data-ready', 'true');
    await expect.poll(() => probed, { message: 'the WebGL probe ran in its worker' }).toBe(true);
    await expect(host.locator('.widget__badge')).toHaveText(/^(wasm|cpu)$/);
    await expect(host.locator('.widget__badge')).toHaveAttribute('title', /webgl unavailable/);
    await expect(host.locator('.widget__backend-note')).toContainText(/Running on (WASM|CPU) because webgl unavailable/);
    await expectReadable(page);
    expect(errors).toEqual([]);
  });
}

test('cvae: weights that time out give a message and a Retry that works', async ({ page }) => {
  const errors = watchErrors(page);
  await page.route('**/weights/**/*.bin', (route) => route.abort('timedout'));
  const host = await openWidget(page, 'cvae');
  await expect(host.locator('.widget__error')).toContainText(/Could not download .*(connection failed or timed out)/);
  await page.unroute('**/weights/**/*.bin');
  await host.getByRole('button', { name: 'Retry' }).click();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

test('cvae: a WebGL context lost in the middle of use falls back to WASM, says so, and keeps decoding', async ({ page }) => {
  const errors = watchErrors(page);
  const host = await openWidget(page, 'cvae', 'backend=webgl&debug=1');
  await expect(host.locator('.widget__badge')).toHaveText('webgl');
  const z1 = host.getByRole('slider', { name: 'z₁' });
  await z1.focus();
  await page.keyboard.press('End');
  const max = await z1.evaluate((r) => Number((r as HTMLInputElement).max).toFixed(2));
  await expect(host).toHaveAttribute('data-z', new RegExp(`^${max.replace('.', '\\.')},`));
  const before = await host.getAttribute('data-z');
  expect(await page.evaluate(() => window.__vaeDebug?.loseWebgl?.())).toBe(true);
  await expect(host.locator('.widget__badge')).toHaveText(/^(wasm|cpu)$/, { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host.locator('.widget__backend-note')).toContainText('because webgl unavailable (the WebGL context was lost)');
  // The rebuilt widget keeps its state (from the URL) and still decodes.
  await expect(host).toHaveAttribute('data-z', before!);
  const frames = Number(await host.getAttribute('data-frames'));
  await host.getByRole('slider', { name: 'z₂' }).focus();
  await page.keyboard.press('Home');
  await expect(host).not.toHaveAttribute('data-z', before!);
  expect(Number(await host.getAttribute('data-frames'))).toBeGreaterThan(frames);
  expect(errors).toEqual([]);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });
  for (const path of builtPages().filter((p) => p.startsWith('chapters/'))) {
    test(`/${path}: the text, the math and the static figures are all there`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      expect(await page.locator('main p').count(), 'paragraphs').toBeGreaterThan(5);
      const math = page.locator('.katex');
      expect(await math.count(), 'typeset math').toBeGreaterThan(0);
      const mathBox = await math.first().boundingBox();
      expect(mathBox?.width ?? 0, 'math has a size (KaTeX CSS applied)').toBeGreaterThan(0);
      await expect(page.locator('.katex-error')).toHaveCount(0);
      // Every picture the reader sees (a widget's still comes in a light and a dark version; only one of them shows).
      const images = page.locator('main img:visible');
      const n = await images.count();
      for (let i = 0; i < n; i++) {
        await images.nth(i).scrollIntoViewIfNeeded();
        await expect
          .poll(() => images.nth(i).evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), {
            message: `image ${i} loads`,
          })
          .toBeGreaterThan(0);
      }
      // Each live widget says it needs JavaScript instead of showing a dead control.
      const live = page.locator('.widget > :not(script, .widget__placeholder)');
      for (let i = 0; i < (await live.count()); i++) await expect(live.nth(i).locator('.widget__note')).toContainText('needs JavaScript');
    });
  }
});

/** Malformed numbers interleaved with injection attempts, so that even a widget with two keys gets one of each. */
const HOSTILE = [
  'NaN',
  '<img src=x onerror="window.__pwned=1">',
  '1e999',
  '"><script>window.__pwned=1</script>',
  '-1e308',
  'javascript:window.__pwned=1',
  '99999999999999999999',
  '__proto__',
  'Infinity',
  '0x1f',
  '',
];

/** The widget's data-* attributes, without counters and timings that differ from run to run. */
async function publicState(page: Page, name: string): Promise<Record<string, string>> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return hostOf(page, name).evaluate((el) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((el as HTMLElement).dataset))
      if (!/frames|count|ms|time|step|params|loss|elbo|rate|playing/i.test(k) && v !== undefined) out[k] = v;
    return out;
  });
}

for (const name of readyWidgets) {
  test(`${name}: a malformed or hostile URL gives the defaults and never becomes HTML`, async ({ page }) => {
    const errors = watchErrors(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openWidget(page, name);
    const defaults = await publicState(page, name);
    const keys = await stateKeys(name);
    expect(keys.length, `${name}/state.ts exports a URL-state schema`).toBeGreaterThan(0);
    for (const offset of [0, 1]) {
      const q = new URLSearchParams({ backend: 'cpu' });
      keys.forEach((k, i) => q.append(`${name}.${k}`, HOSTILE[(i + offset) % HOSTILE.length]!));
      q.append(`${name}.__proto__`, '1');
      q.append(`${name}.<script>alert(1)</script>`, HOSTILE[3]!);
      q.append('unknown.key', HOSTILE[1]!);
      const host = await openWidget(page, name, q.toString());
      await expect(host).toHaveAttribute('data-ready', 'true');
      expect(await publicState(page, name), `state from ${q}`).toEqual(defaults);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"], [onerror], [onload], a[href^="javascript:"]').count()).toBe(0);
      await expect(page.locator('script:not([src])')).toHaveCount(1); // only the hashed theme script
      expect(await page.content()).not.toContain('window.__pwned=1</script>');
    }
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
}

for (const name of tfWidgets) {
  test(`${name}: 1,000 rapid slider events leave no extra tensors and no backlog`, async ({ page }) => {
    const errors = watchErrors(page);
    const host = await openWidget(page, name, 'backend=cpu&debug=1');
    await expect(host).toHaveAttribute('data-ready', 'true');
    // A widget that goes on loading after its first frame (ae-variants) says so; its models count in the baseline.
    await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 90_000 });
    await page.waitForLoadState('networkidle');
    const ranges = host.locator('input[type=range]:not([disabled])');
    test.skip((await ranges.count()) === 0, `${name} has no slider`);
    const baseline = await page.evaluate(() => window.__vaeDebug!.numTensors());
    const last = await ranges.first().evaluate((r) => {
      const range = r as HTMLInputElement;
      const [min, max] = [Number(range.min || 0), Number(range.max || 100)];
      for (let i = 0; i < 1000; i++) {
        range.value = String(min + ((max - min) * ((i * 7919) % 1000)) / 999);
        range.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return range.value;
    });
    await expect.poll(() => page.evaluate(() => window.__vaeDebug!.numTensors()), { message: 'tensors back to the baseline' }).toBe(baseline);
    await expect(ranges.first()).toHaveValue(last);
    expect(errors).toEqual([]);
  });
}

test('cvae: after 1,000 slider events the last value is what is decoded, with no backlog of decodes', async ({ page }) => {
  const host = await openWidget(page, 'cvae', 'backend=cpu&debug=1');
  const frames = Number(await host.getAttribute('data-frames'));
  await host.getByRole('slider', { name: 'z₁' }).evaluate((r) => {
    const range = r as HTMLInputElement;
    for (let i = 0; i < 1000; i++) {
      range.value = (((i * 37) % 600) / 100 - 3).toFixed(2);
      range.dispatchEvent(new Event('input', { bubbles: true }));
    }
    range.value = '2.5';
    range.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(host).toHaveAttribute('data-z', /^2\.50,/);
  // Latest wins: one decode already running plus the newest pending one, never one per event.
  expect(Number(await host.getAttribute('data-frames')) - frames).toBeLessThanOrEqual(2);
  expect(page.url()).toContain('cvae.x=2.5');
});

test('latent-walk: a 1,000-event drag ends with the last position decoded and no extra tensors', async ({ page }) => {
  const host = await openWidget(page, 'latent-walk', 'backend=cpu&debug=1');
  await page.waitForLoadState('networkidle');
  const baseline = await page.evaluate(() => window.__vaeDebug!.numTensors());
  const svg = host.locator('.lmap__svg');
  const box = (await svg.boundingBox())!;
  // Record the press and what it landed on (the map, or the cursor's handle over it, which then holds the pointer).
  await page.evaluate(() =>
    document.addEventListener('pointerdown', (e) => Object.assign(window, { __pid: e.pointerId, __pressed: e.target }), { capture: true }),
  );
  // A real press (so the map captures the pointer), then 1,000 moves dispatched at once: faster than any decode can keep up with.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await svg.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const { __pid: pointerId, __pressed: target } = window as unknown as { __pid: number; __pressed: Element };
    for (let i = 1; i <= 1000; i++) {
      const t = i / 1000;
      const [fx, fy] = t < 0.5 ? [0.5 + 0.6 * t, 0.5 - 0.6 * t] : [0.8 - (t - 0.5), 0.2 + (t - 0.5)];
      const init = { pointerId, isPrimary: true, pointerType: 'mouse', bubbles: true, clientX: r.x + fx * r.width, clientY: r.y + fy * r.height };
      target.dispatchEvent(new PointerEvent('pointermove', init));
    }
  });
  await page.mouse.up();
  const cursor = page.getByRole('slider', { name: /Latent map cursor/ });
  const shown = async () => {
    const [, z1, z2] = /z₁ = (\S+), z₂ = (\S+)/.exec((await cursor.getAttribute('aria-valuetext')) ?? '') ?? [];
    return `${(z1 ?? '').replace('−', '-')},${(z2 ?? '').replace('−', '-')}`;
  };
  const target = await shown();
  expect(target).toMatch(/^-\d\.\d\d,-\d\.\d\d$/);
  await expect(host).toHaveAttribute('data-z', target);
  await expect.poll(() => page.evaluate(() => window.__vaeDebug!.numTensors())).toBe(baseline);
});

test('train: 60 seconds of live training keep tensors and memory flat', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const host = await openWidget(page, 'train', 'backend=cpu&debug=1');
  await expect(host).toHaveAttribute('data-ready', 'true');
  await page
    .getByRole('button', { name: /^(play|train|start)/i })
    .first()
    .click();
  const cdp = await page.context().newCDPSession(page);
  /** Live tensors and the JS heap after a full garbage collection (so garbage not yet collected does not count). */
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    return { tensors: await page.evaluate(() => window.__vaeDebug!.numTensors()), heap, step: Number(await host.getAttribute('data-step')) };
  };
  await page.waitForTimeout(10_000);
  const early = await sample();
  await page.waitForTimeout(50_000);
  const late = await sample();
  expect(late.step, 'training went on (data-step grew)').toBeGreaterThan(early.step);
  expect(late.tensors, 'tensors after 60 s vs after 10 s').toBeLessThanOrEqual(early.tensors + 2);
  expect(late.heap, 'JS heap after 60 s vs after 10 s').toBeLessThan(early.heap * 1.2 + 2_000_000);
  console.log(
    `train: ${late.tensors} tensors; JS heap ${(early.heap / 1e6).toFixed(1)} MB after 10 s, ${(late.heap / 1e6).toFixed(1)} MB after 60 s`,
  );
  expect(errors).toEqual([]);
});
