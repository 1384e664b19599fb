// The training playground, driven as a reader drives it: play, pause, step, β during a run, settings, links that replay a run.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { expectTensorsBackTo, tensorCount } from './support/pixels.ts';
import { expectMapDots } from './support/latent-map.ts';

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/train/?debug=1${query}`);
  const host = page.locator('vae-train');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return host;
}
const num = async (host: Locator, attr: string) => Number(await host.getAttribute(attr));
/** Waits until the run has stopped at exactly `step` steps, with its snapshot taken there. */
async function stoppedAt(host: Locator, step: number): Promise<void> {
  await expect(host).toHaveAttribute('data-step', String(step), { timeout: 120_000 });
  await expect(host).toHaveAttribute('data-playing', 'false');
  await expect(host).toHaveAttribute('data-eval-step', String(step));
}
const setSpf = async (page: Page, n: number) => {
  const field = page.getByRole('spinbutton', { name: 'Steps per frame (at most) value' });
  await field.fill(String(n));
  await field.press('Enter');
};

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`train: stepping lowers the loss on the kept-aside digits (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}&train.hidden=16`);
    await expect(page.locator('vae-train .widget__badge')).toHaveText(backend);
    await expect(host).toHaveAttribute('data-eval-step', '0');
    const start = await num(host, 'data-eval-elbo');
    expect(start).toBeGreaterThan(200);
    // An untrained encoder piles the codes near the centre: at least one class shows.
    await expectMapDots(page.locator('vae-train .lmap'), 500, 1);
    await setSpf(page, 20);
    await page.getByRole('button', { name: 'Step' }).click();
    await stoppedAt(host, 20);
    await page.getByRole('button', { name: 'Step' }).click();
    await stoppedAt(host, 40);
    const after = await num(host, 'data-eval-elbo');
    expect(after).toBeLessThan(start - 15);
    // The minibatch numbers and the URL follow the run.
    const elbo = Number(await page.locator('vae-train [data-out="elbo"]').getAttribute('data-value'));
    expect(elbo).toBeLessThan(start);
    await expect.poll(() => page.url()).toContain('train.steps=40');
    expect(await page.locator('vae-train .trn__curves path').count()).toBeGreaterThan(3);
  });
}

test('train: the same seed gives the same loss at step 30, by Reset and replay and by following the link', async ({ page }) => {
  const host = await open(page, '&backend=wasm&train.hidden=16&train.seed=5&train.spf=30&train.steps=30');
  // The link's steps are replayed on load.
  await stoppedAt(host, 30);
  const loss = await host.getAttribute('data-loss');
  const evalElbo = await host.getAttribute('data-eval-elbo');
  await page.getByRole('button', { name: 'Reset' }).click();
  await stoppedAt(host, 0);
  expect(await host.getAttribute('data-eval-elbo')).not.toBe(evalElbo);
  await page.getByRole('button', { name: 'Step' }).click();
  await stoppedAt(host, 30);
  expect(await host.getAttribute('data-loss')).toBe(loss);
  expect(await host.getAttribute('data-eval-elbo')).toBe(evalElbo);
  // Another seed trains differently.
  await page.getByLabel('Seed').fill('6');
  await page.getByLabel('Seed').press('Enter');
  await stoppedAt(host, 0);
  await page.getByRole('button', { name: 'Step' }).click();
  await stoppedAt(host, 30);
  expect(await host.getAttribute('data-loss')).not.toBe(loss);
});

test('train: settings and a mid-run β change go into the URL, and the link replays the same run', async ({ page }) => {
  const host = await open(page, '&backend=wasm');
  await page.getByLabel('Learning rate').selectOption('0.01');
  await page.getByLabel('Hidden units').selectOption('16');
  await page.getByRole('checkbox', { name: /KL warm-up/ }).check();
  await setSpf(page, 10);
  await page.getByRole('button', { name: 'Step' }).click();
  await stoppedAt(host, 10);
  // β from 1 to 2 by keyboard, mid-run.
  const beta = page.getByRole('slider', { name: /β, the weight on the KL term/ });
  await beta.focus();
  await page.keyboard.press('ArrowRight');
  await expect(beta).toHaveAttribute('aria-valuetext', 'β = 2');
  await page.getByRole('button', { name: 'Step' }).click();
  await stoppedAt(host, 20);
  // Warm-up: the weight at step 20 is 20/500 of β = 2.
  expect(Number(await page.locator('vae-train [data-out="weight"]').getAttribute('data-value'))).toBeCloseTo(0.08, 6);
  await expect.poll(() => page.url()).toContain('train.steps=20');
  const url = page.url();
  for (const part of [
    'train.lr=0.01',
    'train.hidden=16',
    'train.warmup=1',
    'train.spf=10',
    'train.beta=2',
    `train.bh=${encodeURIComponent('0:1,10:2')}`,
  ])
    expect(url).toContain(part);
  const loss = await host.getAttribute('data-loss');
  const evalElbo = await host.getAttribute('data-eval-elbo');
  const host2 = await open(page, `&${url.split('?')[1]}`);
  await stoppedAt(host2, 20);
  await expect(page.getByLabel('Learning rate')).toHaveValue('0.01');
  await expect(page.getByLabel('Hidden units')).toHaveValue('16');
  await expect(page.getByRole('checkbox', { name: /KL warm-up/ })).toBeChecked();
  await expect(page.getByRole('slider', { name: /β, the weight on the KL term/ })).toHaveAttribute('aria-valuetext', 'β = 2');
  expect(await host2.getAttribute('data-loss')).toBe(loss);
  expect(await host2.getAttribute('data-eval-elbo')).toBe(evalElbo);
});

test('train: the number of tensors is the same after step 10 and after step 210', async ({ page }) => {
  const host = await open(page, '&backend=cpu&train.hidden=16&train.spf=50&train.steps=10');
  await stoppedAt(host, 10);
  const n10 = await tensorCount(page);
  expect(n10).toBeGreaterThan(0);
  for (let k = 1; k <= 4; k++) {
    await page.getByRole('button', { name: 'Step' }).click();
    await stoppedAt(host, 10 + 50 * k);
  }
  // σ-ellipses off and on, β moved: none of it holds tensors.
  await page.getByRole('checkbox', { name: 'σ-ellipses' }).uncheck();
  await page.getByRole('checkbox', { name: 'σ-ellipses' }).check();
  await expectTensorsBackTo(page, n10);
  // A reset frees the old model: back to the count of a fresh run.
  await page.getByRole('button', { name: 'Reset' }).click();
  await stoppedAt(host, 0);
  const fresh = await tensorCount(page);
  await page.getByRole('button', { name: 'Step' }).click();
  await stoppedAt(host, 50);
  await page.getByRole('button', { name: 'Reset' }).click();
  await stoppedAt(host, 0);
  await expectTensorsBackTo(page, fresh);
});

test('train: Play and Pause from the keyboard; with reduced motion nothing starts by itself', async ({ browser }) => {
  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  const host = await open(page, '&backend=wasm&train.hidden=16');
  await expect(host).toHaveAttribute('data-playing', 'false');
  await expect(page.locator('vae-train .widget__status')).toContainText('reduced motion');
  const play = page.getByRole('button', { name: 'Play' });
  await play.focus();
  await page.keyboard.press('Enter');
  await expect(host).toHaveAttribute('data-playing', 'true');
  await expect.poll(() => num(host, 'data-step'), { timeout: 60_000 }).toBeGreaterThan(5);
  await page.keyboard.press('Enter');
  await expect(host).toHaveAttribute('data-playing', 'false');
  const stopped = await num(host, 'data-step');
  await expect(host).toHaveAttribute('data-eval-step', String(stopped));
  expect(await page.getByRole('button', { name: 'Play' }).isVisible()).toBe(true);
  await ctx.close();
});

test('train: on a 360 px phone the controls fit and work by touch', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  const host = await open(page, '&backend=wasm&train.hidden=16&train.spf=3');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole('button', { name: 'Step' }).tap();
  await stoppedAt(host, 3);
  await page.getByRole('button', { name: 'Play' }).tap();
  await expect.poll(() => num(host, 'data-step'), { timeout: 60_000 }).toBeGreaterThan(8);
  await page.getByRole('button', { name: 'Pause' }).tap();
  await expect(host).toHaveAttribute('data-playing', 'false');
  for (const sel of ['vae-train .trn__curves svg', 'vae-train .trn__rd svg', 'vae-train .lmap__svg', 'vae-train canvas.trn__grid']) {
    const box = (await page.locator(sel).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
  }
  await ctx.close();
});

test('train: a failed download of the digits says so, and Retry recovers', async ({ page }) => {
  let down = true;
  await page.route('**/weights/data/heldout-*.png', (route) => (down ? route.abort() : route.continue()));
  await page.goto('embed/train/?debug=1&backend=wasm');
  const host = page.locator('vae-train');
  await expect(host).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  await expect(page.locator('vae-train .widget__error')).toBeVisible();
  down = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-eval-step', '0');
});

test('train: malformed URL state falls back to the defaults', async ({ page }) => {
  const host = await open(page, '&backend=wasm&train.beta=3&train.lr=9&train.hidden=5&train.seed=-2&train.steps=abc&train.bh=5:1');
  await expect(host).toHaveAttribute('data-step', '0');
  await expect(page.getByLabel('Learning rate')).toHaveValue('0.003');
  await expect(page.getByLabel('Hidden units')).toHaveValue('64');
  await expect(page.getByLabel('Seed')).toHaveValue('1');
  await expect(page.getByRole('slider', { name: /β, the weight on the KL term/ })).toHaveAttribute('aria-valuetext', 'β = 1');
});
