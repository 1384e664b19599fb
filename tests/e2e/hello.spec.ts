// The hello island runs end to end: lazy TensorFlow.js, weights verified and decoded, under each backend.
import { test, expect, type Page } from '@playwright/test';

/** The decoded canvas's pixels as a plain array. */
async function canvasPixels(page: Page): Promise<number[]> {
  return page.$eval('vae-hello canvas', (c) => {
    const ctx = (c as HTMLCanvasElement).getContext('2d');
    return ctx ? [...ctx.getImageData(0, 0, 28, 28).data].filter((_, i) => i % 4 === 0) : [];
  });
}

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`hello widget decodes a code under ${backend}, and the keyboard moves it`, async ({ page }) => {
    await page.goto(`embed/hello/?backend=${backend}&debug=1`);
    const host = page.locator('vae-hello');
    await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await expect(page.locator('.widget__badge')).toHaveText(backend);
    const before = await canvasPixels(page);
    expect(
      before.some((v) => v < 128),
      'some ink is drawn',
    ).toBe(true);
    const frames = Number(await host.getAttribute('data-frames'));
    const slider = page.getByRole('slider', { name: 'z₁' });
    await slider.focus();
    for (let i = 0; i < 150; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await host.getAttribute('data-frames'))).toBeGreaterThan(frames);
    await expect(host).toHaveAttribute('data-z', /^1\.50,0\.00$/);
    const after = await canvasPixels(page);
    const changed = after.filter((v, i) => Math.abs(v - (before[i] ?? 0)) > 30).length;
    expect(changed, 'pixels changed after moving z1').toBeGreaterThan(20);
    expect(page.url()).toContain('hello.z1=1.5');
  });
}

test('hello widget reads its state from the URL and ignores malformed values', async ({ page }) => {
  await page.goto('embed/hello/?hello.z1=-2&hello.z2=NaN&hello.junk=%3Cscript%3E');
  const host = page.locator('vae-hello');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host).toHaveAttribute('data-z', '-2.00,0.00');
  await expect(page.locator('script:not([src])')).toHaveCount(1); // only the hashed theme script
});

test('hello widget frees every tensor it makes across many interactions', async ({ page }) => {
  await page.goto('embed/hello/?backend=cpu&debug=1');
  const host = page.locator('vae-hello');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const baseline = await page.evaluate(() => window.__vaeDebug?.numTensors());
  const slider = page.getByRole('slider', { name: 'z₂' });
  await slider.focus();
  for (let i = 0; i < 100; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__vaeDebug?.numTensors())).toBe(baseline);
});

test('with no backend asked for, software WebGL is passed over for WASM, and the widget says why', async ({ page }) => {
  await page.goto('embed/hello/');
  const host = page.locator('vae-hello');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
  });
  if (/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer)) {
    await expect(host.locator('.widget__badge')).toHaveText('wasm');
    await expect(host.locator('.widget__status')).toContainText(
      /Running on WASM because WebGL is software-rendered here \(.+\), which is slower than WebAssembly/,
    );
  } else {
    await expect(host.locator('.widget__badge')).toHaveText(renderer ? 'webgl' : /^(wasm|cpu)$/);
  }
});

test('when its weights cannot be loaded, the widget shows its still picture beside the error, and hides it once Retry works', async ({ page }) => {
  await page.route('**/weights/**/*.bin', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto('embed/hello/');
  const host = page.locator('vae-hello');
  await expect(host).toHaveAttribute('data-ready', 'error', { timeout: 60_000 });
  const still = host.locator('.widget__still img');
  await expect(still).toBeVisible();
  await expect(still).toHaveAttribute('src', /\/widgets\/hello\.png$/);
  expect(await still.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.unroute('**/weights/**/*.bin');
  await host.getByRole('button', { name: 'Retry' }).click();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(still).toBeHidden();
});
