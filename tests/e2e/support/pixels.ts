// What the widget specs share for pictures and memory: a canvas's ink, the difference between two pictures, a mouse
// stroke on a drawing pad, and the live tensor count once it has settled.
import { expect, type Locator, type Page } from '@playwright/test';

/** A canvas's ink (1 − red/255) per pixel, row-major, as a plain array (the whole canvas; digits are 28×28). */
export async function ink(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((c) => {
    const el = c as HTMLCanvasElement;
    const ctx = el.getContext('2d');
    return ctx ? [...ctx.getImageData(0, 0, el.width, el.height).data].filter((_, i) => i % 4 === 0).map((v) => 1 - v / 255) : [];
  });
}

/** The summed absolute difference between two pictures' ink. */
export const diff = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - (b[i] ?? 0)), 0);

/** Draws a polyline on `pad` with the mouse; points in pad fractions (0–1), `steps` mouse moves between points. */
export async function stroke(page: Page, pad: Locator, points: [number, number][], steps = 4): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (p: [number, number]) => [box.x + p[0] * box.width, box.y + p[1] * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps });
  await page.mouse.up();
}

/** The live tensor count (needs ?debug=1). */
export const tensorCount = (page: Page) => page.evaluate(() => window.__vaeDebug!.numTensors());

/** The live tensor count once it has stopped changing: two reads two animation frames apart agree. */
export async function settledTensorCount(page: Page): Promise<number> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const n = await page.evaluate(
          () => new Promise<number>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.__vaeDebug!.numTensors())))),
        );
        const same = n === last;
        last = n;
        return same;
      },
      { message: 'the tensor count settles' },
    )
    .toBe(true);
  return last;
}

/** Waits until the live tensor count is back at `baseline` (work in flight may hold some for a moment). */
export async function expectTensorsBackTo(page: Page, baseline: number): Promise<void> {
  await expect.poll(() => tensorCount(page), { message: 'tensors back to the baseline' }).toBe(baseline);
}
