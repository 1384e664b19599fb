// kl-vs-recon, driven as a reader drives it: the β slider by keyboard and by tapping the plot, new prior samples, other
// inputs; numeric checks on the decoded digits (KL-only samples are all alike), the URL round trip, leaks, load failure, phones.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { expectTensorsBackTo, settledTensorCount } from './support/pixels.ts';
import { readFileSync } from 'node:fs';
import { holdRequests } from './support/hold.ts';
import { expectTfjsAfterFirstFrame } from './support/tfjs-chunks.ts';
import { expectMapDots } from './support/latent-map.ts';

const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8')) as { models: Record<string, { metrics: Record<string, number> }> };

/** The digits on a strip canvas, as ink values in [0, 1] (count × 784). */
async function strip(canvas: Locator): Promise<number[][]> {
  return canvas.evaluate((c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    const n = cv.width / 28;
    return Array.from({ length: n }, (_, k) => {
      const out: number[] = [];
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) out.push(1 - d[4 * (y * cv.width + k * 28 + x)]! / 255);
      return out;
    });
  });
}
const rms = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);
/** Mean RMS pixel distance over all pairs of digits. */
function spread(digits: number[][]): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < digits.length; i++)
    for (let j = i + 1; j < digits.length; j++) {
      s += rms(digits[i]!, digits[j]!);
      n++;
    }
  return s / n;
}
const meanDiff = (a: number[][], b: number[][]) => a.reduce((s, d, i) => s + rms(d, b[i]!), 0) / a.length;

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/kl-vs-recon/?debug=1${query}`);
  const host = page.locator('vae-kl-vs-recon');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return host;
}
const panel = (page: Page, key: 'recon' | 'kl' | 'both') => page.locator(`vae-kl-vs-recon [data-panel="${key}"]`);
const priorStrip = (page: Page, key: 'recon' | 'kl' | 'both') => panel(page, key).locator('canvas.klr__prior');
const reconStrip = (page: Page, key: 'recon' | 'kl' | 'both') => panel(page, key).locator('canvas.klr__recon');
const slider = (page: Page) => page.getByRole('slider', { name: /β of the “Both” panel/ });

/** The three maps show the 2,000 held-out codes; the KL-only model puts every code at the prior's centre, one pile that
 * the marker of an input digit covers, so only the other two maps can show their classes' colours. */
async function expectKlrMaps(page: Page): Promise<void> {
  await expectMapDots(panel(page, 'recon').locator('.lmap'), 2000);
  await expectMapDots(panel(page, 'both').locator('.lmap'), 2000);
  await expect(panel(page, 'kl').locator('.lmap')).toHaveAttribute('data-points', '2000');
}

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`kl-vs-recon: KL-only samples are all alike, the β slider swaps the "both" model (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}`);
    await expect(page.locator('vae-kl-vs-recon .widget__badge')).toHaveText(backend);
    await expect(host).toHaveAttribute('data-rendered', '1|1|0,1,2,3,5');
    await expectKlrMaps(page);
    await expect(panel(page, 'recon')).toHaveAttribute('data-model', 'vae-recon-only');
    await expect(panel(page, 'kl')).toHaveAttribute('data-model', 'vae-kl-only');
    await expect(panel(page, 'both')).toHaveAttribute('data-model', 'beta-1');
    // On a wide screen the three panels stand side by side, and the phone's panel switch is not shown.
    await expect(page.getByRole('group', { name: 'Show the panel' })).toBeHidden();
    const tops = await Promise.all((['recon', 'kl', 'both'] as const).map(async (k) => (await panel(page, k).boundingBox())!.y));
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(1);

    // KL only: the encoder ignores its input and the decoder ignores its code, so every sample and every reconstruction
    // is the same average digit. Both: the samples differ from each other.
    const klPrior = await strip(priorStrip(page, 'kl'));
    const bothPrior = await strip(priorStrip(page, 'both'));
    const reconPrior = await strip(priorStrip(page, 'recon'));
    expect(spread(klPrior)).toBeLessThan(0.1 * spread(bothPrior));
    expect(spread(bothPrior)).toBeGreaterThan(0.1);
    expect(spread(reconPrior)).toBeGreaterThan(0.1);
    const klRecon = await strip(reconStrip(page, 'kl'));
    expect(spread(klRecon)).toBeLessThan(0.1 * spread(await strip(reconStrip(page, 'both'))));
    // …and the KL-only reconstructions are the very same picture as its prior samples.
    expect(rms(klRecon[0]!, klPrior[0]!)).toBeLessThan(0.02);
    // The reconstructions of the β = 1 model resemble their inputs more than the KL-only ones do.
    const inputs = await strip(page.locator('vae-kl-vs-recon canvas.klr__input-strip'));
    expect(meanDiff(await strip(reconStrip(page, 'both')), inputs)).toBeLessThan(meanDiff(klRecon, inputs));

    // Captions: the held-out numbers from the manifest.
    const m1 = manifest.models['beta-1']!.metrics;
    await expect(panel(page, 'both').locator('.klr__numbers')).toContainText(`distortion ${m1.recon!.toFixed(1)} nats`);
    await expect(panel(page, 'kl').locator('.klr__numbers')).toContainText(`rate ${manifest.models['vae-kl-only']!.metrics.kl!.toFixed(1)} nats`);

    // The slider, by keyboard: End is β = 8.
    await slider(page).focus();
    await page.keyboard.press('End');
    await expect(host).toHaveAttribute('data-rendered', '8|1|0,1,2,3,5');
    await expect(panel(page, 'both')).toHaveAttribute('data-model', 'beta-8');
    await expect(slider(page)).toHaveAttribute('aria-valuetext', 'β = 8');
    await expect(panel(page, 'both').locator('.klr__numbers')).toContainText(
      `distortion ${manifest.models['beta-8']!.metrics.recon!.toFixed(1)} nats`,
    );
    expect(page.url()).toContain('kl-vs-recon.beta=8');
    // The same prior codes through another decoder give other digits; the one-term panels are unchanged.
    expect(meanDiff(await strip(priorStrip(page, 'both')), bothPrior)).toBeGreaterThan(0.05);
    expect(meanDiff(await strip(priorStrip(page, 'recon')), reconPrior)).toBe(0);
    // The plot marks the current β.
    await expect(page.locator('vae-kl-vs-recon .klr__rd-pt.is-current')).toHaveAttribute('data-model', 'beta-8');
  });
}

test('kl-vs-recon: new prior samples, other inputs and β survive a reload from the URL', async ({ page }) => {
  const host = await open(page);
  const before = await strip(priorStrip(page, 'both'));
  await page.getByRole('button', { name: 'New prior samples' }).click();
  await expect(host).toHaveAttribute('data-rendered', '1|2|0,1,2,3,5');
  expect(meanDiff(await strip(priorStrip(page, 'both')), before)).toBeGreaterThan(0.05);
  await page.getByRole('button', { name: 'Other input digits' }).click();
  const digits = (await host.getAttribute('data-digits'))!;
  expect(digits).not.toBe('0,1,2,3,5');
  expect(Number(digits.split(',')[0])).toBe(6);
  await page.getByLabel('Input digits (held-out #)').fill('10, 200, 300, 1999, 4');
  await page.getByLabel('Input digits (held-out #)').press('Enter');
  await slider(page).focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(host).toHaveAttribute('data-rendered', '0.25|2|10,200,300,1999,4');
  await page.getByRole('checkbox', { name: 'Include the one-term models' }).uncheck();
  await expect(page.locator('vae-kl-vs-recon .klr__rd-pt--kl')).toHaveCount(0);
  const url = page.url();
  for (const part of ['kl-vs-recon.beta=0.25', 'kl-vs-recon.seed=2', 'kl-vs-recon.digits=10%2C200%2C300%2C1999%2C4', 'kl-vs-recon.ends=0'])
    expect(url).toContain(part);
  const shown = { prior: await strip(priorStrip(page, 'both')), recon: await strip(reconStrip(page, 'recon')) };

  const host2 = await open(page, `&${url.split('?')[1]}`);
  await expect(host2).toHaveAttribute('data-rendered', '0.25|2|10,200,300,1999,4');
  await expect(slider(page)).toHaveAttribute('aria-valuetext', 'β = 0.25');
  await expect(page.getByLabel('Input digits (held-out #)')).toHaveValue('10, 200, 300, 1999, 4');
  await expect(page.getByRole('checkbox', { name: 'Include the one-term models' })).not.toBeChecked();
  expect(meanDiff(await strip(priorStrip(page, 'both')), shown.prior)).toBeLessThan(0.01);
  expect(meanDiff(await strip(reconStrip(page, 'recon')), shown.recon)).toBeLessThan(0.01);
});

test('kl-vs-recon: an invalid list of inputs is refused and marked; malformed URL state gives the defaults', async ({ page }) => {
  const host = await open(page, '&kl-vs-recon.beta=3&kl-vs-recon.seed=abc&kl-vs-recon.digits=1,1,2,3,4&kl-vs-recon.ends=maybe');
  await expect(host).toHaveAttribute('data-rendered', '1|1|0,1,2,3,5');
  const field = page.getByLabel('Input digits (held-out #)');
  await field.fill('1, 2, 3');
  await field.press('Enter');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(host).toHaveAttribute('data-digits', '0,1,2,3,5');
});

test('kl-vs-recon: tapping a point on the plot selects its β (phone, touch)', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const host = await open(page);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // One panel at a time, swapped in place by the switch: the three compare at the same spot on the screen.
  await expect(panel(page, 'both')).toBeVisible();
  await expect(panel(page, 'recon')).toBeHidden();
  await expect(panel(page, 'kl')).toBeHidden();
  const bothBox = (await panel(page, 'both').boundingBox())!;
  await page.getByRole('radio', { name: 'KL only' }).check();
  await expect(panel(page, 'kl')).toBeVisible();
  await expect(panel(page, 'both')).toBeHidden();
  expect((await panel(page, 'kl').boundingBox())!.y).toBeCloseTo(bothBox.y, 0);
  await page.getByRole('radio', { name: 'Reconstruction only' }).check();
  await expect(panel(page, 'recon')).toBeVisible();
  await expect(panel(page, 'kl')).toBeHidden();
  // The β slider and the panel's map share the screen.
  const sliderBox = (await slider(page).boundingBox())!;
  const mapBox = (await panel(page, 'recon').locator('.lmap__svg').boundingBox())!;
  expect(mapBox.y + mapBox.height - sliderBox.y).toBeLessThan(740);
  // Tick labels stay readable on the small map (at least 11 CSS px).
  const tickPx = await panel(page, 'recon')
    .locator('.lmap__axes .tick text')
    .first()
    .evaluate((t) => (t as SVGTextElement).getScreenCTM()!.a * parseFloat(getComputedStyle(t).fontSize));
  expect(tickPx).toBeGreaterThanOrEqual(11);
  await page.getByRole('radio', { name: 'Both' }).check();
  const point = page.locator('vae-kl-vs-recon .klr__rd-pt[data-model="beta-4"] .klr__rd-dot');
  await point.scrollIntoViewIfNeeded();
  await point.tap();
  await expect(host).toHaveAttribute('data-rendered', '4|1|0,1,2,3,5');
  await expect(slider(page)).toHaveAttribute('aria-valuetext', 'β = 4');
  await context.close();
});

test('kl-vs-recon: every tensor is freed across 500 interactions', async ({ page }) => {
  test.setTimeout(240_000);
  const host = await open(page, '&backend=cpu');
  // Load every sweep member once: each stays cached (and is freed on teardown), so the baseline includes them all.
  await slider(page).focus();
  await page.keyboard.press('Home');
  for (const beta of ['0.1', '0.25', '0.5', '1', '2', '4', '8']) {
    if (beta !== '0.1') await page.keyboard.press('ArrowRight');
    await expect(host).toHaveAttribute('data-rendered', `${beta}|1|0,1,2,3,5`);
  }
  // The opening panels' decoders come after the first frame: the baseline waits for them too.
  await expect(host).not.toHaveAttribute('data-loading', 'true');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  for (let i = 0; i < 400; i++) await page.keyboard.press(['ArrowLeft', 'ArrowLeft', 'ArrowRight', 'Home', 'End'][i % 5]!);
  const reroll = page.getByRole('button', { name: 'New prior samples' });
  const other = page.getByRole('button', { name: 'Other input digits' });
  for (let i = 0; i < 100; i++) await (i % 2 ? reroll : other).click();
  const digits = await host.getAttribute('data-digits');
  await expect(host).toHaveAttribute('data-rendered', `8|51|${digits}`);
  await expectTensorsBackTo(page, baseline);
});

/** Every model's decoder weights (the first frame needs none of them in the default state). */
const DECODERS = /\/weights\/[^/]+\/[^/]+\.decoder\.bin$/;
const note = (page: Page, key: 'recon' | 'kl' | 'both') => panel(page, key).locator('.klr__decoder-note');

test('kl-vs-recon: the first frame comes shipped, before TensorFlow.js and the decoders; they follow it, and a change is decoded live', async ({
  page,
}) => {
  const release = await holdRequests(page, DECODERS);
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', '1|1|0,1,2,3,5');
  // The whole first frame is there without a decoder: three maps, three pairs of strips, the inputs and the plot.
  await expectKlrMaps(page);
  for (const key of ['recon', 'kl', 'both'] as const) {
    await expect(note(page, key)).toBeHidden();
  }
  await expect(page.locator('vae-kl-vs-recon .klr__rd-pt')).toHaveCount(9);
  const klPrior = await strip(priorStrip(page, 'kl'));
  const bothPrior = await strip(priorStrip(page, 'both'));
  expect(spread(klPrior)).toBeLessThan(0.1 * spread(bothPrior));
  expect(spread(bothPrior)).toBeGreaterThan(0.1);
  expect(spread(await strip(reconStrip(page, 'recon')))).toBeGreaterThan(0.1);
  // TensorFlow.js (its chunks are named dist.*.js in the build) is fetched only after the first frame.
  await expectTfjsAfterFirstFrame(page, 'kl-vs-recon');
  await expect(host).toHaveAttribute('data-loading', 'true');
  // New samples before the decoders have come: each panel says so over its strips, and nothing moves.
  const body = page.locator('vae-kl-vs-recon .widget__body');
  const height = (await body.boundingBox())!.height;
  await page.getByRole('button', { name: 'New prior samples' }).click();
  for (const key of ['recon', 'kl', 'both'] as const) await expect(note(page, key)).toHaveText('Downloading the decoder…');
  expect((await body.boundingBox())!.height).toBeCloseTo(height, 0);
  await expect(host).toHaveAttribute('data-rendered', '1|1|0,1,2,3,5');
  release('pass');
  await expect(host).toHaveAttribute('data-rendered', '1|2|0,1,2,3,5');
  for (const key of ['recon', 'kl', 'both'] as const) {
    await expect(note(page, key)).toBeHidden();
    await expect(panel(page, key)).toHaveAttribute('data-decoder', 'ready');
  }
  expect(meanDiff(await strip(priorStrip(page, 'both')), bothPrior)).toBeGreaterThan(0.05);
  await expect(page.locator('vae-kl-vs-recon .widget__badge')).toHaveText(/^(cpu|wasm|webgl)$/);
  await expect(host).not.toHaveAttribute('data-loading', 'true');
});

test('kl-vs-recon: decoders that fail to download leave the shipped frame, say so over each panel, and Retry brings them', async ({ page }) => {
  const release = await holdRequests(page, DECODERS);
  const host = await open(page);
  release('fail');
  for (const key of ['recon', 'kl', 'both'] as const) {
    await expect(panel(page, key)).toHaveAttribute('data-decoder', 'error');
    await expect(note(page, key)).toContainText('The decoder did not download.');
  }
  await expect(page.locator('vae-kl-vs-recon .widget__status')).toContainText('HTTP 503');
  await expect(host).not.toHaveAttribute('data-loading', 'true');
  // The shipped frame stays; a new β still tries (and says what failed), and the plot follows the slider.
  await expect(host).toHaveAttribute('data-rendered', '1|1|0,1,2,3,5');
  await slider(page).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('vae-kl-vs-recon .klr__rd-pt.is-current')).toHaveAttribute('data-model', /beta-/);
  // The status line names what failed: wait for β = 2's own attempt, not the note left by the first frame's.
  await expect(page.locator('vae-kl-vs-recon .widget__status')).toContainText('beta-2.decoder.bin');
  await expect(note(page, 'both')).toContainText('did not download');
  await page.unroute(DECODERS);
  await note(page, 'both').getByRole('button', { name: 'Retry' }).focus();
  await page.keyboard.press('Enter');
  // One Retry downloads again whatever failed, in every panel.
  await expect(host).toHaveAttribute('data-rendered', '2|1|0,1,2,3,5');
  for (const key of ['recon', 'kl', 'both'] as const) {
    await expect(note(page, key)).toBeHidden();
    await expect(panel(page, key)).toHaveAttribute('data-decoder', 'ready');
  }
  await expect(page.locator('vae-kl-vs-recon .widget__status')).not.toContainText('HTTP 503');
  await page.getByRole('button', { name: 'New prior samples' }).click();
  await expect(host).toHaveAttribute('data-rendered', '2|2|0,1,2,3,5');
});

test('kl-vs-recon: a note about one β’s failed download goes when the slider returns to a β that is there', async ({ page }) => {
  await page.route('**/weights/beta-2/beta-2.decoder.bin', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  const host = await open(page);
  for (const key of ['recon', 'kl', 'both'] as const) await expect(panel(page, key)).toHaveAttribute('data-decoder', 'ready');
  await slider(page).focus();
  await page.keyboard.press('ArrowRight');
  await expect(note(page, 'both')).toContainText('The decoder did not download.');
  await expect(host).toHaveAttribute('data-rendered', '1|1|0,1,2,3,5');
  await page.keyboard.press('ArrowLeft');
  await expect(note(page, 'both')).toBeHidden();
  await expect(panel(page, 'both')).toHaveAttribute('data-model', 'beta-1');
  await page.getByRole('button', { name: 'New prior samples' }).click();
  await expect(host).toHaveAttribute('data-rendered', '1|2|0,1,2,3,5');
});
