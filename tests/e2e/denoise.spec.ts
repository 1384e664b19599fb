// The denoise widget, driven as a reader drives it: held-out digits by number, noise type and level, re-rolls, a drawing.
import { requestedBeforeReady } from './support/widgets.ts';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { expectTensorsBackTo, ink, settledTensorCount } from './support/pixels.ts';
import AxeBuilder from '@axe-core/playwright';

const psnrOf = (a: number[], b: number[]) => 10 * Math.log10(1 / (a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length));
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/denoise/?debug=1${query}`);
  const host = page.locator('vae-denoise');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-frames', /\d/);
  // The opening frame may come shipped; these tests drive the live models, which follow it.
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  return host;
}
const img = (page: Page, which: 'clean' | 'noisy' | 'dae' | 'ae') => page.locator(`vae-denoise canvas.dn__img--${which}`);
const num = async (host: Locator, name: string) => Number(await host.getAttribute(`data-${name}`));
/** Waits until the pictures show digit|kind|level|seed. */
const rendered = (host: Locator, key: string) => expect(host).toHaveAttribute('data-rendered', key);

/** Types a held-out index into the picker and presses Enter, as a keyboard user does. */
async function pick(page: Page, host: Locator, i: number): Promise<void> {
  const field = page.getByLabel('Held-out digit #');
  await field.fill(String(i));
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-digit', String(i));
}

/** Chooses a noise type by its radio button and sets the level in the number field beside the slider. */
async function setNoise(page: Page, host: Locator, kind: string, level: number): Promise<void> {
  await page.getByRole('radio', { name: kind }).check();
  const field = page.locator('vae-denoise [data-control="level-number"]');
  await field.fill(String(level));
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-level', String(level));
}

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`denoise: both models clean up a noisy held-out digit, and the numbers match the pictures (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}`);
    await expect(page.locator('vae-denoise .widget__badge')).toHaveText(backend);
    await rendered(host, '52|gaussian|0.5|1');
    const [clean, noisy, dae, ae] = await Promise.all((['clean', 'noisy', 'dae', 'ae'] as const).map((w) => ink(img(page, w))));
    expect(clean!.filter((v) => v > 0.5).length).toBeGreaterThan(40);
    // The numbers shown are those of the pictures (up to the canvases' 8-bit rounding).
    expect(Math.abs(psnrOf(clean!, noisy!) - (await num(host, 'psnr-noisy')))).toBeLessThan(0.05);
    expect(Math.abs(psnrOf(clean!, dae!) - (await num(host, 'psnr-dae')))).toBeLessThan(0.05);
    expect(Math.abs(psnrOf(clean!, ae!) - (await num(host, 'psnr-ae')))).toBeLessThan(0.05);
    await expect(page.locator('vae-denoise .dn__fig--dae .dn__psnr')).toHaveText(`PSNR ${(await num(host, 'psnr-dae')).toFixed(1)} dB`);
    await expect(page.locator('vae-denoise .dn__fig--ae .dn__bce')).toHaveText(`BCE ${(await num(host, 'bce-ae')).toFixed(0)} nats`);
    // η = 0.5 is heavy noise: the denoising model is far closer to the clean digit than its input or the plain AE.
    expect(await num(host, 'psnr-dae')).toBeGreaterThan((await num(host, 'psnr-noisy')) + 3);
    expect(await num(host, 'psnr-dae')).toBeGreaterThan((await num(host, 'psnr-ae')) + 3);
    expect(await num(host, 'bce-dae')).toBeLessThan(await num(host, 'bce-ae'));
    await expect(page.locator('vae-denoise .dn__verdict')).toHaveAttribute('data-text', /^Closest to the clean digit: the denoising model/);
    // A keyboard step on the level slider recomputes everything and lands in the URL.
    await page.getByRole('slider', { name: 'Noise std η' }).press('ArrowLeft');
    await rendered(host, '52|gaussian|0.45|1');
    expect(page.url()).toContain('denoise.level=0.45');
    expect(await num(host, 'psnr-noisy')).toBeGreaterThan(psnrOf(clean!, noisy!));
  });
}

test('denoise: the URL reproduces the same noisy picture; re-rolling changes it', async ({ page, context }) => {
  const host = await open(page);
  await pick(page, host, 100);
  await setNoise(page, host, 'Salt-and-pepper', 0.3);
  await page.getByRole('button', { name: 'Re-roll the noise' }).click();
  await page.getByRole('button', { name: 'Re-roll the noise' }).click();
  await rendered(host, '100|salt-pepper|0.3|3');
  const link = page.url();
  expect(link).toContain('denoise.digit=100');
  expect(link).toContain('denoise.noise=salt-pepper');
  expect(link).toContain('denoise.seed=3');
  const before = await ink(img(page, 'noisy'));
  const scores = await Promise.all(['psnr-noisy', 'psnr-dae', 'psnr-ae'].map((n) => host.getAttribute(`data-${n}`)));

  const other = await context.newPage();
  await other.goto(link);
  const host2 = other.locator('vae-denoise');
  await expect(host2).toHaveAttribute('data-rendered', '100|salt-pepper|0.3|3', { timeout: 60_000 });
  expect(await ink(img(other, 'noisy'))).toEqual(before);
  expect(await Promise.all(['psnr-noisy', 'psnr-dae', 'psnr-ae'].map((n) => host2.getAttribute(`data-${n}`)))).toEqual(scores);
  await expect(other.getByRole('radio', { name: 'Salt-and-pepper' })).toBeChecked();
  await other.close();

  await page.getByRole('button', { name: 'Re-roll the noise' }).click();
  await rendered(host, '100|salt-pepper|0.3|4');
  const after = await ink(img(page, 'noisy'));
  expect(after.filter((v, i) => v !== before[i]!).length).toBeGreaterThan(50);
  await expect(page.locator('vae-denoise .dn__seed')).toHaveText('noise #4');
});

test('denoise: at a moderate level of each noise type, the denoised digit is closer to the clean one than the noisy input is, and dae beats the plain AE', async ({
  page,
}) => {
  const host = await open(page);
  const all = { dae: [] as number[], ae: [] as number[], bceDae: [] as number[], bceAe: [] as number[] };
  for (const [kind, label, level] of [
    ['gaussian', 'Gaussian noise', 0.4],
    ['salt-pepper', 'Salt-and-pepper', 0.2],
    ['block', 'Block mask', 14],
  ] as const) {
    await setNoise(page, host, label, level);
    const noisy: number[] = [];
    const dae: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pick(page, host, i);
      await rendered(host, `${i}|${kind}|${level}|1`);
      noisy.push(await num(host, 'psnr-noisy'));
      dae.push(await num(host, 'psnr-dae'));
      all.dae.push(await num(host, 'psnr-dae'));
      all.ae.push(await num(host, 'psnr-ae'));
      all.bceDae.push(await num(host, 'bce-dae'));
      all.bceAe.push(await num(host, 'bce-ae'));
    }
    // Held-out digits 0–5, noise seed 1: closer on average, by PSNR.
    expect(mean(dae), `${kind}: dae ${dae.map((v) => v.toFixed(1))} vs noisy ${noisy.map((v) => v.toFixed(1))}`).toBeGreaterThan(mean(noisy) + 1);
  }
  expect(mean(all.dae)).toBeGreaterThan(mean(all.ae) + 1);
  expect(mean(all.bceDae)).toBeLessThan(mean(all.bceAe));
});

test('denoise: a drawn digit is corrupted and denoised; Clear empties the pictures', async ({ page }) => {
  const host = await open(page);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('vae-denoise .dn__verdict')).toHaveAttribute('data-text', 'Draw a digit, or pick a held-out one.');
  expect(Math.max(...(await ink(img(page, 'noisy'))))).toBeLessThan(0.05);
  await expect(host).not.toHaveAttribute('data-psnr-dae', /./);
  const box = (await page.locator('vae-denoise canvas.pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.85, { steps: 10 });
  await page.mouse.up();
  await expect(host).toHaveAttribute('data-source', 'drawing');
  await expect(host).toHaveAttribute('data-psnr-dae', /\d/);
  expect((await ink(img(page, 'clean'))).filter((v) => v > 0.5).length).toBeGreaterThan(10);
  expect(page.url()).toContain('denoise.digit=-1');
  expect(await num(host, 'psnr-dae')).toBeGreaterThan(await num(host, 'psnr-noisy'));
});

test('denoise: usable by keyboard alone', async ({ page }) => {
  const host = await open(page);
  const gaussian = page.getByRole('radio', { name: 'Gaussian noise' });
  await gaussian.focus();
  await page.keyboard.press('ArrowRight'); // radio groups move with arrow keys
  await expect(page.getByRole('radio', { name: 'Salt-and-pepper' })).toBeChecked();
  await expect(host).toHaveAttribute('data-noise', 'salt-pepper');
  await expect(host).toHaveAttribute('data-level', '0.3'); // η 0.5 of 1 → ρ 0.3 of 0.6
  await page.keyboard.press('Tab');
  await expect(page.getByRole('slider', { name: 'Fraction hit ρ' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-level', '0.31');
  await page.getByRole('button', { name: 'Re-roll the noise' }).focus();
  await page.keyboard.press('Enter');
  await rendered(host, '52|salt-pepper|0.31|2');
  await page.keyboard.press('Space');
  await rendered(host, '52|salt-pepper|0.31|3');
  await page.getByRole('button', { name: 'Random held-out digit' }).press('Enter');
  await expect(host).not.toHaveAttribute('data-digit', '52');
  await expect(page.locator('vae-denoise .dn__source-note')).toContainText('labelled');
});

test('denoise: every tensor is freed across 500 interactions', async ({ page }) => {
  const host = await open(page, '&backend=cpu');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  let n = 0;
  const slider = page.getByRole('slider', { name: 'Noise std η' });
  await slider.focus();
  for (let i = 0; i < 200; i++, n++) await page.keyboard.press(i % 3 ? 'ArrowLeft' : 'ArrowRight');
  const reroll = page.getByRole('button', { name: 'Re-roll the noise' });
  await reroll.focus();
  for (let i = 0; i < 120; i++, n++) await page.keyboard.press('Enter');
  await page.getByRole('radio', { name: 'Gaussian noise' }).focus();
  for (let i = 0; i < 60; i++, n++) await page.keyboard.press('ArrowRight');
  const random = page.getByRole('button', { name: 'Random held-out digit' });
  for (let i = 0; i < 60; i++, n++) await random.click();
  const box = (await page.locator('vae-denoise canvas.pad').boundingBox())!;
  for (let i = 0; i < 30; i++, n++) {
    await page.mouse.move(box.x + box.width * (0.3 + i * 0.01), box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 5 });
    await page.mouse.up();
  }
  const clear = page.getByRole('button', { name: 'Clear' });
  for (let i = 0; i < 30; i++, n++) await clear.click();
  expect(n).toBeGreaterThanOrEqual(500);
  await random.click();
  await expect(host).toHaveAttribute('data-source', 'heldout');
  await expect(host).toHaveAttribute('data-psnr-dae', /\d/);
  await expectTensorsBackTo(page, baseline);
});

test('denoise: a model missing from the manifest gives a clear message and a Retry button', async ({ page }) => {
  await page.route('**/weights/manifest.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    delete json.models.dae;
    await route.fulfill({ response: res, json });
  });
  await page.goto('embed/denoise/');
  const host = page.locator('vae-denoise');
  await expect(host).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  await expect(page.locator('vae-denoise .widget__error')).toContainText('dae is missing');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`denoise: no WCAG AA violations once live, block noise beyond the trained range (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const host = await open(page, '&denoise.noise=block&denoise.level=18');
    await rendered(host, '52|block|18|1');
    await expect(page.locator('vae-denoise .dn__trained')).toHaveAttribute('data-inside', 'false');
    await expect(page.locator('vae-denoise .dn__mask')).toBeVisible();
    const results = await new AxeBuilder({ page })
      .include('vae-denoise')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  test('denoise: fits the screen, and taps work', async ({ page }) => {
    const host = await open(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const w of ['clean', 'noisy', 'dae', 'ae'] as const) {
      const b = (await img(page, w).boundingBox())!;
      expect(b.width).toBeGreaterThan(100);
      expect(b.x + b.width).toBeLessThanOrEqual(360);
    }
    await expect(page.locator('vae-denoise .dn__mask')).toBeHidden();
    await page.getByRole('radio', { name: 'Block mask' }).tap();
    await expect(host).toHaveAttribute('data-noise', 'block');
    await expect(page.locator('vae-denoise .dn__mask')).toBeVisible(); // the erased square is outlined
    await page.getByRole('button', { name: 'Re-roll the noise' }).tap();
    await expect(host).toHaveAttribute('data-seed', '2');
    await expect(host).toHaveAttribute('data-rendered', /\|block\|\d+\|2$/);
  });
});

test('denoise: the first frame comes shipped, without TensorFlow.js or the models, and equals what the models compute live', async ({ page }) => {
  await page.goto('embed/denoise/');
  const host = page.locator('vae-denoise');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const before = await requestedBeforeReady(page, 'denoise');
  expect(before.some((p) => p.endsWith('dae/denoise-frames.png'))).toBe(true);
  // Nothing of the live models came before the first frame: no weights, no digit chunk, no WASM.
  expect(before.filter((p) => /\.bin$|heldout-\d+\.png|\.wasm$/.test(p))).toEqual([]);
  await expect(host).toHaveAttribute('data-shipped', 'true');
  await rendered(host, '52|gaussian|0.5|1');
  const shipped = Object.fromEntries(
    await Promise.all(['psnr-noisy', 'psnr-dae', 'psnr-ae', 'bce-dae', 'bce-ae'].map(async (k) => [k, await num(host, k)] as const)),
  );
  const [clean, noisy, dae, ae] = await Promise.all((['clean', 'noisy', 'dae', 'ae'] as const).map((w) => ink(img(page, w))));
  expect(Math.abs(psnrOf(clean!, dae!) - shipped['psnr-dae']!)).toBeLessThan(0.05);
  expect(Math.abs(psnrOf(clean!, noisy!) - shipped['psnr-noisy']!)).toBeLessThan(0.05);
  // The models follow without the reader asking; the badge then names a backend.
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  await expect(page.locator('vae-denoise .widget__badge')).toHaveText(/^(webgl|wasm|cpu)$/);
  // The same state computed live: a step of the level slider and back.
  await page.getByRole('slider', { name: 'Noise std η' }).press('ArrowLeft');
  await rendered(host, '52|gaussian|0.45|1');
  await page.getByRole('slider', { name: 'Noise std η' }).press('ArrowRight');
  await rendered(host, '52|gaussian|0.5|1');
  await expect(host).toHaveAttribute('data-shipped', 'false');
  const [cleanL, daeL, aeL] = await Promise.all((['clean', 'dae', 'ae'] as const).map((w) => ink(img(page, w))));
  expect(cleanL).toEqual(clean);
  // The live outputs match the shipped ones to the canvas's 8-bit rounding (plus a grey level for float differences).
  expect(Math.max(...daeL!.map((v, i) => Math.abs(v - dae![i]!)))).toBeLessThanOrEqual(2 / 255 + 1e-6);
  expect(Math.max(...aeL!.map((v, i) => Math.abs(v - ae![i]!)))).toBeLessThanOrEqual(2 / 255 + 1e-6);
  for (const k of ['psnr-dae', 'psnr-ae', 'bce-dae', 'bce-ae']) expect(Math.abs((await num(host, k)) - shipped[k]!)).toBeLessThan(0.01);
});

test('denoise: when the models fail to download after the shipped frame, the frame stays, notes say so, and Retry brings them', async ({ page }) => {
  let refused = 0;
  await page.route('**/weights/dae/dae.*.bin', (route) => (refused++, route.fulfill({ status: 404, body: 'Not found' })));
  await page.goto('embed/denoise/');
  const host = page.locator('vae-denoise');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const notes = page.locator('vae-denoise .dn__model-note');
  await expect(notes).toHaveCount(2);
  for (const i of [0, 1]) await expect(notes.nth(i)).toContainText('The two autoencoders did not download.');
  await expect(host).toHaveAttribute('data-decoder', 'error');
  await expect(host.locator('.widget__status')).toContainText(/No live denoising: .*HTTP 404/);
  await expect(host).toHaveAttribute('data-rendered', '52|gaussian|0.5|1');
  // A change waits for the models: it fails again while the network is down, and the pictures keep the old state.
  const first = refused;
  await page.getByRole('button', { name: 'Re-roll the noise' }).click();
  await expect.poll(() => refused, { message: 'the change asked for the models again' }).toBeGreaterThan(first);
  await expect(host).toHaveAttribute('data-decoder', 'error');
  await expect(notes.first()).toContainText('did not download');
  await expect(host).toHaveAttribute('data-rendered', '52|gaussian|0.5|1');
  await page.unrouteAll({ behavior: 'wait' });
  await notes.first().getByRole('button', { name: 'Retry' }).click();
  await rendered(host, '52|gaussian|0.5|2');
  await expect(notes.first()).toBeHidden();
  await expect(notes.nth(1)).toBeHidden();
});
