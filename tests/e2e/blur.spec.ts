// The blur widget, driven as a reader drives it: the four panels for a held-out digit, resampling by button and key, the
// model switch, a link that reproduces the draws, a drawn digit, and no tensors left behind.
import { test, expect, type Page, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { diff, expectTensorsBackTo, ink, settledTensorCount, stroke } from './support/pixels.ts';

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/blur/?debug=1${query}`);
  const host = page.locator('vae-blur');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-frames', /\d/);
  return host;
}
const img = (page: Page, which: 'input' | 'mean' | 'samples' | 'posterior' | 'average') => page.locator(`vae-blur canvas.blur__img--${which}`);
const num = async (host: Locator, name: string) => Number(await host.getAttribute(`data-${name}`));
/** Waits until the pictures show digit|model|seed. */
const rendered = (host: Locator, key: string) => expect(host).toHaveAttribute('data-rendered', key);
/** The k-th 28×28 digit of a grid canvas 3 digits wide, from its ink. */
const cell = (grid: number[], k: number) =>
  Array.from({ length: 784 }, (_, j) => grid[(Math.floor(k / 3) * 28 + Math.floor(j / 28)) * 84 + (k % 3) * 28 + (j % 28)]!);
const greys = (a: number[]) => a.filter((v) => v > 0.2 && v < 0.8).length;

test('blur: pixel samples are pure ink-or-paper, the means are grey, and the average is the mean of the six', async ({ page }) => {
  const host = await open(page);
  await rendered(host, '24|vae-16d|1');
  const [mean, samples, posterior, average] = await Promise.all((['mean', 'samples', 'posterior', 'average'] as const).map((w) => ink(img(page, w))));
  // ② Every pixel of a Bernoulli sample is 0 or 1: the factorised likelihood draws no grey.
  expect(samples!.length).toBe(6 * 784);
  expect(samples!.every((v) => v === 0 || v === 1)).toBe(true);
  expect(samples!.filter((v) => v === 1).length).toBeGreaterThan(6 * 30);
  // ① The decoder mean is grey where the model is unsure, as many grey pixels as the readout says (canvas rounding aside).
  expect(Math.abs(greys(mean!) - (await num(host, 'grey-mean')))).toBeLessThanOrEqual(3);
  expect(await num(host, 'grey-mean')).toBeGreaterThan(20);
  // ④ The average is the pixel-wise mean of the six posterior means in ③.
  const avg = Array.from({ length: 784 }, (_, j) => [0, 1, 2, 3, 4, 5].reduce((s, k) => s + cell(posterior!, k)[j]!, 0) / 6);
  expect(Math.max(...avg.map((v, j) => Math.abs(v - average![j]!)))).toBeLessThan(3 / 255);
  // ③ The six codes differ, so the six means do too, and their average is greyer than the mean at μ.
  expect(diff(cell(posterior!, 0), cell(posterior!, 1))).toBeGreaterThan(5);
  expect(await num(host, 'grey-average')).toBeGreaterThan(await num(host, 'grey-mean'));
  await expect(page.locator('vae-blur .blur__num--mean-0')).toHaveText(
    `log p(x|μ) ${(await num(host, 'll-mean')).toFixed(1).replace('-', '−')} nats`,
  );
  await expect(page.locator('vae-blur .blur__caption')).toHaveAttribute('data-text', /greyer|grey pixels/);
});

test('blur: Resample (button and R key) draws new samples and codes from the same mean; the link reproduces them', async ({ page, context }) => {
  const host = await open(page);
  await rendered(host, '24|vae-16d|1');
  const mean1 = await ink(img(page, 'mean'));
  const samples1 = await ink(img(page, 'samples'));
  const post1 = await ink(img(page, 'posterior'));
  await page.getByRole('button', { name: 'Resample (R)' }).click();
  await rendered(host, '24|vae-16d|2');
  // The mean at μ does not depend on the draw; the samples and the posterior means do.
  expect(diff(await ink(img(page, 'mean')), mean1)).toBe(0);
  expect(diff(await ink(img(page, 'samples')), samples1)).toBeGreaterThan(50);
  expect(diff(await ink(img(page, 'posterior')), post1)).toBeGreaterThan(5);
  await page.getByRole('radio', { name: /vae-16d/ }).focus();
  await page.keyboard.press('r');
  await rendered(host, '24|vae-16d|3');
  expect(new URL(page.url()).searchParams.get('blur.seed')).toBe('3');
  const samples3 = await ink(img(page, 'samples'));
  const other = await context.newPage();
  await other.goto(page.url());
  const host2 = other.locator('vae-blur');
  await rendered(host2, '24|vae-16d|3');
  expect(diff(await ink(other.locator('vae-blur canvas.blur__img--samples')), samples3)).toBe(0);
  expect(await host2.getAttribute('data-ll-posterior')).toBe(await host.getAttribute('data-ll-posterior'));
  // R typed into the digit field is typing, not a resample.
  await page.getByLabel('Held-out digit #').press('r');
  await expect(host).toHaveAttribute('data-seed', '3');
});

test('blur: the 2-D model blurs more than the 16-D one; β = 8 spreads q(z|x) wider than β = 0.1 (keyboard only)', async ({ page }) => {
  const host = await open(page);
  await rendered(host, '24|vae-16d|1');
  const grey16 = await num(host, 'grey-mean');
  const ll16 = await num(host, 'll-mean');
  await page.getByRole('radio', { name: /vae-16d/ }).focus();
  await page.keyboard.press('ArrowRight');
  await rendered(host, '24|vae-2d|1');
  expect(new URL(page.url()).searchParams.get('blur.model')).toBe('vae-2d');
  expect(await num(host, 'll-mean')).toBeLessThan(ll16);
  expect(await num(host, 'grey-mean')).toBeGreaterThan(grey16);
  expect((await host.getAttribute('data-mu'))!.split(',')).toHaveLength(2);
  await page.keyboard.press('ArrowRight');
  await rendered(host, '24|beta-0.1|1');
  const klSmall = await num(host, 'kl');
  const spreadSmall = (await num(host, 'grey-average')) - (await num(host, 'grey-mean'));
  await page.keyboard.press('ArrowRight');
  await rendered(host, '24|beta-8|1');
  expect(await num(host, 'kl')).toBeLessThan(klSmall);
  expect((await num(host, 'grey-average')) - (await num(host, 'grey-mean'))).toBeGreaterThan(spreadSmall);
});

test('blur: a drawn digit is encoded and drawn from; bad URL values fall back to the defaults', async ({ page }) => {
  const host = await open(page, '&blur.digit=abc&blur.model=%3Cb%3E&blur.seed=-4');
  await rendered(host, '24|vae-16d|1');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(host).toHaveAttribute('data-source', 'drawing');
  await expect(page.locator('vae-blur .blur__caption')).toHaveAttribute('data-text', /Draw a digit/);
  await stroke(page, page.locator('vae-blur canvas.pad'), [
    [0.5, 0.15],
    [0.5, 0.85],
  ]);
  await rendered(host, '-1|vae-16d|1');
  expect((await ink(img(page, 'input'))).filter((v) => v > 0.5).length).toBeGreaterThan(20);
  expect(await num(host, 'grey-mean')).toBeGreaterThan(0);
  expect(new URL(page.url()).searchParams.get('blur.digit')).toBe('-1');
});

test('blur: every tensor is freed across many resamples and model switches', async ({ page }) => {
  const host = await open(page);
  await rendered(host, '24|vae-16d|1');
  await page.getByRole('radio', { name: /vae-2d/ }).check();
  await rendered(host, '24|vae-2d|1');
  await page.getByRole('radio', { name: /vae-16d/ }).check();
  await rendered(host, '24|vae-16d|1');
  const baseline = await settledTensorCount(page);
  for (let i = 0; i < 40; i++) await page.getByRole('button', { name: 'Resample (R)' }).click();
  await page.getByRole('radio', { name: /vae-2d/ }).check();
  await rendered(host, '24|vae-2d|41');
  await page.getByRole('radio', { name: /vae-16d/ }).check();
  await rendered(host, '24|vae-16d|41');
  await expectTensorsBackTo(page, baseline);
});

test('blur: on a 390 px touch screen, taps switch the model and resample, and nothing overflows sideways', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  const host = await open(page);
  await rendered(host, '24|vae-16d|1');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('radio', { name: /beta-8/ }).tap();
  await rendered(host, '24|beta-8|1');
  await page.getByRole('button', { name: 'Resample (R)' }).tap();
  await rendered(host, '24|beta-8|2');
  // Each of the five pictures is at least 80 CSS px wide on a phone.
  for (const w of ['input', 'mean', 'samples', 'posterior', 'average'] as const)
    expect((await img(page, w).boundingBox())!.width, w).toBeGreaterThanOrEqual(80);
  await ctx.close();
});

test('blur: the τ ↔ β panel loads nothing until opened, then shows each β model’s mean, prior draws and manifest numbers (keyboard, link, Retry)', async ({
  page,
  context,
}) => {
  const betaRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/weights\/beta-/.test(r.url())) betaRequests.push(r.url());
  });
  const host = await open(page);
  await rendered(host, '24|vae-16d|1');
  // Closed by default: no β model was fetched for the first frame, and the URL says nothing about β.
  const panel = page.locator('vae-blur details.blur__sweep');
  await expect(panel).not.toHaveAttribute('open');
  expect(betaRequests).toEqual([]);
  expect(new URL(page.url()).searchParams.get('blur.beta')).toBeNull();
  const manifest = (await (await page.request.get('weights/manifest.json')).json()) as {
    models: Record<string, { metrics: Record<string, number> }>;
  };
  // The hole share prints whole percents, with one decimal below 1% (beta-8's is a third of a percent).
  const hole = (f: number) => (f < 0.01 ? (100 * f).toFixed(1) : String(Math.round(100 * f)));
  const heldoutText = (beta: string) => {
    const m = manifest.models[`beta-${beta}`]!.metrics;
    return `−ELBO ${m.negElbo!.toFixed(1)} nats = reconstruction ${m.recon!.toFixed(1)} nats + KL ${m.kl!.toFixed(1)} nats. ${hole(m.priorHoleFraction!)}%`;
  };
  const sweepImg = (which: 'mean' | 'prior') => page.locator(`vae-blur canvas.blur__img--sweep-${which}`);
  const sweepRendered = (key: string) => expect(host).toHaveAttribute('data-sweep-rendered', key, { timeout: 30_000 });

  // Opened from the keyboard, it starts at β = 1 and says so in the link.
  await page.locator('vae-blur summary.blur__sweep-summary').focus();
  await page.keyboard.press('Enter');
  await sweepRendered('24|1|1');
  expect(new URL(page.url()).searchParams.get('blur.beta')).toBe('1');
  await expect(page.locator('vae-blur .blur__sweep-heldout')).toContainText(heldoutText('1'));
  await expect(page.locator('vae-blur .blur__tau')).toHaveText('Acts like pixel noise τ² × 1, that is τ × √1 = τ × 1.00');
  const mean1 = await ink(sweepImg('mean'));
  const prior1 = await ink(sweepImg('prior'));
  expect(mean1.filter((v) => v > 0.5).length).toBeGreaterThan(20);
  expect(prior1).toHaveLength(3 * 784);

  // Arrow keys walk the sweep: β = 0.5, then 0.25, then 0.1; each is another model, so the pictures and numbers change.
  await page.getByRole('radio', { name: '1', exact: true }).focus();
  for (const b of ['0.5', '0.25', '0.1']) {
    await page.keyboard.press('ArrowLeft');
    await sweepRendered(`24|${b}|1`);
  }
  expect(new URL(page.url()).searchParams.get('blur.beta')).toBe('0.1');
  await expect(page.locator('vae-blur .blur__sweep-heldout')).toContainText(heldoutText('0.1'));
  await expect(page.locator('vae-blur .blur__tau')).toHaveText('Acts like pixel noise τ² × 0.1, that is τ × √0.1 = τ × 0.32');
  expect(diff(await ink(sweepImg('mean')), mean1)).toBeGreaterThan(5);
  expect(diff(await ink(sweepImg('prior')), prior1)).toBeGreaterThan(5);
  const klSmall = await num(host, 'sweep-kl');
  await expect(page.locator('vae-blur .blur__num--sweep-ll')).toHaveText(
    `log p(x|μ) ${(await num(host, 'sweep-ll-mean')).toFixed(1).replace('-', '−')} nats`,
  );

  // β = 8 squeezes this digit's code (a smaller KL) and, over the held-out digits, pays in reconstruction.
  await page.getByRole('radio', { name: '8', exact: true }).check();
  await sweepRendered('24|8|1');
  expect(await num(host, 'sweep-kl')).toBeLessThan(klSmall);
  await expect(page.locator('vae-blur .blur__sweep-heldout')).toContainText(heldoutText('8'));
  expect(manifest.models['beta-8']!.metrics.recon).toBeGreaterThan(manifest.models['beta-0.1']!.metrics.recon!);
  // The main panels above did not move.
  await expect(host).toHaveAttribute('data-rendered', '24|vae-16d|1');

  // The link reproduces the panel, open on β = 8, with the same pictures.
  const mean8 = await ink(sweepImg('mean'));
  const other = await context.newPage();
  await other.goto(page.url());
  const host2 = other.locator('vae-blur');
  await expect(host2).toHaveAttribute('data-sweep-rendered', '24|8|1', { timeout: 60_000 });
  await expect(other.locator('vae-blur details.blur__sweep')).toHaveAttribute('open');
  expect(diff(await ink(other.locator('vae-blur canvas.blur__img--sweep-mean')), mean8)).toBe(0);
  await other.close();

  // A β model that fails to download says so beside the radios, with a Retry that works once the network is back.
  await page.route('**/weights/beta-4/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.getByRole('radio', { name: '4', exact: true }).check();
  const alert = page.locator('vae-blur .blur__sweep-error');
  await expect(alert).toContainText(/beta-4 could not load: Could not download .*HTTP 404/);
  await expect(host).toHaveAttribute('data-sweep-error', 'beta-4');
  await page.unrouteAll({ behavior: 'wait' });
  await alert.getByRole('button', { name: 'Retry' }).click();
  await sweepRendered('24|4|1');
  await expect(alert).toBeHidden();
  await expect(page.locator('vae-blur .blur__sweep-heldout')).toContainText(heldoutText('4'));

  // Closing the panel takes β out of the link; reopening returns to the last β.
  await page.locator('vae-blur summary.blur__sweep-summary').click();
  await expect(panel).not.toHaveAttribute('open');
  await expect.poll(() => new URL(page.url()).searchParams.get('blur.beta')).toBeNull();
  await page.locator('vae-blur summary.blur__sweep-summary').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('blur.beta')).toBe('4');
  await sweepRendered('24|4|1');

  // With every visited model loaded, switching β and resampling leaves no tensor behind.
  const baseline = await settledTensorCount(page);
  for (let i = 0; i < 5; i++) {
    await page.getByRole('radio', { name: '8', exact: true }).check();
    await sweepRendered(`24|8|${1 + i}`);
    await page.getByRole('button', { name: 'Resample (R)' }).click();
    await sweepRendered(`24|8|${2 + i}`);
    await page.getByRole('radio', { name: '4', exact: true }).check();
    await sweepRendered(`24|4|${2 + i}`);
  }
  await expectTensorsBackTo(page, baseline);
});

for (const scheme of ['light', 'dark'] as const)
  test(`blur (${scheme}): the open τ ↔ β panel, radios, pictures and numbers included, has no WCAG AA violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const host = await open(page, '&blur.beta=0.5');
    await expect(host).toHaveAttribute('data-sweep-rendered', '24|0.5|1', { timeout: 30_000 });
    const results = await new AxeBuilder({ page })
      .include('vae-blur .blur__sweep')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
