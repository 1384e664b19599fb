// Corruptions for the denoising autoencoder (training) and the denoise widget: plain arrays, seeded.
import type { Rng } from './rng.ts';

/** A corruption and its level: Gaussian noise std, salt-and-pepper fraction, or side of a masked square. */
export type Corruption =
  { kind: 'gaussian'; std: number } | { kind: 'saltPepper'; fraction: number } | { kind: 'block'; size: number } | { kind: 'none' };

/** Returns a corrupted copy of one or more 28x28 digits (values in [0, 1], 784 per digit), clipped to [0, 1]. */
export function corrupt(x: Float32Array, c: Corruption, rng: Rng): Float32Array {
  const out = x.slice();
  const n = Math.floor(x.length / 784);
  for (let d = 0; d < n; d++) {
    const o = d * 784;
    if (c.kind === 'gaussian') {
      for (let i = 0; i < 784; i++) out[o + i] = Math.min(1, Math.max(0, out[o + i]! + c.std * rng.normal()));
    } else if (c.kind === 'saltPepper') {
      for (let i = 0; i < 784; i++) if (rng.uniform() < c.fraction) out[o + i] = rng.uniform() < 0.5 ? 0 : 1;
    } else if (c.kind === 'block') {
      const s = Math.max(0, Math.min(28, Math.round(c.size)));
      const r0 = rng.int(28 - s + 1);
      const c0 = rng.int(28 - s + 1);
      for (let r = r0; r < r0 + s; r++) for (let col = c0; col < c0 + s; col++) out[o + r * 28 + col] = 0;
    }
  }
  return out;
}

/** A random corruption at a random level, as used to train the DAE (levels recorded in the manifest). */
export function randomCorruption(rng: Rng): Corruption {
  const u = rng.uniform();
  if (u < 0.3) return { kind: 'gaussian', std: 0.1 + 0.5 * rng.uniform() };
  if (u < 0.6) return { kind: 'saltPepper', fraction: 0.05 + 0.35 * rng.uniform() };
  if (u < 0.9) return { kind: 'block', size: 6 + rng.int(9) };
  return { kind: 'none' };
}
