// The posterior inspector, driven as a reader drives it: digits picked by keyboard and buttons, a drawing, the K slider,
// new samples, the toggles; numbers checked against the bounds' theory and an independent fine-grid computation.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { expectTensorsBackTo, settledTensorCount } from './support/pixels.ts';
import { holdRequests } from './support/hold.ts';

/** vae-2d's two weight shards. */
const VAE_2D_SHARDS = /\/weights\/vae-2d\/vae-2d\.(en|de)coder\.bin$/;

/** Opens the embed page and waits for the first frame, for vae-2d (which follows a shipped first frame) and for any computation. */
async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/posterior/?debug=1${query}`);
  const host = page.locator('vae-posterior');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 90_000 });
  await settled(page);
  return host;
}

/** Waits until no computation is running (the view's aria-busy). */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('vae-posterior .post')).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
}
const num = async (host: Locator, key: string) => Number(await host.getAttribute(`data-${key}`));
const list = async (host: Locator, key: string) => (await host.getAttribute(`data-${key}`))!.split(',').map(Number);
const K = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
/** log p(x) of held-out digit 0 under the shipped vae-2d: a 450 × 450 grid over [−4.5, 4.5]² computed in Node with the same model. */
const REFERENCE_LOGPX_0 = -134.59;

/** ELBO ≤ IWAE-K ≤ log p(x) (grid) + tolerance for every K, and IWAE-K non-decreasing in K up to noise. */
async function checkBounds(host: Locator): Promise<void> {
  const elbo = await num(host, 'elbo');
  const logpx = await num(host, 'logpx');
  const iwae = await list(host, 'iwae');
  expect(iwae).toHaveLength(K.length);
  // IWAE-1 is the ELBO estimated with a sampled KL instead of the closed form: equal up to Monte Carlo noise.
  expect(Math.abs(iwae[0]! - elbo), `IWAE-1 ${iwae[0]} vs ELBO ${elbo}`).toBeLessThan(0.5);
  for (let i = 1; i < K.length; i++) {
    expect(iwae[i]!, `IWAE-${K[i]} (${iwae[i]}) fell below IWAE-${K[i - 1]} (${iwae[i - 1]})`).toBeGreaterThanOrEqual(iwae[i - 1]! - 0.05);
    expect(iwae[i]!, `IWAE-${K[i]} above log p(x) = ${logpx}`).toBeLessThanOrEqual(logpx + 0.5);
    expect(iwae[i]!).toBeGreaterThanOrEqual(elbo - 0.5);
  }
  expect(elbo).toBeLessThan(logpx);
}

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`posterior: grid log p(x) matches a fine reference grid, and the bounds are ordered (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}&posterior.digit=0`);
    await expect(page.locator('vae-posterior .widget__badge')).toHaveText(backend);
    expect(await num(host, 'logpx')).toBeCloseTo(REFERENCE_LOGPX_0, 1);
    await checkBounds(host);
    // The encoder's mean and the heat map's window share coordinates: q's mean lies inside the window.
    const [m1, m2] = await list(host, 'q');
    const [x0, y0, w] = await list(host, 'window');
    expect(m1!).toBeGreaterThan(x0!);
    expect(m1!).toBeLessThan(x0! + w!);
    expect(m2!).toBeGreaterThan(y0!);
    expect(m2!).toBeLessThan(y0! + w!);
    // The gap is labelled and equals log p(x) − ELBO.
    const gap = (await num(host, 'logpx')) - (await num(host, 'elbo'));
    await expect(page.locator('vae-posterior .pbounds__gap-label')).toContainText('KL(q ‖ p(z|x))');
    await expect(page.locator('vae-posterior dd.n-gap')).toContainText(gap.toFixed(2));
    // A second digit, picked by keyboard, by the Next button.
    await page.getByRole('button', { name: 'Next held-out digit' }).press('Enter');
    await expect(host).toHaveAttribute('data-digit', '1');
    await settled(page);
    await checkBounds(host);
  });
}

test('posterior: the K slider by keyboard, the toggles and new samples, all in the URL', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-digit', '1834');
  await checkBounds(host);
  const slider = page.getByRole('slider', { name: 'Samples K' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(host).toHaveAttribute('data-k', '1');
  await expect(slider).toHaveAttribute('aria-valuetext', 'K = 1');
  expect(page.url()).toContain('posterior.k=1');
  const iwae = await list(host, 'iwae');
  await expect(page.locator('vae-posterior dd.n-iwae')).toContainText(Math.abs(iwae[0]!).toFixed(2));
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-k', '1000');
  await expect(page.locator('vae-posterior dd.n-iwae')).toContainText(Math.abs(iwae[9]!).toFixed(2));
  // K samples are drawn over the heat map (those inside its window).
  const inside = await page.locator('vae-posterior .pheat__sample').count();
  expect(inside).toBeGreaterThan(100);
  expect(inside).toBeLessThanOrEqual(1000);
  // New samples: another seed, another (close) estimate; the grid's log p(x) does not change.
  const logpx = await num(host, 'logpx');
  const elbo = await num(host, 'elbo');
  await page.getByRole('button', { name: 'New samples' }).click();
  await expect(host).toHaveAttribute('data-seed', '1');
  await settled(page);
  expect(page.url()).toContain('posterior.seed=1');
  expect(await num(host, 'logpx')).toBe(logpx);
  expect(await num(host, 'elbo')).not.toBe(elbo);
  expect(Math.abs((await num(host, 'elbo')) - elbo)).toBeLessThan(2);
  await checkBounds(host);
  // Toggles.
  await page.getByRole('checkbox', { name: /Encoder’s Gaussian/ }).uncheck();
  await expect(page.locator('vae-posterior .pheat .pheat__q-ell')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'ELBO and IWAE bounds' }).uncheck();
  await expect(page.locator('vae-posterior .post__bounds')).toBeHidden();
  await page.getByRole('checkbox', { name: 'Log colour scale' }).check();
  expect(page.url()).toContain('posterior.q=0');
  expect(page.url()).toContain('posterior.bounds=0');
  expect(page.url()).toContain('posterior.log=1');
  // Round trip: the copied URL restores the same view.
  const host2 = await open(
    page,
    page
      .url()
      .split('?')[1]!
      .replace(/^debug=1&?/, '&'),
  );
  await expect(host2).toHaveAttribute('data-seed', '1');
  await expect(host2).toHaveAttribute('data-k', '1000');
  await expect(host2).toHaveAttribute('data-show', '001');
  await expect(page.getByRole('checkbox', { name: 'Log colour scale' })).toBeChecked();
  await expect(page.locator('vae-posterior .post__bounds')).toBeHidden();
});

test('posterior: a held-out digit typed in, an example chosen, and a drawing', async ({ page }) => {
  const host = await open(page, '&backend=wasm');
  const field = page.getByLabel('Held-out #');
  await field.fill('42');
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-digit', '42');
  await settled(page);
  expect(page.url()).toContain('posterior.digit=42');
  await page.getByLabel('Examples').selectOption('70');
  await expect(host).toHaveAttribute('data-digit', '70');
  await settled(page);
  // A clear 1: the ellipse fits, the gap is small.
  expect((await num(host, 'logpx')) - (await num(host, 'elbo'))).toBeLessThan(1);
  await page.getByRole('button', { name: /^Clear/ }).click();
  await page.locator('vae-posterior canvas.pad').scrollIntoViewIfNeeded();
  const box = (await page.locator('vae-posterior canvas.pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.85, { steps: 10 });
  await page.mouse.up();
  await expect(host).toHaveAttribute('data-digit', '-1');
  await settled(page);
  await checkBounds(host);
  await expect(page.locator('vae-posterior .post__caption')).toHaveAttribute('data-text', /^Your drawing/);
});

test('posterior: every tensor is freed across digits, drawings, K and new samples', async ({ page }) => {
  test.setTimeout(240_000);
  const host = await open(page, '&backend=wasm&posterior.digit=70');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  const next = page.getByRole('button', { name: 'Next held-out digit' });
  for (let i = 0; i < 12; i++) await next.click(); // faster than the work: latest-wins abandons the stale ones
  await expect(host).toHaveAttribute('data-digit', '82');
  await settled(page);
  const slider = page.getByRole('slider', { name: 'Samples K' });
  await slider.focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'New samples' }).click();
  await settled(page);
  await page.locator('vae-posterior canvas.pad').scrollIntoViewIfNeeded();
  const box = (await page.locator('vae-posterior canvas.pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7, { steps: 6 });
  await page.mouse.up();
  await expect(host).toHaveAttribute('data-digit', '-1');
  await settled(page);
  await expectTensorsBackTo(page, baseline);
});

test('posterior: usable by touch on a 360 px phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const host = await open(page, '&backend=wasm&posterior.digit=5');
  await page.getByRole('button', { name: 'Next held-out digit' }).tap();
  await expect(host).toHaveAttribute('data-digit', '6');
  await settled(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const heat = (await page.locator('vae-posterior .pheat').boundingBox())!;
  expect(heat.width).toBeGreaterThan(250);
  await context.close();
});

test('posterior: a model missing from the manifest gives a clear message and a Retry button', async ({ page }) => {
  await page.route('**/weights/manifest.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    delete json.models['vae-2d'];
    await route.fulfill({ response: res, json });
  });
  await page.goto('embed/posterior/');
  const host = page.locator('vae-posterior');
  await expect(host).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  await expect(page.locator('vae-posterior .widget__error')).toContainText('vae-2d is missing');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('posterior: the default digit’s first frame comes shipped, before vae-2d; the browser computes the same numbers for it', async ({
  page,
  context,
}) => {
  const release = await holdRequests(page, VAE_2D_SHARDS);
  await page.goto('embed/posterior/?debug=1');
  const host = page.locator('vae-posterior');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  await expect(host).toHaveAttribute('data-first-frame', 'shipped');
  await expect(host).toHaveAttribute('data-model', 'loading');
  await expect(host).toHaveAttribute('data-digit', '1834');
  await checkBounds(host);
  const shipped = { logpx: await num(host, 'logpx'), elbo: await num(host, 'elbo'), iwae: await list(host, 'iwae') };
  // K needs no model: the shipped bounds hold every K.
  await page.getByRole('slider', { name: 'Samples K' }).press('End');
  await expect(host).toHaveAttribute('data-k', '1000');
  // Another digit waits for vae-2d, and says so.
  await page.getByRole('button', { name: 'Next held-out digit' }).press('Enter');
  await expect(page.locator('vae-posterior .post__caption')).toHaveAttribute('data-text', /Downloading vae-2d/);
  release('pass');
  await expect(host).toHaveAttribute('data-digit', '1835');
  await settled(page);
  await checkBounds(host);
  // The same digit computed in this browser (a manifest without shipped frames) gives the shipped numbers.
  const other = await context.newPage();
  await other.route('**/weights/manifest.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    for (const key of Object.keys(json.models['vae-2d'].assets)) if (key.startsWith('posteriorFrame')) delete json.models['vae-2d'].assets[key];
    await route.fulfill({ response: res, json });
  });
  const computed = await open(other);
  await expect(computed).toHaveAttribute('data-first-frame', 'computed');
  expect(Math.abs((await num(computed, 'logpx')) - shipped.logpx)).toBeLessThan(0.05);
  expect(Math.abs((await num(computed, 'elbo')) - shipped.elbo)).toBeLessThan(0.05);
  (await list(computed, 'iwae')).forEach((v, i) => expect(Math.abs(v - shipped.iwae[i]!)).toBeLessThan(0.05));
});

test('posterior: when vae-2d fails to download after a shipped first frame, a new digit says so and its Retry computes it', async ({ page }) => {
  const release = await holdRequests(page, VAE_2D_SHARDS);
  await page.goto('embed/posterior/?debug=1');
  const host = page.locator('vae-posterior');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  release('fail');
  await expect(host).toHaveAttribute('data-model', 'error');
  await page.getByRole('button', { name: 'Next held-out digit' }).press('Enter');
  await expect(page.locator('vae-posterior .post__caption')).toHaveAttribute('data-text', /could not be computed.*HTTP 503/);
  await settled(page);
  const retry = host.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();
  await page.unroute(VAE_2D_SHARDS);
  await retry.press('Enter');
  await expect(host).toHaveAttribute('data-digit', '1835');
  await expect(host).toHaveAttribute('data-model', 'ready');
  await settled(page);
  await expect(retry).toBeHidden();
});
