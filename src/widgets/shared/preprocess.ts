// MNIST-style preprocessing of a drawing: fit the ink's bounding box into 20×20 (aspect kept, area-averaged so edges
// are anti-aliased), then place it in 28×28 so that its centre of mass sits at the centre, as LeCun et al. did for MNIST.

/** Side of the output image and of the box the digit is fitted into. */
export const SIZE = 28;
export const BOX = 20;

/**
 * Turns ink coverage (values in [0, 1], row-major width × height, e.g. a canvas's alpha / 255) into a 28×28 digit
 * (784 values in [0, 1]). Returns all zeros when there is no ink.
 */
export function preprocessDrawing(ink: ArrayLike<number>, width: number, height: number, threshold = 0.02): Float32Array {
  const out = new Float32Array(SIZE * SIZE);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ink[y * width + x] ?? 0;
      if (v <= threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  if (x1 < 0 || mass === 0) return out;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  // Offsets that put the centre of mass at (14, 14), kept so that the whole box stays inside the image.
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  const ox = clamp(SIZE / 2 - (mx / mass - x0) * scale, 0, SIZE - bw * scale);
  const oy = clamp(SIZE / 2 - (my / mass - y0) * scale, 0, SIZE - bh * scale);
  // Box filter: each source pixel covers a scale × scale square of the output; add its value times the overlap area.
  for (let y = y0; y <= y1; y++) {
    const ty0 = (y - y0) * scale + oy;
    const ty1 = ty0 + scale;
    for (let x = x0; x <= x1; x++) {
      const v = ink[y * width + x] ?? 0;
      if (v <= threshold) continue;
      const tx0 = (x - x0) * scale + ox;
      const tx1 = tx0 + scale;
      for (let py = Math.floor(ty0); py < Math.min(SIZE, Math.ceil(ty1)); py++) {
        const oyl = Math.min(ty1, py + 1) - Math.max(ty0, py);
        if (oyl <= 0 || py < 0) continue;
        for (let px = Math.floor(tx0); px < Math.min(SIZE, Math.ceil(tx1)); px++) {
          const oxl = Math.min(tx1, px + 1) - Math.max(tx0, px);
          if (oxl <= 0 || px < 0) continue;
          out[py * SIZE + px]! += v * oxl * oyl;
        }
      }
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, out[i]!);
  return out;
}

/** Centre of mass (x, y) of a 28×28 image in pixel units (pixel centres at +0.5), or null when it is blank. */
export function centreOfMass(img: ArrayLike<number>, size = SIZE): [number, number] | null {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = img[y * size + x] ?? 0;
      m += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  return m > 0 ? [sx / m, sy / m] : null;
}

/** Bounding box [x0, y0, x1, y1] (inclusive) of the pixels above threshold, or null. */
export function boundingBox(img: ArrayLike<number>, size = SIZE, threshold = 0.05): [number, number, number, number] | null {
  let x0 = size;
  let y0 = size;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if ((img[y * size + x] ?? 0) > threshold) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  return x1 < 0 ? null : [x0, y0, x1, y1];
}
