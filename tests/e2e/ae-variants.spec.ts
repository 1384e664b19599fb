// ae-variants, driven as a reader drives it: pick or draw a digit, push a code entry, under WebGL, WASM and CPU.
// The errors the widget shows are checked against the same models run here in Node (tfjs CPU), independently.
import { requestedBeforeReady } from './support/widgets.ts';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { expectTensorsBackTo, settledTensorCount } from './support/pixels.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../scripts/train/backend.ts';
import { decodeGreyPng } from '../../scripts/train/png.ts';
import { decodeLogits, encode } from '../../src/lib/models/model.ts';
import { decodeModel, spriteToDigits, toUnit, type ModelJson } from '../../src/lib/models/index.ts';
import { loadPlan } from '../../src/widgets/ae-variants/variants.ts';

const MODELS = ['ae-16', 'ae-deep', 'ae-conv', 'ae-sparse', 'dae'] as const;
const W = join(process.cwd(), 'weights');
const manifest = JSON.parse(readFileSync(join(W, 'manifest.json'), 'utf8'));

/** Reference numbers for held-out digit i, from the shipped files: BCE of the reconstruction and the code, per model. */
async function reference(i: number): Promise<Record<string, { bce: number; code: number[] }>> {
  await initBackend('cpu');
  const s = manifest.data.sprite;
  const png = decodeGreyPng(readFileSync(join(W, s.path)));
  const x = toUnit(spriteToDigits(png.pixels, png.width, s.count, s.cols)).slice(i * 784, (i + 1) * 784);
  const out: Record<string, { bce: number; code: number[] }> = {};
  for (const name of MODELS) {
    const rec = manifest.models[name];
    const shards: Record<string, Buffer> = {};
    let mj: ModelJson | null = null;
    for (const f of rec.files as { path: string }[]) {
      const buf = readFileSync(join(W, f.path));
      if (f.path === rec.modelJson) mj = JSON.parse(buf.toString('utf8')) as ModelJson;
      else shards[f.path.slice(name.length + 1)] = buf;
    }
    const model = decodeModel(mj!, shards);
    const [code, probs] = tf.tidy(() => {
      const { mu } = encode(model, tf.tensor2d(x, [1, 784]));
      return [Array.from(mu.dataSync()), Array.from(tf.sigmoid(decodeLogits(model, mu)).dataSync())];
    });
    // BCE written out pixel by pixel, not with the library's loss.
    let bce = 0;
    probs!.forEach((p, j) => {
      const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
      bce -= x[j]! * Math.log(q) + (1 - x[j]!) * Math.log(1 - q);
    });
    out[name] = { bce, code: code! };
    Object.values(model.params).forEach((t) => t.dispose());
  }
  return out;
}

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/ae-variants/?debug=1${query}`);
  const host = page.locator('vae-ae-variants');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return host;
}
const card = (page: Page, name: string) => page.locator(`vae-ae-variants .aev-card[data-model="${name}"]`);
async function allReady(page: Page): Promise<void> {
  for (const m of MODELS) {
    await expect(card(page, m)).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    await expect(card(page, m)).toHaveAttribute('data-stats', 'ready', { timeout: 90_000 });
  }
  await expect(page.locator('vae-ae-variants')).toHaveAttribute('data-ready-models', MODELS.join(','));
  // Everything has loaded and been measured, so the widget no longer says it is loading in the background.
  await expect(page.locator('vae-ae-variants')).not.toHaveAttribute('data-loading', 'true');
}
const shownError = async (page: Page, name: string) => Number(await card(page, name).locator('.aev-card__err').getAttribute('data-value'));
const nearZero = async (page: Page, name: string) => Number(await card(page, name).getAttribute('data-near-zero'));
/** Waits until the widget shows held-out digit i with all five models. */
async function showsDigit(page: Page, i: number): Promise<void> {
  await expect(page.locator('vae-ae-variants .aev__note').first()).toContainText(`#${i},`);
  await expect.poll(() => page.locator('vae-ae-variants').getAttribute('data-ready-models')).toBe(MODELS.join(','));
  await expect(page.locator('vae-ae-variants')).toHaveAttribute('data-digit', String(i));
}

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`ae-variants: five reconstructions, errors matching an independent computation, sizes from the manifest (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}&ae-variants.digit=3`);
    await expect(page.locator('vae-ae-variants .widget__badge')).toHaveText(backend);
    await allReady(page);
    await showsDigit(page, 3);
    await expect(host).toHaveAttribute('data-source', 'heldout');
    const ref = await reference(3);
    for (const m of MODELS) {
      const c = card(page, m);
      const shown = await shownError(page, m);
      expect(Math.abs(shown - ref[m]!.bce), `${m}: shown ${shown}, Node ${ref[m]!.bce}`).toBeLessThan(0.05 + 0.003 * ref[m]!.bce);
      await expect(c.locator('.aev-card__err')).toHaveText(`${ref[m]!.bce.toFixed(1)} nats`);
      const code = (await c.getAttribute('data-code'))!.split(',').map(Number);
      code.forEach((v, k) => expect(Math.abs(v - ref[m]!.code[k]!), `${m} entry ${k + 1}`).toBeLessThan(0.02 + 0.002 * Math.abs(v)));
      // The held-out loss and the size are the manifest's.
      const rec = manifest.models[m];
      await expect(c.locator('.aev-card__heldout')).toHaveText(`${rec.metrics.recon.toFixed(1)} nats`);
      await expect(c.locator('.aev-card__params')).toHaveText(rec.params.toLocaleString('en-US'));
      await expect(c.locator('.aev-card__bytes')).toHaveText(`${Math.round(rec.bytes / 1e3)} KB`);
      await expect(c.locator('svg.aev-bars rect.aev-bars__bar')).toHaveCount(16);
    }
  });
}

test('ae-variants: the sparse code has more near-zero entries than the plain one, digit after digit', async ({ page }) => {
  await open(page, '&ae-variants.digit=0');
  await allReady(page);
  const field = page.getByLabel('Held-out digit #');
  let sparse = 0;
  let plain = 0;
  for (const i of [0, 1, 2, 3, 4, 5]) {
    await field.fill(String(i));
    await field.press('Enter');
    await showsDigit(page, i);
    await expect.poll(() => card(page, 'ae-sparse').getAttribute('data-code')).not.toBe('');
    const ref = await reference(i);
    // The counts follow the widget's own codes; those codes match the Node reference.
    const code = (await card(page, 'ae-sparse').getAttribute('data-code'))!.split(',').map(Number);
    expect(Math.abs(code[0]! - ref['ae-sparse']!.code[0]!)).toBeLessThan(0.05);
    const s = await nearZero(page, 'ae-sparse');
    const p = await nearZero(page, 'ae-16');
    expect(s, `digit ${i}: sparse ${s} vs plain ${p}`).toBeGreaterThan(p);
    sparse += s;
    plain += p;
    await expect(card(page, 'ae-sparse').locator('.aev-card__sparsity')).toHaveText(`${s} of 16 entries near zero`);
  }
  expect(sparse).toBeGreaterThanOrEqual(plain + 12);
});

test('ae-variants: URL state round-trips, and every control works from the keyboard', async ({ page }) => {
  const host = await open(page, '&ae-variants.digit=42&ae-variants.push=7&ae-variants.base=mean');
  await allReady(page);
  await showsDigit(page, 42);
  await expect(host).toHaveAttribute('data-push', '7');
  await expect(page.getByRole('slider', { name: 'Push code entry' })).toHaveValue('7');
  await expect(page.getByRole('radio', { name: 'the average code' })).toBeChecked();
  for (const m of MODELS) {
    const c = card(page, m);
    const max = (await c.getAttribute('data-stats-max'))!.split(',').map(Number)[6]!;
    await expect(c).toHaveAttribute('data-push-target', max.toFixed(3));
    await expect(c.locator('.aev-card__fig--pushed figcaption')).toContainText(/Average code,\s*z₇ →/);
  }
  // Keyboard: the push slider, the base radios, the held-out field.
  const slider = page.getByRole('slider', { name: 'Push code entry' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-push', '8');
  await page.getByRole('radio', { name: 'this digit’s code' }).focus();
  await page.keyboard.press('Space');
  const field = page.getByLabel('Held-out digit #');
  await field.focus();
  await field.fill('10');
  await page.keyboard.press('Enter');
  await showsDigit(page, 10);
  await expect.poll(() => new URL(page.url()).searchParams.get('ae-variants.push')).toBe('8');
  expect(new URL(page.url()).searchParams.get('ae-variants.digit')).toBe('10');
  expect(new URL(page.url()).searchParams.get('ae-variants.base')).toBeNull(); // the default is left out
  const err10 = await shownError(page, 'ae-conv');
  // Reload the copied state: the same digit, entry and numbers.
  await page.goto(page.url());
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  await allReady(page);
  await showsDigit(page, 10);
  await expect(page.getByRole('slider', { name: 'Push code entry' })).toHaveValue('8');
  await expect(page.getByRole('radio', { name: 'this digit’s code' })).toBeChecked();
  expect(await shownError(page, 'ae-conv')).toBeCloseTo(err10, 3);
  // Pushing to 0 hides the pushed images; clicking a bar picks its entry.
  await slider.fill('0');
  await expect(host).toHaveAttribute('data-push', '0');
  await expect(card(page, 'ae-16').locator('.aev-card__fig--pushed')).toBeHidden();
  await card(page, 'dae').locator('rect.aev-bars__hit[data-entry="12"]').click();
  await expect(host).toHaveAttribute('data-push', '12');
  await expect(card(page, 'ae-16').locator('.aev-card__fig--pushed')).toBeVisible();
  // Malformed values fall back to defaults.
  await open(page, '&ae-variants.digit=abc&ae-variants.push=99&ae-variants.base=%3Cb%3E');
  await expect(page.locator('vae-ae-variants')).toHaveAttribute('data-push', '0');
  await showsDigit(page, 3);
});

test('ae-variants: a drawn digit is encoded by every model, on a 360 px touch screen', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  const host = await open(page);
  await allReady(page);
  const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollW).toBeLessThanOrEqual(360);
  await page.getByRole('button', { name: 'Clear' }).tap();
  await expect(host).toHaveAttribute('data-source', 'empty');
  await expect(card(page, 'ae-16').locator('.aev-card__err')).toHaveText('–');
  // A stroke (pointer events, as a finger sends them).
  const pad = page.locator('vae-ae-variants canvas.pad');
  const box = (await pad.boundingBox())!;
  const frames = Number(await host.getAttribute('data-frames'));
  await pad.dispatchEvent('pointerdown', {
    pointerId: 1,
    pointerType: 'touch',
    clientX: box.x + box.width * 0.5,
    clientY: box.y + box.height * 0.15,
    button: 0,
    isPrimary: true,
  });
  for (let t = 0; t <= 1; t += 0.1)
    await pad.dispatchEvent('pointermove', {
      pointerId: 1,
      pointerType: 'touch',
      clientX: box.x + box.width * (0.5 - 0.02 * t),
      clientY: box.y + box.height * (0.15 + 0.7 * t),
      isPrimary: true,
    });
  await pad.dispatchEvent('pointerup', {
    pointerId: 1,
    pointerType: 'touch',
    clientX: box.x + box.width * 0.48,
    clientY: box.y + box.height * 0.85,
    isPrimary: true,
  });
  await expect(host).toHaveAttribute('data-source', 'drawing');
  await expect.poll(async () => Number(await host.getAttribute('data-frames'))).toBeGreaterThan(frames);
  for (const m of MODELS) await expect(card(page, m).locator('.aev-card__err')).toHaveText(/^\d+\.\d nats$/);
  expect(new URL(page.url()).searchParams.get('ae-variants.digit')).toBe('-1');
  await page.getByRole('button', { name: 'Random held-out digit' }).tap();
  await expect(host).toHaveAttribute('data-source', 'heldout');
  await ctx.close();
});

test('ae-variants: opened on a digit that does not ship, the first frame comes within its 200 KB weight budget (weights/manifest.json); the rest arrive after, each card with its progress', async ({
  page,
}) => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const weightBytes = new Map<string, number>();
  page.on('response', async (res) => {
    const u = new URL(res.url());
    if (/\/weights\/[^/]+\/[^/]+\.(json|bin)$/.test(u.pathname)) weightBytes.set(u.pathname, (await res.body()).byteLength);
  });
  // The models the widget's plan leaves for after the first frame (computed as it does, from the manifest) wait at the gate.
  const plan = loadPlan(
    MODELS.map((name) => ({ name, bytes: manifest.models[name].files.reduce((s: number, f: { bytes: number }) => s + f.bytes, 0) })),
    manifest.budget.firstFrameLimit,
  );
  expect(plan.later.length, 'some models load after the first frame').toBeGreaterThan(0);
  for (const name of plan.later)
    await page.route(`**/weights/${name}/**`, async (route) => {
      await gate;
      await route.continue();
    });
  const host = await open(page, '&ae-variants.digit=5');
  const first = (await host.getAttribute('data-first-frame-models'))!.split(',');
  expect(first).toEqual(plan.first);
  expect(Number(await host.getAttribute('data-first-frame-bytes'))).toBeLessThanOrEqual(manifest.budget.firstFrameLimit);
  await expect(host).toHaveAttribute('data-ready-models', first.join(','));
  // The first of the rest is downloading (held at the gate), with its progress on its card.
  const next = plan.later[0]!;
  await expect(card(page, next)).toHaveAttribute('data-state', 'loading');
  await expect(card(page, next).locator('.aev-card__status')).toContainText(`Downloading ${next}`);
  const before = [...weightBytes.values()].reduce((a, b) => a + b, 0);
  expect(before, JSON.stringify([...weightBytes])).toBeLessThanOrEqual(manifest.budget.firstFrameLimit);
  release();
  await allReady(page);
});

test('ae-variants: a model that fails to load says so on its card and retries; a failed start offers Retry', async ({ page }) => {
  let fail = true;
  await page.route('**/weights/ae-conv/ae-conv.decoder.bin', (route) => (fail ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  await open(page);
  await expect(card(page, 'ae-conv')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(card(page, 'ae-conv').getByRole('alert')).toContainText('HTTP 503');
  await expect(card(page, 'ae-16')).toHaveAttribute('data-state', 'ready');
  fail = false;
  await card(page, 'ae-conv').getByRole('button', { name: 'Retry ae-conv' }).click();
  await expect(card(page, 'ae-conv')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(card(page, 'ae-conv').locator('.aev-card__err')).toHaveText(/nats/);

  const page2 = await page.context().newPage();
  let spriteDown = true;
  await page2.route('**/weights/data/heldout-*.png', (route) => (spriteDown ? route.abort() : route.continue()));
  // (A digit the first frame does not ship, so that the first frame needs its chunk.)
  await page2.goto('embed/ae-variants/?ae-variants.digit=5');
  const host2 = page2.locator('vae-ae-variants');
  await expect(host2).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  await expect(page2.locator('vae-ae-variants .widget__error')).toContainText(/heldout-\d+\.png/);
  spriteDown = false;
  await page2.getByRole('button', { name: 'Retry' }).click();
  await expect(host2).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
});

test('ae-variants: every tensor is freed across hundreds of interactions', async ({ page }) => {
  test.setTimeout(240_000);
  const host = await open(page, '&backend=cpu');
  await allReady(page);
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  const slider = page.getByRole('slider', { name: 'Push code entry' });
  await slider.focus();
  for (let i = 0; i < 120; i++) await page.keyboard.press(i % 5 === 4 ? 'ArrowLeft' : 'ArrowRight');
  await page.getByRole('radio', { name: 'the average code' }).check();
  for (let i = 0; i < 30; i++) await page.getByRole('button', { name: 'Random held-out digit' }).click();
  await page.getByRole('radio', { name: 'this digit’s code' }).check();
  const box = (await page.locator('vae-ae-variants canvas.pad').boundingBox())!;
  for (let i = 0; i < 10; i++) {
    await page.mouse.move(box.x + box.width * (0.3 + 0.03 * i), box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 5 });
    await page.mouse.up();
  }
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('button', { name: 'Random held-out digit' }).click();
  await expect.poll(() => host.getAttribute('data-source')).toBe('heldout');
  await expectTensorsBackTo(page, baseline);
});

test('ae-variants: the default digit’s first frame comes shipped, without TensorFlow.js or a model, and matches the models run in Node', async ({
  page,
}) => {
  // Every model waits at a gate until the shipped frame has been checked.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  for (const name of MODELS)
    await page.route(`**/weights/${name}/${name}.*.bin`, async (route) => {
      await gate;
      await route.continue();
    });
  const host = await open(page);
  const before = await requestedBeforeReady(page, 'ae-variants');
  expect(before.some((p) => p.endsWith('ae-16/ae-variants-frames.png'))).toBe(true);
  expect(before.filter((p) => /\.bin$|heldout-\d+\.png|\.wasm$/.test(p))).toEqual([]);
  await expect(host).toHaveAttribute('data-first-frame-models', '');
  await expect(host).toHaveAttribute('data-ready-models', MODELS.join(','));
  await showsDigit(page, 3);
  const ref = await reference(3);
  for (const m of MODELS) {
    const c = card(page, m);
    await expect(c).toHaveAttribute('data-shipped', 'true');
    await expect(c.locator('.aev-card__err')).toHaveText(`${ref[m]!.bce.toFixed(1)} nats`);
    const code = (await c.getAttribute('data-code'))!.split(',').map(Number);
    code.forEach((v, k) => expect(Math.abs(v - ref[m]!.code[k]!), `${m} entry ${k + 1}`).toBeLessThan(1e-3));
    await expect(c.locator('.aev-card__heldout')).toHaveText(`${manifest.models[m].metrics.recon.toFixed(1)} nats`);
  }
  // The bars are drawn on the held-out code range from the start, so they keep their scale when the models come.
  const shippedRange = await card(page, 'ae-16').locator('svg.aev-bars').getAttribute('data-range');
  // Another digit before the models have come: every card shows its download instead of the old digit's numbers.
  const field = page.getByLabel('Held-out digit #');
  await field.fill('5');
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-digit', '5');
  for (const m of MODELS) {
    await expect(card(page, m)).toHaveAttribute('data-state', 'loading');
    await expect(card(page, m)).not.toHaveAttribute('data-shipped', 'true');
  }
  await expect(host).toHaveAttribute('data-ready-models', '');
  release();
  await allReady(page);
  await showsDigit(page, 5);
  // Back on the default digit, now computed live: the same numbers as shipped.
  await field.fill('3');
  await field.press('Enter');
  await showsDigit(page, 3);
  for (const m of MODELS) {
    await expect(card(page, m)).not.toHaveAttribute('data-shipped', 'true');
    await expect(card(page, m).locator('.aev-card__err')).toHaveText(`${ref[m]!.bce.toFixed(1)} nats`);
  }
  await expect(card(page, 'ae-16').locator('svg.aev-bars')).toHaveAttribute('data-range', shippedRange!);
});
