// A finger on a phone, through the browser's real touch input (CDP), so that the browser itself decides whether a
// swipe scrolls the page (touch-action) or reaches the widget: shared by the map and handle tests of the widgets.
import { expect, type BrowserContext, type Page } from '@playwright/test';

export interface Finger {
  /** A one-finger swipe from → to in CSS px of the viewport, in ten moves one frame apart. */
  swipe(from: [number, number], to: [number, number]): Promise<void>;
  /** The page's vertical scroll position. */
  scrollY(): Promise<number>;
  /** Waits until the page has stopped scrolling (a swipe may leave a fling behind it). */
  settled(): Promise<void>;
}

/** Touch input for a page of a context made with hasTouch. */
export async function finger(context: BrowserContext, page: Page): Promise<Finger> {
  const cdp = await context.newCDPSession(page);
  const nextFrame = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
  const scrollY = () => page.evaluate(() => window.scrollY);
  return {
    scrollY,
    async swipe(from, to) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from[0], y: from[1] }] });
      for (let i = 1; i <= 10; i++) {
        const p = { x: from[0] + ((to[0] - from[0]) * i) / 10, y: from[1] + ((to[1] - from[1]) * i) / 10 };
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
        await nextFrame();
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    },
    async settled() {
      let last = -1;
      await expect
        .poll(async () => {
          const y = await scrollY();
          await nextFrame();
          await nextFrame();
          const same = y === last && y === (await scrollY());
          last = y;
          return same;
        })
        .toBe(true);
    },
  };
}
