// What the training steps and the scores see: rows of the digit array, shifted digits for the classifier, the
// corrupted held-out copy the denoising scores use.
import { Rng, corrupt, randomCorruption } from '../../src/lib/models/index.ts';

/** The digits at positions idx of x (784 floats each), packed into one array. */
export function rows(x: Float32Array, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * 784);
  for (let i = 0; i < idx.length; i++) out.set(x.subarray(idx[i]! * 784, (idx[i]! + 1) * 784), i * 784);
  return out;
}

/** Shifts each 28x28 digit by up to ±s pixels (zero fill), seeded. */
export function shiftDigits(x: Float32Array, s: number, rng: Rng): Float32Array {
  const out = new Float32Array(x.length);
  for (let d = 0; d < x.length / 784; d++) {
    const dy = rng.int(2 * s + 1) - s;
    const dx = rng.int(2 * s + 1) - s;
    for (let r = 0; r < 28; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= 28) continue;
      for (let c = 0; c < 28; c++) {
        const sc = c - dx;
        if (sc >= 0 && sc < 28) out[d * 784 + r * 28 + c] = x[d * 784 + sr * 28 + sc]!;
      }
    }
  }
  return out;
}

/** The fixed corrupted copy of the held-out digits used to score denoising (seeded, mixed corruptions). */
export function corruptHeldout(H: Float32Array): Float32Array {
  const rng = new Rng('heldout-corruption');
  const out = new Float32Array(H.length);
  for (let i = 0; i < H.length / 784; i++) {
    let c = randomCorruption(rng);
    while (c.kind === 'none') c = randomCorruption(rng);
    out.set(corrupt(H.subarray(i * 784, (i + 1) * 784), c, rng), i * 784);
  }
  return out;
}
