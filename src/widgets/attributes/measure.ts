// Attributes of a 28×28 digit measured from its pixels alone (no labels): slant, stroke thickness, width and height.

export const ATTRIBUTES = ['slant', 'thickness', 'width', 'height'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** Side of the images measured here. */
const N = 28;
/** Pixels at or above this value count as ink for the thickness, width and height measures. */
export const INK = 0.5;

/** Units and a short description of each attribute, for captions and axes. */
export const ATTRIBUTE_INFO: Record<Attribute, { label: string; unit: string; decimals: number }> = {
  slant: { label: 'Slant', unit: '°', decimals: 1 },
  thickness: { label: 'Stroke thickness', unit: ' px', decimals: 2 },
  width: { label: 'Width', unit: ' px', decimals: 0 },
  height: { label: 'Height', unit: ' px', decimals: 0 },
};

/**
 * Slant in degrees from vertical, positive when the top leans right (like italics). It is the angle of the straight line
 * x = a + b·y that best fits the ink, weighted by intensity: b = cov(x, y) / var(y), from the ink's second moments.
 * This is the shear that MNIST deskewing removes; unlike the main axis it stays defined for round and wide digits.
 */
export function slant(img: ArrayLike<number>): number {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      const v = img[y * N + x] ?? 0;
      m += v;
      sx += v * x;
      sy += v * y;
    }
  if (m <= 0) return 0;
  const mx = sx / m;
  const my = sy / m;
  let vyy = 0;
  let cxy = 0;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      const v = img[y * N + x] ?? 0;
      vyy += v * (y - my) * (y - my);
      cxy += v * (x - mx) * (y - my);
    }
  if (vyy <= 1e-9) return 0;
  // Image rows grow downwards, so a top leaning right has x falling as y grows: negate.
  return (Math.atan(-cxy / vyy) * 180) / Math.PI;
}

/** Binary ink mask (1 where the pixel is at least `threshold`). */
export function inkMask(img: ArrayLike<number>, threshold = INK): Uint8Array {
  const out = new Uint8Array(N * N);
  for (let i = 0; i < N * N; i++) out[i] = (img[i] ?? 0) >= threshold ? 1 : 0;
  return out;
}

/** Thins a binary 28×28 mask to one-pixel-wide strokes (Zhang & Suen, 1984); returns a new mask. */
export function skeletonize(mask: Uint8Array): Uint8Array {
  const s = mask.slice();
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= N || y >= N ? 0 : (s[y * N + x] ?? 0));
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of [0, 1]) {
      const remove: number[] = [];
      for (let y = 0; y < N; y++)
        for (let x = 0; x < N; x++) {
          if (!s[y * N + x]) continue;
          // Neighbours p2…p9 clockwise from north.
          const p = [at(x, y - 1), at(x + 1, y - 1), at(x + 1, y), at(x + 1, y + 1), at(x, y + 1), at(x - 1, y + 1), at(x - 1, y), at(x - 1, y - 1)];
          const b = p.reduce((a, v) => a + v, 0);
          if (b < 2 || b > 6) continue;
          let a = 0;
          for (let k = 0; k < 8; k++) if (p[k] === 0 && p[(k + 1) % 8] === 1) a++;
          if (a !== 1) continue;
          const [p2, , p4, , p6, , p8] = p as [number, number, number, number, number, number, number, number];
          if (step === 0 ? p2 * p4 * p6 === 0 && p4 * p6 * p8 === 0 : p2 * p4 * p8 === 0 && p2 * p6 * p8 === 0) remove.push(y * N + x);
        }
      for (const i of remove) s[i] = 0;
      if (remove.length) changed = true;
    }
  }
  return s;
}

/**
 * Stroke thickness t in pixels: ink area A over stroke length, both counted on the ink mask. Thinning shortens a stroke by
 * about half its width at each end, so the length is taken as skeleton length L plus t, and t solves t = A / (L + t).
 * 0 for a blank image.
 */
export function thickness(img: ArrayLike<number>): number {
  const mask = inkMask(img);
  const area = mask.reduce((a, v) => a + v, 0);
  if (!area) return 0;
  const length = skeletonize(mask).reduce((a, v) => a + v, 0);
  return (Math.sqrt(length * length + 4 * area) - length) / 2;
}

/** Width and height of the ink's bounding box in pixels (0 × 0 for a blank image). */
export function boxSize(img: ArrayLike<number>, threshold = INK): { width: number; height: number } {
  let x0 = N;
  let y0 = N;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++)
      if ((img[y * N + x] ?? 0) >= threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return x1 < 0 ? { width: 0, height: 0 } : { width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** One attribute of the digit at `offset` in `pixels` (784 values per digit). */
export function measure(attr: Attribute, pixels: ArrayLike<number>, offset = 0): number {
  const img = offset === 0 && pixels.length === N * N ? pixels : Array.prototype.slice.call(pixels, offset, offset + N * N);
  if (attr === 'slant') return slant(img);
  if (attr === 'thickness') return thickness(img);
  const box = boxSize(img);
  return attr === 'width' ? box.width : box.height;
}

/** The attribute of each of `count` digits stored back to back. */
export function measureAll(attr: Attribute, pixels: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = measure(attr, pixels.subarray(i * N * N, (i + 1) * N * N));
  return out;
}
