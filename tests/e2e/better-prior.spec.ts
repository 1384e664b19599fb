// The better-prior widget, driven as a reader drives it: samples from the prior and from the mixture fitted to the codes,
// judged by the classifier; draws by button and R key until the running numbers can be compared with the manifest's
// 2,000-sample ones; the left column's switch; a link that reproduces the draws; a phone; no tensors left behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { diff, expectTensorsBackTo, ink, settledTensorCount } from './support/pixels.ts';

const manifest = JSON.parse(readFileSync(join(process.cwd(), 'weights', 'manifest.json'), 'utf8')) as {
  models: Record<string, { metrics: Record<string, number> }>;
};
const metric = (model: string, name: string) => manifest.models[`gmm-${model}`]!.metrics[name]!;
const MODELS = ['vae-16d', 'ae-16'] as const;
const PREFIX = { prior: 'priorSample', gaussian: 'gaussianSample', mixture: 'sample' } as const;

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/better-prior/?debug=1${query}`);
  const host = page.locator('vae-better-prior');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return host;
}
const panel = (page: Page, model: string, side: 'left' | 'right') =>
  page.locator(`vae-better-prior .bp__panel[data-model="${model}"][data-side="${side}"]`);
const num = async (l: Locator, name: string) => Number(await l.getAttribute(`data-${name}`));

test('better-prior: four panels of 16 decoded samples, each with the classifier’s bar, and the manifest’s numbers beside', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', '1|prior');
  for (const m of MODELS)
    for (const side of ['left', 'right'] as const) {
      const p = panel(page, m, side);
      const column = side === 'left' ? 'prior' : 'mixture';
      await expect(p).toHaveAttribute('data-column', column);
      await expect(p.locator('canvas.bp__img')).toHaveCount(16);
      // Every sample is a decoded picture with ink, and its bar is as wide as the classifier's top probability.
      for (let i = 0; i < 16; i += 5) expect((await ink(p.locator('canvas.bp__img').nth(i))).filter((v) => v > 0.5).length).toBeGreaterThan(10);
      await expect(p).toHaveAttribute('data-tally-n', '16');
      const confident = await num(p, 'draw-confident');
      await expect(p.locator('.bp__bar.is-confident')).toHaveCount(confident);
      await expect(p.locator('canvas.bp__img').first()).toHaveAttribute('aria-label', /Sample 1: the classifier reads \d, \d+% sure/);
      // The 2,000-sample numbers are the manifest's, for this model and column.
      expect(await num(p, 'expected-mean')).toBe(metric(m, `${PREFIX[column]}Confidence`));
      expect(await num(p, 'expected-share')).toBe(metric(m, `${PREFIX[column]}Confident`));
      await expect(p.locator('.bp__line--expected')).toHaveText(
        `Over 2,000 samples: ${Math.round(100 * metric(m, `${PREFIX[column]}Confident`))}% clear, mean ${Math.round(100 * metric(m, `${PREFIX[column]}Confidence`))}%.`,
      );
    }
});

test('better-prior: ten draws (button and R) bring the running numbers near the manifest’s, and the mixture beats the prior', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', '1|prior');
  const before = await ink(panel(page, 'vae-16d', 'right').locator('canvas.bp__img').first());
  await page.getByRole('button', { name: 'Draw new samples' }).click();
  await expect(host).toHaveAttribute('data-rendered', '2|prior');
  expect(diff(await ink(panel(page, 'vae-16d', 'right').locator('canvas.bp__img').first()), before)).toBeGreaterThan(5);
  for (let seed = 3; seed <= 10; seed++) {
    await page.keyboard.press('r');
    await expect(host).toHaveAttribute('data-rendered', `${seed}|prior`);
  }
  expect(new URL(page.url()).searchParams.get('better-prior.seed')).toBe('10');
  for (const m of MODELS) {
    const shares: Record<string, number> = {};
    for (const side of ['left', 'right'] as const) {
      const p = panel(page, m, side);
      const column = side === 'left' ? 'prior' : 'mixture';
      await expect(p).toHaveAttribute('data-tally-n', '160');
      // 160 samples: about four standard errors either side of the 2,000-sample values.
      expect(Math.abs((await num(p, 'tally-mean')) - metric(m, `${PREFIX[column]}Confidence`)), `${m} ${column} mean`).toBeLessThan(0.1);
      expect(Math.abs((await num(p, 'tally-share')) - metric(m, `${PREFIX[column]}Confident`)), `${m} ${column} share`).toBeLessThan(0.16);
      shares[side] = await num(p, 'tally-share');
    }
    expect(shares.right!, `${m}: the mixture's samples read clearly more often`).toBeGreaterThan(shares.left! + 0.2);
  }
  // The link reproduces draw #10 exactly.
  const pictures = await ink(panel(page, 'ae-16', 'right').locator('canvas.bp__img').nth(3));
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.locator('vae-better-prior')).toHaveAttribute('data-rendered', '10|prior', { timeout: 90_000 });
  expect(diff(await ink(other.locator('vae-better-prior .bp__panel[data-model="ae-16"][data-side="right"] canvas.bp__img').nth(3)), pictures)).toBe(
    0,
  );
});

test('better-prior: the left column switches to one Gaussian fitted to the codes by keyboard; its numbers follow', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', '1|prior');
  await page.getByRole('radio', { name: 'the prior N(0, I)' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-rendered', '1|gaussian');
  await expect(page.getByRole('radio', { name: 'one Gaussian fitted to the codes' })).toBeChecked();
  expect(new URL(page.url()).searchParams.get('better-prior.baseline')).toBe('gaussian');
  for (const m of MODELS) {
    const p = panel(page, m, 'left');
    await expect(p).toHaveAttribute('data-column', 'gaussian');
    await expect(p.locator('.bp__coltitle')).toHaveText('From one Gaussian fitted to the codes');
    await expect(p).toHaveAttribute('data-tally-n', '16');
    expect(await num(p, 'expected-share')).toBe(metric(m, 'gaussianSampleConfident'));
  }
  // The right column's running numbers kept counting the same seed once.
  await expect(panel(page, 'ae-16', 'right')).toHaveAttribute('data-tally-n', '16');
});

test('better-prior: draws leave no tensors behind', async ({ page }) => {
  const host = await open(page, '&backend=cpu');
  await expect(host).toHaveAttribute('data-rendered', '1|prior');
  const baseline = await settledTensorCount(page);
  for (let seed = 2; seed <= 4; seed++) {
    await page.getByRole('button', { name: 'Draw new samples' }).click();
    await expect(host).toHaveAttribute('data-rendered', `${seed}|prior`);
  }
  await expectTensorsBackTo(page, baseline);
});

test('better-prior: on a phone the two columns stay side by side, with nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  for (const m of MODELS) {
    const left = (await panel(page, m, 'left').boundingBox())!;
    const right = (await panel(page, m, 'right').boundingBox())!;
    expect(Math.abs(left.y - right.y)).toBeLessThan(2);
    expect(left.x + left.width).toBeLessThanOrEqual(right.x);
    expect(right.x + right.width).toBeLessThanOrEqual(390);
    expect(left.width).toBeGreaterThan(140);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
