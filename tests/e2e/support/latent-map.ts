// What a latent map (src/widgets/shared/latent-map.ts) shows: its codes are painted on a canvas, so a test reads the pixels.
import { expect, type Locator } from '@playwright/test';

/**
 * Per digit class, how many of the map canvas's pixels have that class's colour as a dot paints it (one dot at 80 %
 * opacity over the background, or several piled up). Antialiased edges and mixes of two classes count for none.
 */
export function paintedClassPixels(map: Locator): Promise<number[]> {
  return map.evaluate((el) => {
    const canvas = el.querySelector<HTMLCanvasElement>('canvas.lmap__canvas');
    if (!canvas) throw new Error('the map has no canvas.lmap__canvas');
    const probe = document.createElement('span');
    el.append(probe);
    const rgb = (v: string): number[] => {
      probe.style.color = `var(${v})`;
      return (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    };
    const bg = rgb('--bg');
    const classes = Array.from({ length: 10 }, (_, d) => rgb(`--digit-${d}`));
    probe.remove();
    // One dot (α 0.8), two piled up (0.96), three (0.992).
    const targets = classes.flatMap((c, d) => [0.8, 0.96, 0.992].map((a) => ({ d, c: c.map((v, k) => a * v + (1 - a) * bg[k]!) })));
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts: number[] = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3]! < 250) continue;
      let best = Infinity;
      let bestD = -1;
      for (const t of targets) {
        const dist = Math.hypot(px[i]! - t.c[0]!, px[i + 1]! - t.c[1]!, px[i + 2]! - t.c[2]!);
        if (dist < best) [best, bestD] = [dist, t.d];
      }
      if (best < 10) counts[bestD]!++;
    }
    return counts;
  });
}

/** Expects `map` (a `.lmap`) to show `n` codes, painted: at least `classes` digit classes each cover 20 pixels or more. */
export async function expectMapDots(map: Locator, n: number, classes = 10): Promise<void> {
  await expect(map).toHaveAttribute('data-points', String(n));
  await expect.poll(async () => (await paintedClassPixels(map)).filter((c) => c >= 20).length).toBeGreaterThanOrEqual(classes);
}
