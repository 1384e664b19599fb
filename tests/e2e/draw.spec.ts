// The draw widget, driven as a reader drives it: strokes with the mouse, the held-out picker, the code sliders by keyboard.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { diff, expectTensorsBackTo, ink, settledTensorCount, stroke } from './support/pixels.ts';
import { holdRequests } from './support/hold.ts';

/** Opens the embed page and waits for the first frame and for what comes after it (the decoder, the caption's classifier). */
async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/draw/?debug=1${query}`);
  const host = page.locator('vae-draw');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-decoder', 'ready', { timeout: 60_000 });
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  return host;
}

const frames = async (host: Locator) => Number(await host.getAttribute('data-frames'));

/** Draws a polyline on the pad with the mouse; points in pad fractions (0–1). */
const strokePad = (page: Page, points: [number, number][], steps = 4) => stroke(page, page.locator('vae-draw canvas.pad'), points, steps);

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`draw: a mouse stroke is encoded live and reconstructed (${backend})`, async ({ page }) => {
    // draw.digit=-1: a blank pad instead of the held-out digit the widget opens with.
    const host = await open(page, `&backend=${backend}&draw.digit=-1`);
    await expect(page.locator('vae-draw .widget__badge')).toHaveText(backend);
    await expect(host).toHaveAttribute('data-mu', '');
    const recon = page.locator('vae-draw canvas.draw__recon');
    const blank = await ink(recon);
    expect(Math.max(...blank)).toBeLessThan(0.05);
    const f0 = await frames(host);
    await strokePad(page, [
      [0.3, 0.25],
      [0.6, 0.3],
      [0.45, 0.55],
      [0.6, 0.75],
      [0.3, 0.8],
    ]);
    await expect.poll(() => frames(host)).toBeGreaterThan(f0 + 1); // several frames while drawing, not only at the end
    await expect(host).toHaveAttribute('data-mu', /^-?\d+\.\d+,-?\d+\.\d+$/);
    await expect(host).toHaveAttribute('data-source', 'drawing');
    expect((await ink(page.locator('vae-draw canvas.draw__input'))).filter((v) => v > 0.5).length).toBeGreaterThan(20);
    const drawn = await ink(recon);
    expect(diff(drawn, blank)).toBeGreaterThan(20);
    // μ is shown as numbers, and the sliders follow it.
    const mu = (await host.getAttribute('data-mu'))!.split(',').map(Number);
    await expect(page.locator('vae-draw .draw__stats dd').first()).toContainText(Math.abs(mu[0]!).toFixed(2));
    // Clear empties everything.
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(host).toHaveAttribute('data-mu', '');
    expect(Math.max(...(await ink(recon)))).toBeLessThan(0.05);
  });
}

test('draw: a drawn "1" lands nearer the 1s than the 0s', async ({ page }) => {
  const host = await open(page, '&draw.digit=-1');
  await strokePad(
    page,
    [
      [0.5, 0.15],
      [0.49, 0.5],
      [0.48, 0.85],
    ],
    8,
  );
  await expect(host).toHaveAttribute('data-mu', /\d/);
  // The code settles once the last stroke is encoded: closer to the centroid of the 1s than to that of the 0s.
  const closerToOne = async () => {
    const mu = (await host.getAttribute('data-mu'))!.split(',').map(Number);
    const c = (await host.getAttribute('data-centroids'))!.split(',').map(Number);
    const d = (k: number) => Math.hypot(mu[0]! - c[2 * k]!, mu[1]! - c[2 * k + 1]!);
    return d(1) < d(0) ? 'closer to 1' : `μ=${mu}, centroid 1=${c.slice(2, 4)}, centroid 0=${c.slice(0, 2)}`;
  };
  await expect.poll(closerToOne).toBe('closer to 1');
});

test('draw: by keyboard alone, pick a held-out digit and set the code with the sliders', async ({ page }) => {
  const host = await open(page);
  const field = page.getByLabel('Held-out digit #');
  await field.focus();
  // The field holds the digit the widget opened with: select it, then type over it.
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('42');
  await page.keyboard.press('Enter');
  await expect(host).toHaveAttribute('data-source', 'heldout');
  await expect(page.locator('vae-draw .draw__note').first()).toContainText('#42, labelled');
  expect(page.url()).toContain('draw.digit=42');
  const recon = page.locator('vae-draw canvas.draw__recon');
  const before = await ink(recon);
  const slider = page.getByRole('slider', { name: 'z₁' });
  await slider.focus();
  // An arrow key moves the code by 0.1, a step the reader can see; Shift+arrow by 0.5.
  const z1 = async () => Number((await host.getAttribute('data-mu'))!.split(',')[0]);
  await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-source', 'code');
  const a = await z1();
  await page.keyboard.press('ArrowRight');
  await expect.poll(z1).toBeCloseTo(a + 0.1, 1);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(z1).toBeCloseTo(a + 0.6, 1);
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => diff(await ink(recon), before)).toBeGreaterThan(10);
  // The number field sets the code too.
  const num = page.getByLabel('z₂ value');
  await num.fill('-2');
  await expect(host).toHaveAttribute('data-mu', /,-2\.000$/);
  // The random button is a keyboard target as well.
  await page.getByRole('button', { name: 'Random held-out digit' }).press('Enter');
  await expect(host).toHaveAttribute('data-source', 'heldout');
});

test('draw: every tensor is freed across 500 interactions', async ({ page }) => {
  const host = await open(page, '&backend=cpu');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  for (let i = 0; i < 20; i++)
    await strokePad(
      page,
      [
        [0.2 + i * 0.02, 0.2],
        [0.7, 0.5 + i * 0.01],
        [0.3, 0.8],
      ],
      6,
    );
  const slider = page.getByRole('slider', { name: 'z₂' });
  await slider.focus();
  for (let i = 0; i < 400; i++) await page.keyboard.press(i % 3 ? 'ArrowLeft' : 'ArrowRight');
  const clear = page.getByRole('button', { name: 'Clear' });
  for (let i = 0; i < 40; i++) await clear.click();
  for (let i = 0; i < 40; i++) await page.getByRole('button', { name: 'Random held-out digit' }).click();
  await expect.poll(() => host.getAttribute('data-source')).toBe('heldout');
  await expectTensorsBackTo(page, baseline);
});

test('draw: it opens with a held-out digit drawn and encoded, μ and σ shown, and the code marked on the map', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-source', 'heldout');
  await expect(host).toHaveAttribute('data-mu', /^-?\d+\.\d+,-?\d+\.\d+$/);
  await expect(page.getByLabel('Held-out digit #')).toHaveValue('64');
  expect((await ink(page.locator('vae-draw canvas.draw__recon'))).filter((v) => v > 0.5).length).toBeGreaterThan(20);
  const stats = page.locator('vae-draw .draw__stats dd');
  await expect(stats.nth(0)).toHaveText(/^\(−?\d\.\d\d, −?\d\.\d\d\)$/);
  await expect(stats.nth(1)).toHaveText(/^\(\d\.\d\d, \d\.\d\d\)$/);
  // The code on the map: a ringed mark with a label, not a dot like the held-out codes.
  const marker = page.locator('vae-draw .lmap__marker-pt');
  await expect(marker.locator('.lmap__marker-ring')).toHaveCount(1);
  await expect(marker.locator('.lmap__marker-label')).toHaveText('this digit');
  // Drawn by the reader, it is "your digit".
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(host).toHaveAttribute('data-mu', '');
  await expect(marker).toHaveCount(0);
  await strokePad(page, [
    [0.5, 0.15],
    [0.49, 0.5],
    [0.48, 0.85],
  ]);
  await expect(host).toHaveAttribute('data-source', 'drawing');
  await expect(marker.locator('.lmap__marker-label')).toHaveText('your digit');
});

test('draw: malformed URL state falls back to the defaults', async ({ page }) => {
  const host = await open(page, '&draw.model=%3Cscript%3E&draw.digit=99999');
  await expect(host).toHaveAttribute('data-model', 'vae-2d');
  await expect(host).toHaveAttribute('data-source', 'heldout');
  await expect(page.getByLabel('Held-out digit #')).toHaveValue('64');
  const host2 = await open(page, '&draw.model=ae-2d&draw.digit=7');
  await expect(host2).toHaveAttribute('data-model', 'ae-2d');
  await expect(host2).toHaveAttribute('data-source', 'heldout');
});

test('draw: a model missing from the manifest gives a clear message and a Retry button', async ({ page }) => {
  await page.route('**/weights/manifest.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    delete json.models['vae-2d'];
    await route.fulfill({ response: res, json });
  });
  await page.goto('embed/draw/');
  const host = page.locator('vae-draw');
  await expect(host).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  await expect(page.locator('vae-draw .widget__error')).toContainText('vae-2d is missing');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('draw: the classifier names a held-out digit’s class in an aria-live caption', async ({ page }) => {
  const host = await open(page);
  const field = page.getByLabel('Held-out digit #');
  await field.fill('42');
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-source', 'heldout');
  const note = (await page.locator('vae-draw .draw__note').first().textContent())!;
  const label = /labelled (\d)/.exec(note)![1]!;
  const caption = page.locator('vae-draw .draw__caption');
  const expected = new RegExp(`^This held-out digit looks like an? ${label} \\(\\d+%\\)\\.$`);
  await expect(caption).toHaveAttribute('data-text', expected);
  // Screen readers hear it: the caption's text settles into a polite live region.
  const live = caption.locator('[aria-live="polite"]');
  await expect(live).toHaveCount(1);
  await expect(live).toHaveText(expected);
});

test('draw: the first frame needs only the encoder; the reconstruction follows when the decoder has downloaded', async ({ page }) => {
  // 760 px: where a note under the square once wrapped and made the first frame 19 px taller than the finished one.
  await page.setViewportSize({ width: 760, height: 900 });
  const release = await holdRequests(page, '**/weights/vae-2d/vae-2d.decoder.bin');
  await page.goto('embed/draw/?debug=1');
  const host = page.locator('vae-draw');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // Live before the decoder: the digit is encoded, μ and σ shown, the code marked, and the reconstruction says why it is empty.
  await expect(host).toHaveAttribute('data-mu', /^-?\d+\.\d+,-?\d+\.\d+$/);
  await expect(host).toHaveAttribute('data-decoder', 'loading');
  await expect(host).toHaveAttribute('data-loading', 'true');
  const recon = page.locator('vae-draw canvas.draw__recon');
  const label = page.locator('vae-draw .draw__fig figcaption').nth(1);
  const note = page.locator('vae-draw .draw__recon-note');
  await expect(label).toHaveText('Reconstruction');
  await expect(note).toHaveText('Downloading the decoder…');
  // The note lies over the empty square: the widget is as tall as it will be once the decoder has come.
  const heightBefore = (await page.locator('vae-draw .widget__body').boundingBox())!.height;
  expect(Math.max(...(await ink(recon)))).toBeLessThan(0.05);
  // Drawing still moves the code while the decoder is away.
  await page.getByRole('button', { name: 'Clear' }).click();
  await strokePad(page, [
    [0.5, 0.15],
    [0.49, 0.5],
    [0.48, 0.85],
  ]);
  await expect(host).toHaveAttribute('data-source', 'drawing');
  await expect(host).toHaveAttribute('data-mu', /\d/);
  const mu = await host.getAttribute('data-mu');
  // The decoder arrives: the current drawing is reconstructed without the reader doing anything.
  release('pass');
  await expect(host).toHaveAttribute('data-decoder', 'ready');
  await expect(label).toHaveText('Reconstruction');
  await expect(note).toBeHidden();
  expect((await page.locator('vae-draw .widget__body').boundingBox())!.height).toBeCloseTo(heightBefore, 0);
  await expect.poll(async () => (await ink(recon)).filter((v) => v > 0.5).length).toBeGreaterThan(10);
  await expect(host).toHaveAttribute('data-mu', mu!);
  await expect(host).not.toHaveAttribute('data-loading', 'true');
});

test('draw: a decoder that fails to download says so under the reconstruction, and its Retry brings it', async ({ page }) => {
  const release = await holdRequests(page, '**/weights/vae-2d/vae-2d.decoder.bin');
  await page.goto('embed/draw/?debug=1');
  const host = page.locator('vae-draw');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  release('fail');
  await expect(host).toHaveAttribute('data-decoder', 'error');
  const label = page.locator('vae-draw .draw__fig figcaption').nth(1);
  const note = page.locator('vae-draw .draw__recon-note');
  await expect(note).toContainText('The decoder did not download.');
  await expect(page.locator('vae-draw .widget__status')).toContainText('HTTP 503');
  // The rest of the widget keeps working: the code still follows the sliders.
  await page.getByRole('slider', { name: 'z₁' }).press('ArrowRight');
  await expect(host).toHaveAttribute('data-source', 'code');
  // Retry, by keyboard, once the network is back.
  await page.unroute('**/weights/vae-2d/vae-2d.decoder.bin');
  await note.getByRole('button', { name: 'Retry' }).press('Enter');
  await expect(host).toHaveAttribute('data-decoder', 'ready');
  await expect(label).toHaveText('Decoded from your code');
  await expect(page.locator('vae-draw .widget__status')).not.toContainText('HTTP 503');
  await expect.poll(async () => (await ink(page.locator('vae-draw canvas.draw__recon'))).filter((v) => v > 0.5).length).toBeGreaterThan(10);
});
