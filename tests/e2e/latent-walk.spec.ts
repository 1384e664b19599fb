// The latent walk, driven as a reader drives it: the cursor by keyboard and drag, grid cells, interpolation, model switch.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { diff, expectTensorsBackTo, ink, settledTensorCount } from './support/pixels.ts';
import { finger } from './support/touch.ts';
import { holdRequests } from './support/hold.ts';
import { expectTfjsAfterFirstFrame } from './support/tfjs-chunks.ts';
import { expectMapDots } from './support/latent-map.ts';

/** Opens the embed page and waits for the first frame and for what follows it (the decoder, the caption's classifier). */
async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/latent-walk/?debug=1${query}`);
  const host = page.locator('vae-latent-walk');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  return host;
}
const DECODER = '**/weights/vae-2d/vae-2d.decoder.bin';
const z = async (host: Locator) => (await host.getAttribute('data-z'))!.split(',').map(Number);
const digit = (page: Page) => page.locator('vae-latent-walk canvas.lw__digit');
const mapControl = (page: Page) => page.getByRole('slider', { name: /Latent map cursor/ });

test('latent walk: the map repaints its dots in the dark theme’s colours when the reader switches theme', async ({ page }) => {
  await open(page);
  const map = page.locator('vae-latent-walk .lmap');
  await expectMapDots(map, 2000);
  // The light theme's dots are not the dark theme's colours: the check after the switch fails on a canvas left as it was.
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await expectMapDots(map, 2000);
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  await expectMapDots(map, 2000);
});

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`latent walk: the keyboard and a drag move the cursor and change the decoded digit (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}`);
    await expect(page.locator('vae-latent-walk .widget__badge')).toHaveText(backend);
    await expect(host).toHaveAttribute('data-z', '0.00,0.00');
    await expectMapDots(page.locator('vae-latent-walk .lmap'), 2000);
    const before = await ink(digit(page));
    // Keyboard: Shift+Right twice is a big step to the right.
    await mapControl(page).focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await z(host))[0]).toBeGreaterThan(1);
    await expect.poll(async () => (await z(host))[1]).toBeGreaterThan(0);
    await expect(mapControl(page)).toHaveAttribute('aria-valuetext', /z₁ = \d\.\d\d, z₂ = \d\.\d\d/);
    const afterKeys = await ink(digit(page));
    expect(diff(afterKeys, before)).toBeGreaterThan(5);
    expect(page.url()).toMatch(/latent-walk\.x=\d/);
    // Drag: from the centre to the lower left.
    const box = (await page.locator('vae-latent-walk .lmap__svg').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.45);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.75, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => (await z(host))[0]).toBeLessThan(-0.5);
    expect((await z(host))[1]).toBeLessThan(-0.5);
    await expect.poll(async () => diff(await ink(digit(page)), afterKeys)).toBeGreaterThan(5);
  });
}

test('latent walk: clicking a grid cell moves the cursor there, and the keyboard moves it cell by cell', async ({ page }) => {
  const host = await open(page, '&latent-walk.n=5');
  const grid = page.locator('vae-latent-walk .lw__grid');
  await expect(grid).toHaveAttribute('data-cell', '2,2');
  const box = (await page.locator('vae-latent-walk canvas.lw__grid-canvas').boundingBox())!;
  // Top-left cell: the smallest z₁ and the largest z₂ (Φ⁻¹(0.1) ≈ −1.28).
  await page.mouse.click(box.x + box.width * 0.1, box.y + box.height * 0.1);
  await expect(host).toHaveAttribute('data-z', '-1.28,1.28');
  await expect(grid).toHaveAttribute('data-cell', '0,0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(grid).toHaveAttribute('data-cell', '1,1');
  await expect(host).toHaveAttribute('data-z', '-0.52,0.52');
  await expect(mapControl(page)).toHaveAttribute('aria-valuetext', 'z₁ = −0.52, z₂ = 0.52');
});

test('latent walk: interpolation endpoints, mode and scrubbing, all in the URL', async ({ page }) => {
  const host = await open(page);
  await page.getByLabel('From held-out digit #').fill('3');
  await page.getByLabel('From held-out digit #').press('Enter');
  await page.getByLabel('to #').fill('10');
  await page.getByLabel('to #').press('Enter');
  await expect(host).toHaveAttribute('data-strip', '3,10,linear');
  await page.getByRole('radio', { name: /Spherical/ }).check();
  await expect(host).toHaveAttribute('data-strip', '3,10,spherical');
  const scrub = page.getByRole('slider', { name: 'Along the path' });
  await scrub.focus();
  const beforeEnd = await z(host);
  await page.keyboard.press('End');
  // Decoding is asynchronous: wait until the cursor has reached the far end before reading it.
  await expect.poll(() => z(host)).not.toEqual(beforeEnd);
  await expect.poll(() => page.url()).toContain('latent-walk.t=1');
  const zb = await z(host);
  await page.keyboard.press('Home');
  await expect.poll(() => z(host)).not.toEqual(zb);
  for (let i = 0; i < 50; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.url()).toContain('latent-walk.t=0.5');
  const url = page.url();
  expect(url).toContain('latent-walk.a=3');
  expect(url).toContain('latent-walk.b=10');
  expect(url).toContain('latent-walk.mode=spherical');
  // The same URL restores the same state.
  const host2 = await open(page, `&${url.split('?')[1]}`);
  await expect(host2).toHaveAttribute('data-strip', '3,10,spherical');
  await expect(page.getByRole('slider', { name: 'Along the path' })).toHaveValue('0.5');
});

test('latent walk: the model switch swaps in the plain autoencoder, and it is in the URL', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-model', 'vae-2d');
  const before = await ink(digit(page));
  await page.getByRole('radio', { name: 'Plain autoencoder' }).check();
  await expect(host).toHaveAttribute('data-model', 'ae-2d');
  expect(page.url()).toContain('latent-walk.model=ae-2d');
  await expect(page.getByRole('checkbox', { name: /σ-ellipses/ })).toBeDisabled();
  await expect.poll(async () => diff(await ink(digit(page)), before)).toBeGreaterThan(5);
  await page.getByRole('radio', { name: 'VAE' }).check();
  await page.getByRole('checkbox', { name: /σ-ellipses/ }).check();
  await expect(page.locator('vae-latent-walk .lmap__ell')).toHaveCount(2000);
});

test('latent walk: every tensor is freed across 500 interactions', async ({ page }) => {
  const host = await open(page, '&backend=cpu');
  // Load both models first: each stays cached (and is freed on teardown), so the baseline includes both.
  await page.getByRole('radio', { name: 'Plain autoencoder' }).check();
  await expect(host).toHaveAttribute('data-model', 'ae-2d');
  await page.getByRole('radio', { name: 'VAE' }).check();
  await expect(host).toHaveAttribute('data-model', 'vae-2d');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  await mapControl(page).focus();
  for (let i = 0; i < 300; i++) await page.keyboard.press(['ArrowRight', 'ArrowUp', 'ArrowLeft', 'ArrowDown'][i % 4]!);
  await page.locator('vae-latent-walk .lw__grid').focus();
  for (let i = 0; i < 100; i++) await page.keyboard.press(i % 2 ? 'ArrowRight' : 'ArrowDown');
  const scrub = page.getByRole('slider', { name: 'Along the path' });
  await scrub.focus();
  for (let i = 0; i < 90; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  await page.getByLabel('Grid size n').fill('8');
  await page.getByLabel('Grid size n').press('Enter');
  for (const name of ['Plain autoencoder', 'VAE', 'Plain autoencoder', 'VAE']) await page.getByRole('radio', { name }).check();
  await expect(host).toHaveAttribute('data-model', 'vae-2d');
  await expectTensorsBackTo(page, baseline);
});

test('latent walk: malformed URL state falls back to the defaults', async ({ page }) => {
  const host = await open(
    page,
    '&latent-walk.model=gan&latent-walk.x=NaN&latent-walk.y=1e999&latent-walk.n=1000&latent-walk.a=-4&latent-walk.mode=zigzag&latent-walk.t=2',
  );
  await expect(host).toHaveAttribute('data-model', 'vae-2d');
  await expect(host).toHaveAttribute('data-z', '0.00,0.00');
  await expect(page.getByLabel('Grid size n')).toHaveValue('15');
  await expect(host).toHaveAttribute('data-strip', '63,153,linear');
  await expect(page.getByRole('slider', { name: 'Along the path' })).toHaveValue('0');
});

test('latent walk on a phone: a vertical swipe over the map scrolls the page, a drag on the handle moves the cursor, a tap places it', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const host = await open(page);
  const svg = page.locator('vae-latent-walk .lmap__svg');
  const { swipe, scrollY, settled } = await finger(context, page);
  const centre = () => svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));

  // A swipe up over the map, away from the cursor, scrolls the page and leaves the cursor where it was.
  await centre();
  let box = (await svg.boundingBox())!;
  const before = await scrollY();
  await swipe([box.x + box.width * 0.2, box.y + box.height * 0.75], [box.x + box.width * 0.2, box.y + box.height * 0.25]);
  await expect.poll(scrollY).toBeGreaterThan(before + 50);
  await expect(host).toHaveAttribute('data-z', '0.00,0.00');
  await settled();

  // A drag that starts on the cursor's handle moves the cursor (down and to the left) and does not scroll.
  await centre();
  await settled();
  const still = await scrollY();
  const handle = (await page.locator('vae-latent-walk .lmap__handle').boundingBox())!;
  expect(handle.width).toBeGreaterThanOrEqual(44);
  const hx = handle.x + handle.width / 2;
  const hy = handle.y + handle.height / 2;
  await swipe([hx, hy], [hx - 80, hy + 100]);
  await expect.poll(async () => (await z(host))[1]).toBeLessThan(-1);
  expect((await z(host))[0]).toBeLessThan(-1);
  expect(await scrollY()).toBe(still);

  // A tap elsewhere places the cursor there (upper right: both coordinates positive).
  box = (await svg.boundingBox())!;
  await page.touchscreen.tap(box.x + box.width * 0.8, box.y + box.height * 0.2);
  await expect.poll(async () => (await z(host))[0]).toBeGreaterThan(1);
  expect((await z(host))[1]).toBeGreaterThan(1);
  await context.close();
});

test('latent walk: the first frame comes shipped, before TensorFlow.js and the decoder; they follow it, and every move is decoded live', async ({
  page,
}) => {
  const release = await holdRequests(page, DECODER);
  await page.goto('embed/latent-walk/?debug=1');
  const host = page.locator('vae-latent-walk');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // The whole first frame is there without the decoder: the digit, the 15 × 15 grid and the strip, drawn in plain JavaScript.
  await expect(host).toHaveAttribute('data-z', '0.00,0.00');
  await expect(host).toHaveAttribute('data-strip', '63,153,linear');
  await expect(host).toHaveAttribute('data-grid-frames', '1');
  await expect(page.locator('vae-latent-walk .widget__badge')).toHaveText(/^(JS|cpu|wasm|webgl)$/);
  const shippedDigit = await ink(digit(page));
  const grid = page.locator('vae-latent-walk canvas.lw__grid-canvas');
  const shippedGrid = await ink(grid);
  expect(shippedDigit.filter((v) => v > 0.5).length).toBeGreaterThan(30);
  const note = page.locator('vae-latent-walk .lw__digit-note');
  await expect(note).toBeHidden();
  // The decoder follows the first frame; a move before it has come says so over the digit, without changing the layout.
  await expect(host).toHaveAttribute('data-decoder', 'loading');
  const height = (await page.locator('vae-latent-walk .widget__body').boundingBox())!.height;
  await mapControl(page).focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(note).toHaveText('Downloading the decoder…');
  expect((await page.locator('vae-latent-walk .widget__body').boundingBox())!.height).toBeCloseTo(height, 0);
  expect(await host.getAttribute('data-z')).toBe('0.00,0.00');
  // TensorFlow.js (its chunks are named dist.*.js in the build) was fetched only after the first frame.
  await expectTfjsAfterFirstFrame(page, 'latent-walk');
  release('pass');
  await expect(host).toHaveAttribute('data-decoder', 'ready');
  await expect(note).toBeHidden();
  await expect.poll(async () => (await z(host))[0]).toBeGreaterThan(0.2);
  // Back at the origin, the live decode is the shipped one (stored to 1/255).
  await page.keyboard.press('Home');
  await expect(host).toHaveAttribute('data-z', '0.00,0.00');
  await expect.poll(async () => Math.max(...(await ink(digit(page))).map((v, i) => Math.abs(v - shippedDigit[i]!)))).toBeLessThan(0.02);
  // The grid, shipped with 16 grey levels, is decoded afresh once the fast backend has come: the same picture, finer.
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-grid-frames', '2');
  const liveGrid = await ink(grid);
  const worst = liveGrid.reduce((w, v, i) => Math.max(w, Math.abs(v - shippedGrid[i]!)), 0);
  expect(worst).toBeGreaterThan(0);
  expect(worst).toBeLessThan(0.05);
  await expect(page.locator('vae-latent-walk .widget__badge')).toHaveText(/^(cpu|wasm|webgl)$/);
});

test('latent walk: a decoder that fails to download leaves the shipped frame, says so over the digit, and its Retry brings it', async ({ page }) => {
  const release = await holdRequests(page, DECODER);
  await page.goto('embed/latent-walk/?debug=1');
  const host = page.locator('vae-latent-walk');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  release('fail');
  await expect(host).toHaveAttribute('data-decoder', 'error');
  const note = page.locator('vae-latent-walk .lw__digit-note');
  await expect(note).toContainText('The decoder did not download.');
  await expect(page.locator('vae-latent-walk .widget__status')).toContainText('HTTP 503');
  await expect(host).not.toHaveAttribute('data-loading', 'true');
  // The map still answers: the cursor moves and says where it is, and the digit follows once the decoder has come.
  await mapControl(page).focus();
  await page.keyboard.press('Shift+ArrowUp');
  await expect(mapControl(page)).toHaveAttribute('aria-valuetext', /z₂ = 0\.[1-9]\d/);
  await page.unroute(DECODER);
  await note.getByRole('button', { name: 'Retry' }).focus();
  await page.keyboard.press('Enter');
  await expect(host).toHaveAttribute('data-decoder', 'ready');
  await expect(note).toBeHidden();
  await expect(page.locator('vae-latent-walk .widget__status')).not.toContainText('HTTP 503');
  await expect.poll(async () => (await z(host))[1]).toBeGreaterThan(0.1);
});
