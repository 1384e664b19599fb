// The anomaly widget, driven as a reader drives it: each kind of anomaly at its default strength gives the AUC that
// scripts/eval-anomaly.ts wrote into the manifest; the threshold moves the operating point; strengths, links, keyboard, tensors.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectTensorsBackTo, settledTensorCount } from './support/pixels.ts';
import { holdRequests } from './support/hold.ts';

const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8')) as { models: Record<string, { metrics: Record<string, number> }> };
const metrics = manifest.models['vae-16d']!.metrics;
/** Kinds by radio label, with their manifest metric. */
const KINDS = [
  ['Gaussian noise', 'noise', 'anomalyAucNoise'],
  ['Rotation', 'rotate', 'anomalyAucRotate'],
  ['Inverted colours', 'invert', 'anomalyAucInvert'],
  ['Ink block', 'block', 'anomalyAucBlock'],
  ['Random strokes', 'strokes', 'anomalyAucStrokes'],
  ['Uniform noise', 'uniform', 'anomalyAucUniform'],
] as const;

/** Opens the embed page and waits for the first frame and for vae-16d, which downloads after it. */
async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/anomaly/?debug=1${query}`);
  const host = page.locator('vae-anomaly');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  await expect(host).toHaveAttribute('data-frames', /\d/);
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 90_000 });
  return host;
}

/** Serves the manifest without vae-16d's shipped first-frame scores: the widget then scores everything with the model. */
const withoutShippedScores = (page: Page) =>
  page.route('**/weights/manifest.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    delete json.models['vae-16d'].assets.anomalyScores;
    await route.fulfill({ response: res, json });
  });

const num = async (host: Locator, name: string) => Number(await host.getAttribute(`data-${name}`));
/** Waits until the plots show kind|strength|threshold (threshold as a pattern when not known). */
const rendered = (host: Locator, key: string | RegExp) => expect(host).toHaveAttribute('data-rendered', key);

for (const scores of ['shipped', 'computed'] as const)
  test(`anomaly: every kind at its default strength gives the AUC the book’s script wrote into the manifest (scores ${scores})`, async ({ page }) => {
    test.setTimeout(180_000);
    // shipped: the first-frame scores the script stored; computed: a manifest without them, so the browser scores every set itself.
    if (scores === 'computed') await withoutShippedScores(page);
    const host = await open(page);
    await expect(host).toHaveAttribute('data-scores', scores);
    for (const [label, kind, metric] of KINDS) {
      expect(metrics[metric], `${metric} in weights/manifest.json (node scripts/eval-anomaly.ts --write)`).toBeDefined();
      await page.getByRole('radio', { name: label }).check();
      await rendered(host, new RegExp(`^${kind}\\|`));
      const auc = await num(host, 'auc');
      expect(Math.abs(auc - metrics[metric]!), `${kind}: live ${auc}, manifest ${metrics[metric]}`).toBeLessThanOrEqual(0.005);
      expect(await num(host, 'manifest-auc')).toBe(metrics[metric]);
      await expect(page.locator('vae-anomaly .anom__auc')).toContainText(`the book’s script: ${metrics[metric]!.toFixed(3)}`);
    }
  });

test('anomaly: the threshold moves the operating point along the ROC curve (slider, keys and number field)', async ({ page }) => {
  const host = await open(page);
  await rendered(host, /^rotate\|90\|\d+$/);
  // The default threshold flags at most 5% of the held-out digits.
  const t0 = await num(host, 'threshold');
  expect(await num(host, 'fpr')).toBeLessThanOrEqual(0.05);
  expect(await num(host, 'fpr')).toBeGreaterThan(0.03);
  const tpr0 = await num(host, 'tpr');
  expect(tpr0).toBeGreaterThan(0.3);
  await expect(page.locator('vae-anomaly .anom__fpr')).toHaveText(`${((await num(host, 'fpr')) * 100).toFixed(1)}%`);
  // A lower threshold catches more of both.
  const slider = page.getByRole('slider', { name: 'Threshold (nats)' });
  for (let i = 0; i < 10; i++) await slider.press('ArrowLeft');
  await expect.poll(() => num(host, 'threshold')).toBeLessThan(t0);
  expect(await num(host, 'tpr')).toBeGreaterThanOrEqual(tpr0);
  expect(await num(host, 'fpr')).toBeGreaterThan(0.05);
  expect(new URL(page.url()).searchParams.get('anomaly.threshold')).toBe(String(await num(host, 'threshold')));
  // A click on the histogram puts the threshold under the pointer: the right end of the axis flags almost nothing.
  const hist = page.locator('vae-anomaly svg.anom-hist');
  const hb = (await hist.boundingBox())!;
  await hist.click({ position: { x: hb.width * 0.95, y: hb.height * 0.5 } });
  await expect.poll(() => num(host, 'threshold')).toBeGreaterThan(t0);
  expect(await num(host, 'fpr')).toBe(0);
  expect(new URL(page.url()).searchParams.get('anomaly.threshold')).toBe(String(await num(host, 'threshold')));
  // The ends of the curve: nothing flagged, everything flagged.
  const field = page.locator('vae-anomaly [data-control="threshold-number"]');
  await field.fill('20000');
  await field.press('Enter');
  await rendered(host, 'rotate|90|20000');
  expect([await num(host, 'tpr'), await num(host, 'fpr')]).toEqual([0, 0]);
  await field.fill('10');
  await field.press('Enter');
  await rendered(host, 'rotate|90|10');
  expect([await num(host, 'tpr'), await num(host, 'fpr')]).toEqual([1, 1]);
  // The ROC dot sits at (FPR, TPR) = (1, 1): the top-right corner of the plot, where the curve ends.
  const dot = page.locator('vae-anomaly .anom-roc__dot');
  const d = await page.locator('vae-anomaly .anom-roc__curve').getAttribute('d');
  const last = d!.split(/[ML]/).filter(Boolean).at(-1)!.split(',').map(Number);
  expect(Number(await dot.getAttribute('cx'))).toBeCloseTo(last[0]!, 3);
  expect(Number(await dot.getAttribute('cy'))).toBeCloseTo(last[1]!, 3);
});

test('anomaly: one random stroke scores a better ELBO than real digits (AUC below ½); eight strokes are caught', async ({ page }) => {
  const host = await open(page, '&anomaly.kind=strokes');
  await rendered(host, /^strokes\|3\|/);
  const field = page.locator('vae-anomaly [data-control="strength-number"]');
  await field.fill('1');
  await field.press('Enter');
  await rendered(host, /^strokes\|1\|/);
  expect(await num(host, 'auc')).toBeLessThan(0.5);
  await expect(host).not.toHaveAttribute('data-manifest-auc', /./);
  await expect(page.locator('vae-anomaly .anom__caption')).toHaveAttribute('data-text', /better ELBO than real digits/);
  // The four anomalies nearest the threshold are shown with their scores, in order.
  const scores = (await page.locator('vae-anomaly .anom__fig--anomalous .anom__scores').textContent())!
    .split(' · ')
    .map((s) => Number(s.replace(/,/g, '')));
  expect(scores).toHaveLength(4);
  expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  await page.getByRole('slider', { name: 'Strokes' }).focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await rendered(host, /^strokes\|8\|/);
  expect(await num(host, 'auc')).toBeGreaterThan(0.95);
  expect(new URL(page.url()).searchParams.get('anomaly.strength')).toBe('8');
});

test('anomaly: a link reproduces kind, strength and threshold; bad values fall back to the defaults', async ({ page, context }) => {
  const host = await open(page, '&anomaly.kind=block&anomaly.strength=15&anomaly.threshold=250');
  await rendered(host, 'block|15|250');
  const auc = await host.getAttribute('data-auc');
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.locator('vae-anomaly')).toHaveAttribute('data-rendered', 'block|15|250', { timeout: 90_000 });
  expect(await other.locator('vae-anomaly').getAttribute('data-auc')).toBe(auc);
  await expect(other.getByRole('radio', { name: 'Ink block' })).toBeChecked();
  const bad = await context.newPage();
  await bad.goto('embed/anomaly/?anomaly.kind=%3Cb%3E&anomaly.strength=999&anomaly.threshold=abc');
  await expect(bad.locator('vae-anomaly')).toHaveAttribute('data-rendered', /^rotate\|90\|\d+$/, { timeout: 90_000 });
});

test('anomaly: every tensor is freed across kind and strength changes', async ({ page }) => {
  const host = await open(page);
  await rendered(host, /^rotate\|90\|/);
  const baseline = await settledTensorCount(page);
  for (const [label, kind] of KINDS) {
    await page.getByRole('radio', { name: label }).check();
    await rendered(host, new RegExp(`^${kind}\\|`));
  }
  const slider = page.getByRole('slider', { name: 'Brightest pixel' });
  for (let i = 0; i < 15; i++) await slider.press('ArrowRight');
  await rendered(host, /^uniform\|0\.2\|/);
  await expectTensorsBackTo(page, baseline);
});

test('anomaly: on a 390 px touch screen, a tap picks the kind and a tap on the threshold slider moves it', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  const host = await open(page);
  await rendered(host, /^rotate\|90\|/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('radio', { name: 'Inverted colours' }).tap();
  await rendered(host, /^invert\|1\|/);
  expect(await num(host, 'auc')).toBeGreaterThan(0.99);
  const before = await num(host, 'threshold');
  const slider = page.getByRole('slider', { name: 'Threshold (nats)' });
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  await page.touchscreen.tap(box.x + box.width * 0.9, box.y + box.height / 2);
  await expect.poll(() => num(host, 'threshold')).toBeGreaterThan(before);
  await ctx.close();
});

test('anomaly: the first frame comes from the shipped scores before vae-16d; a new strength waits for the model and is scored live', async ({
  page,
}) => {
  const release = await holdRequests(page, '**/weights/vae-16d/*.bin', (u) => u.includes('anomaly-scores'));
  await page.goto('embed/anomaly/?debug=1');
  const host = page.locator('vae-anomaly');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  await expect(host).toHaveAttribute('data-scores', 'shipped');
  await expect(host).toHaveAttribute('data-model', 'loading');
  await rendered(host, /^rotate\|90\|\d+$/);
  expect(await num(host, 'auc')).toBeCloseTo(metrics.anomalyAucRotate!, 3);
  // Another kind at its default strength needs no model either.
  await page.getByRole('radio', { name: 'Ink block' }).check();
  await rendered(host, /^block\|10\|/);
  // A strength of the reader's own waits for vae-16d, and says so.
  const field = page.locator('vae-anomaly [data-control="strength-number"]');
  await field.fill('14');
  await field.press('Enter');
  await expect(page.locator('vae-anomaly .anom__caption')).toHaveAttribute('data-text', /Downloading vae-16d/);
  release('pass');
  await rendered(host, /^block\|14\|/);
  await expect(host).toHaveAttribute('data-model', 'ready');
  expect(await num(host, 'auc')).not.toBeCloseTo(metrics.anomalyAucBlock!, 3);
  await expect(host).not.toHaveAttribute('data-loading', 'true');
});

test('anomaly: when vae-16d fails to download, a new strength says so and its Retry scores it once the network is back', async ({ page }) => {
  const release = await holdRequests(page, '**/weights/vae-16d/*.bin', (u) => u.includes('anomaly-scores'));
  await page.goto('embed/anomaly/?debug=1');
  const host = page.locator('vae-anomaly');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  release('fail');
  await expect(host).toHaveAttribute('data-model', 'error');
  const slider = page.getByRole('slider', { name: 'Angle (degrees)' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('vae-anomaly .anom__caption')).toHaveAttribute('data-text', /could not be scored.*HTTP 503/);
  const retry = page.locator('vae-anomaly').getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();
  await page.unroute('**/weights/vae-16d/*.bin');
  await retry.press('Enter');
  await expect(host).toHaveAttribute('data-model', 'ready');
  await rendered(host, /^rotate\|(?!90\|)\d+\|/);
  await expect(retry).toBeHidden();
});
