// Your digit follows you through the book: a digit drawn in chapter 1 can be brought into a later widget that takes a
// digit, kept only in this browser.
import { test, expect, type Locator, type Page } from '@playwright/test';

/** The pad's ink (alpha) summed over a coarse grid: enough to tell two drawings apart. */
async function inkGrid(pad: Locator): Promise<number[]> {
  return pad.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const cells = new Array(49).fill(0);
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++)
        cells[Math.floor((7 * y) / c.height) * 7 + Math.floor((7 * x) / c.width)] += d[4 * (y * c.width + x) + 3]! / 255;
    return cells.map((v) => Math.round(v));
  });
}

/** Draws an "L" on a pad with the mouse, as a reader would. */
async function drawL(page: Page, pad: Locator): Promise<void> {
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.up();
}

test('a digit drawn in chapter 1 is offered as "Your digit" by the denoising widget, and loads into its pad', async ({ page }) => {
  await page.goto('chapters/autoencoders/');
  const draw = page.locator('#widget-draw > vae-draw');
  await draw.scrollIntoViewIfNeeded();
  await expect(draw).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const drawPad = draw.locator('canvas.pad');
  await drawPad.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.clearRect(0, 0, c.width, c.height));
  await drawL(page, drawPad);
  const drawn = await inkGrid(drawPad);

  await page.goto('embed/denoise/');
  const host = page.locator('#widget-denoise > vae-denoise');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const pad = host.locator('canvas.pad');
  const before = await inkGrid(pad);
  const yours = host.getByRole('button', { name: /^Your digit/ });
  await expect(yours).toBeVisible();
  await yours.click();
  await expect.poll(() => inkGrid(pad)).not.toEqual(before);
  // The pad now holds the L: most of its ink lies where the L was drawn.
  const share = (cells: number[]) => cells.map((v) => v / cells.reduce((s, x) => s + x, 0));
  const [a, b] = [share(await inkGrid(pad)), share(drawn)];
  expect(a.reduce((s, v, i) => s + Math.min(v, b[i]!), 0)).toBeGreaterThan(0.6);
});

test('with nothing drawn yet, no "Your digit" button is offered', async ({ page }) => {
  await page.goto('embed/posterior/');
  const host = page.locator('#widget-posterior > vae-posterior');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(host.getByRole('button', { name: /^Your digit/ })).toBeHidden();
});
