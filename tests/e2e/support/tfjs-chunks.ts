// Whether TensorFlow.js came after a widget's first frame: its chunks (named dist.*.js in the build) against the widget's ready mark.
import { expect, type Page } from '@playwright/test';

/** How many TensorFlow.js chunks the page fetched before and after `widget`'s ready mark (resource timing). */
export function tfjsChunksAroundReady(page: Page, widget: string): Promise<{ before: number; after: number }> {
  return page.evaluate((w) => {
    const ready = performance.getEntriesByName(`vae:${w}:ready`)[0]!.startTime;
    const chunks = performance.getEntriesByType('resource').filter((e) => /\/dist\.[\w-]+\.js$/.test(e.name));
    return { before: chunks.filter((e) => e.startTime < ready).length, after: chunks.filter((e) => e.startTime >= ready).length };
  }, widget);
}

/** Waits until TensorFlow.js has been fetched, and expects none of it before `widget`'s first frame. */
export async function expectTfjsAfterFirstFrame(page: Page, widget: string): Promise<void> {
  await expect.poll(async () => (await tfjsChunksAroundReady(page, widget)).after).toBeGreaterThan(0);
  expect((await tfjsChunksAroundReady(page, widget)).before).toBe(0);
}
