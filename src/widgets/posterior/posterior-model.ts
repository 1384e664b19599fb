// The posterior inspector's model code (tfjs, no DOM): the encoder's q(z|x), log p(x, z) on a grid of codes, and the
// ELBO and IWAE-K bounds from seeded samples. All the probability pieces come from src/lib/models.
import type * as TF from '@tensorflow/tfjs-core';
import { decodeLogits, encode, type Model } from '../../lib/models/model.ts';
import { bernoulliLogLik, gaussianLogPdf, iwaeFromLogWeights, klStdNormal, reparameterize, stdNormalLogPdf } from '../../lib/models/losses.ts';

/** The encoder's Gaussian for one digit. */
export interface QParams {
  mu: [number, number];
  logvar: [number, number];
  sigma: [number, number];
}

/** Encodes one digit (784 values in [0, 1]) to q(z|x) = N(μ, diag σ²). */
export async function encodeQ(tf: typeof TF, model: Model, x: Float32Array): Promise<QParams> {
  const [mu, logvar] = tf.tidy(() => {
    const e = encode(model, tf.tensor2d(x, [1, 784]));
    if (!e.logvar) throw new Error('The posterior inspector needs a VAE (an encoder with a variance).');
    return [e.mu, e.logvar];
  }) as [TF.Tensor, TF.Tensor];
  try {
    const [m, l] = (await Promise.all([mu.data(), logvar.data()])) as Float32Array[];
    return {
      mu: [m![0]!, m![1]!],
      logvar: [l![0]!, l![1]!],
      sigma: [Math.exp(0.5 * l![0]!), Math.exp(0.5 * l![1]!)],
    };
  } finally {
    mu.dispose();
    logvar.dispose();
  }
}

/**
 * log p(x|z) + log p(z) for every code in `points` ([z₁, z₂, …]), decoded in chunks of `chunk` codes so that each
 * step stays short; `between` runs after each chunk (e.g. to yield to the page or to abandon stale work by throwing).
 */
export async function logJointAt(
  tf: typeof TF,
  model: Model,
  x: Float32Array,
  points: Float32Array,
  chunk = 1024,
  between?: () => Promise<void> | void,
): Promise<Float32Array> {
  const n = points.length / 2;
  const out = new Float32Array(n);
  const xt = tf.tensor2d(x, [1, 784]);
  try {
    for (let s = 0; s < n; s += chunk) {
      const b = Math.min(chunk, n - s);
      const t = tf.tidy(() => {
        const z = tf.tensor2d(points.subarray(2 * s, 2 * (s + b)), [b, 2]);
        const ll = bernoulliLogLik(decodeLogits(model, z), tf.tile(xt, [b, 1]));
        return tf.add(ll, stdNormalLogPdf(z));
      });
      try {
        out.set((await t.data()) as Float32Array, s);
      } finally {
        t.dispose();
      }
      await between?.();
    }
  } finally {
    xt.dispose();
  }
  return out;
}

/** The samples z = μ + σ·ε the bounds use (S × 2), from q and the seed's ε (S × 2). */
export function boundsCodes(q: QParams, eps: Float32Array): Float32Array {
  const z = new Float32Array(eps.length);
  for (let s = 0; s < eps.length / 2; s++) {
    z[2 * s] = q.mu[0] + q.sigma[0] * eps[2 * s]!;
    z[2 * s + 1] = q.mu[1] + q.sigma[1] * eps[2 * s + 1]!;
  }
  return z;
}

/** What the bounds panel shows for one digit and one set of samples. */
export interface Bounds {
  /** ELBO = E_q[log p(x|z)] (Monte Carlo over all samples) − KL(q ‖ p(z)) (closed form). */
  elbo: number;
  /** Standard error of the ELBO's Monte Carlo part. */
  elboSe: number;
  klPrior: number;
  recon: number;
  /** IWAE-K for each K of `ks`: the mean over the ⌊S/K⌋ disjoint groups of K samples of log (1/K) Σ w. */
  iwae: number[];
  /** The samples z (S × 2) and their log-weights log p(x, z) − log q(z|x). */
  z: Float32Array;
  logW: Float32Array;
}

/**
 * ELBO and IWAE-K bounds from S = eps.length / 2 reparameterised samples z = μ + σ·ε (ε from a seeded generator).
 * Each IWAE-K averages all ⌊S/K⌋ disjoint groups, so the curve uses every sample and is as smooth as S allows.
 */
export async function bounds(
  tf: typeof TF,
  model: Model,
  x: Float32Array,
  q: QParams,
  eps: Float32Array,
  ks: readonly number[],
  chunk = 1024,
  between?: () => Promise<void> | void,
): Promise<Bounds> {
  const S = eps.length / 2;
  const z = boundsCodes(q, eps);
  const logW = new Float32Array(S);
  const recon = new Float32Array(S);
  const xt = tf.tensor2d(x, [1, 784]);
  const mu = tf.tensor2d([q.mu]);
  const lv = tf.tensor2d([q.logvar]);
  try {
    for (let s = 0; s < S; s += chunk) {
      const b = Math.min(chunk, S - s);
      const [w, r] = tf.tidy(() => {
        const muR = tf.tile(mu, [b, 1]);
        const lvR = tf.tile(lv, [b, 1]);
        const zt = reparameterize(muR, lvR, tf.tensor2d(eps.subarray(2 * s, 2 * (s + b)), [b, 2]));
        const ll = bernoulliLogLik(decodeLogits(model, zt), tf.tile(xt, [b, 1]));
        return [tf.sub(tf.add(ll, stdNormalLogPdf(zt)), gaussianLogPdf(zt, muR, lvR)), ll];
      }) as [TF.Tensor, TF.Tensor];
      try {
        const [wd, rd] = (await Promise.all([w.data(), r.data()])) as Float32Array[];
        logW.set(wd!, s);
        recon.set(rd!, s);
      } finally {
        w.dispose();
        r.dispose();
      }
      await between?.();
    }
    const kl = tf.tidy(() => klStdNormal(mu, lv));
    const iwaeT = ks.map((k) =>
      tf.tidy(() => {
        const groups = Math.floor(S / k);
        const lw = tf.reshape(tf.tensor1d(logW.subarray(0, groups * k)), [groups, k]);
        return tf.mean(iwaeFromLogWeights(lw));
      }),
    );
    let klPrior: number;
    let iwae: number[];
    try {
      klPrior = ((await kl.data()) as Float32Array)[0]!;
      iwae = await Promise.all(iwaeT.map(async (t) => ((await t.data()) as Float32Array)[0]!));
    } finally {
      kl.dispose();
      iwaeT.forEach((t) => t.dispose());
    }
    let m = 0;
    for (let s = 0; s < S; s++) m += recon[s]!;
    m /= S;
    let v = 0;
    for (let s = 0; s < S; s++) v += (recon[s]! - m) ** 2;
    const se = Math.sqrt(v / Math.max(1, S - 1) / S);
    return { elbo: m - klPrior, elboSe: se, klPrior, recon: m, iwae, z, logW };
  } finally {
    xt.dispose();
    mu.dispose();
    lv.dispose();
  }
}
