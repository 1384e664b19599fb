// The blur widget's arithmetic on 784-pixel images, in plain JavaScript: Bernoulli pixel draws, log-likelihoods, averages and
// how grey an image is. Pure functions, so the unit tests and the widget compute the same numbers.
import type { Rng } from '../../lib/models/rng.ts';

const PIXELS = 784;
/** Probabilities are kept this far from 0 and 1 so that a log-likelihood stays finite. */
const EPS = 1e-6;

/** Draws `count` images whose pixels are independent Bernoulli(p) coins: the factorised likelihood's real samples. */
export function bernoulliSamples(p: ArrayLike<number>, count: number, rng: Rng): Float32Array {
  const out = new Float32Array(count * PIXELS);
  for (let k = 0; k < count; k++) for (let j = 0; j < PIXELS; j++) out[k * PIXELS + j] = rng.uniform() < (p[j] ?? 0) ? 1 : 0;
  return out;
}

/** log p(x | p) in nats for Bernoulli pixels with probabilities p (grey x allowed), from `offset` in p. */
export function bernoulliLogLik(x: ArrayLike<number>, p: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (let j = 0; j < PIXELS; j++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[offset + j] ?? 0));
    const v = x[j] ?? 0;
    s += v * Math.log(q) + (1 - v) * Math.log(1 - q);
  }
  return s;
}

/** The pixel-wise average of `count` images laid end to end. */
export function averageImage(images: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let k = 0; k < count; k++) for (let j = 0; j < PIXELS; j++) out[j]! += (images[k * PIXELS + j] ?? 0) / count;
  return out;
}

/** How many pixels are grey, neither clearly ink nor clearly paper: lo < p < hi (0.2 and 0.8 by default). */
export function greyPixels(p: ArrayLike<number>, offset = 0, lo = 0.2, hi = 0.8): number {
  let n = 0;
  for (let j = 0; j < PIXELS; j++) {
    const v = p[offset + j] ?? 0;
    if (v > lo && v < hi) n++;
  }
  return n;
}

/** Codes z = μ + σ ⊙ ε drawn from q(z|x) = N(μ, diag σ²), `count` of them, row-major. */
export function posteriorCodes(mu: ArrayLike<number>, logvar: ArrayLike<number>, count: number, rng: Rng): number[][] {
  const d = mu.length;
  return Array.from({ length: count }, () => Array.from({ length: d }, (_, k) => (mu[k] ?? 0) + Math.exp(0.5 * (logvar[k] ?? 0)) * rng.normal()));
}

/** KL(N(μ, diag σ²) ‖ N(0, I)) in nats. */
export function klToPrior(mu: ArrayLike<number>, logvar: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < mu.length; k++) {
    const m = mu[k] ?? 0;
    const lv = logvar[k] ?? 0;
    s += 0.5 * (m * m + Math.exp(lv) - lv - 1);
  }
  return s;
}

/**
 * Whether averaging the posterior means visibly adds grey: more grey pixels than the mean at μ by at least 2% of them and at
 * least 3 (a pixel or two either way is rounding at the grey thresholds, not blur).
 */
export function averagingBlurs(greyAverage: number, greyMean: number): boolean {
  return greyAverage - greyMean >= Math.max(3, 0.02 * greyMean);
}
