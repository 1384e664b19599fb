// Numbers about densities over codes for `npm run eval` (scripts/eval.ts) and the density step of `npm run train`: how
// digit-like the samples from a density look to the classifier, how well a density explains held-out codes, and how far
// a VAE's aggregate posterior is from its prior at least. Pure functions of shipped models and digits, so the manifest's
// values can be recomputed and checked.
import * as tf from '@tensorflow/tfjs-core';
import { Rng, classify, decode, encodeMeans, type Model } from '../src/lib/models/index.ts';
import { gaussianKlToStandard, gmmMeanLogLik, sampleGmm, sampleMoments, type Gmm } from '../src/lib/models/gmm.ts';

/** A sample counts as confidently a digit when the classifier's top probability is at least this. */
export const CONFIDENT = 0.9;
/** Samples per density for the confidence numbers, and their seed. */
export const SAMPLE_COUNT = 2000;
export const SAMPLE_SEED = 'density-samples';

/** The classifier's top probability for each of n images (n × 784). */
export function topProbabilities(classifier: Model, x: Float32Array, n: number, batch = 500): Float32Array {
  const out = new Float32Array(n);
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const top = tf.tidy(() => tf.max(classify(classifier, tf.tensor2d(x.subarray(s * 784, (s + b) * 784), [b, 784])), 1));
    out.set(top.dataSync() as Float32Array, s);
    top.dispose();
  }
  return out;
}

/** Decoder means (pixel probabilities, n × 784) of n codes (n × d). */
export function decodeCodes(decoder: Model, z: Float32Array, n: number, d: number, batch = 500): Float32Array {
  const out = new Float32Array(n * 784);
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const x = tf.tidy(() => decode(decoder, tf.tensor2d(z.subarray(s * d, (s + b) * d), [b, d])));
    out.set(x.dataSync() as Float32Array, s * 784);
    x.dispose();
  }
  return out;
}

/**
 * Draws `count` codes from a density, decodes them (the decoder's mean image) and classifies the images: the mean top
 * probability and the share of samples whose top probability is at least CONFIDENT.
 */
export function sampleConfidence(
  density: Gmm,
  decoder: Model,
  classifier: Model,
  count = SAMPLE_COUNT,
  rng = new Rng(SAMPLE_SEED),
): { meanConfidence: number; confidentShare: number } {
  const z = sampleGmm(density, count, rng);
  const top = topProbabilities(classifier, decodeCodes(decoder, z, count, density.d), count);
  let sum = 0;
  let confident = 0;
  for (const p of top) {
    sum += p;
    if (p >= CONFIDENT) confident++;
  }
  return { meanConfidence: sum / count, confidentShare: confident / count };
}

/** The codes μ(x) of n digits under a model's encoder (n × d). */
export function codesOf(model: Model, x: Float32Array): Float32Array {
  return encodeMeans(model, x);
}

/** Mean log-density (nats per code) of held-out codes under a density. */
export function heldoutLogLik(density: Gmm, codes: Float32Array): number {
  return gmmMeanLogLik(density, codes, codes.length / density.d);
}

/**
 * A lower bound on KL(q(z) ‖ N(0, I)) for a VAE's aggregate posterior q(z) = (1/n) Σ_i N(μ_i, diag σ_i²) over n digits:
 * KL(N(m, Σ) ‖ N(0, I)) of the Gaussian with q's mean m and covariance Σ = Cov(μ) + mean diag σ². It is a bound because
 * KL(q ‖ p) = −H(q) − E_q[log p], E_q[log p] under a Gaussian p depends on q's first two moments only, and among all
 * densities with those moments the Gaussian has the largest entropy: H(q) ≤ H(N(m, Σ)), so KL(q ‖ p) ≥ KL(N(m, Σ) ‖ p).
 */
export function aggregateKlGaussianBound(mu: Float32Array, logvar: Float32Array, d: number): number {
  const n = mu.length / d;
  const { mean, cov } = sampleMoments(mu, n, d);
  for (let k = 0; k < d; k++) {
    let v = 0;
    for (let i = 0; i < n; i++) v += Math.exp(logvar[i * d + k]!);
    cov[k * d + k]! += v / n;
  }
  return gaussianKlToStandard(mean, cov, d);
}
