// Held-out metrics computed from a model and digits: -ELBO, reconstruction, rate, IWAE NLL, active units, accuracy.
import * as tf from '@tensorflow/tfjs-core';
import type { AutoencoderSpec } from './spec.ts';
import { type Model, classifyLogits, decodeLogits, encode, iwaeLogLik, oneHot } from './model.ts';
import { bernoulliLogLik, klStdNormal, reparameterize } from './losses.ts';
import { Rng } from './rng.ts';

/** Metrics for autoencoders (nats per digit unless stated). Keys match the article's <Metric> names. */
export interface AutoencoderMetrics {
  negElbo?: number;
  recon: number;
  kl?: number;
  nll?: number;
  nllK?: number;
  nllN?: number;
  nllStdErr?: number;
  activeUnits: number;
  /** BCE of the decoded posterior mean vs the input (nats per digit). */
  bce: number;
  /** Mean squared error per pixel of the decoded posterior mean, and its PSNR in dB. */
  mse: number;
  psnr: number;
  /** Fraction of held-out code entries (posterior means) below 10% of the largest |entry| of the same digit: sparsity, scale-free. */
  nearZeroCode: number;
  n: number;
}

/** Options: seeded rng, conditional labels, recon samples per digit, IWAE K and how many digits get it. */
export interface EvalOptions {
  rng: Rng;
  labels?: Uint8Array;
  numClasses?: number;
  reconSamples?: number;
  iwaeK?: number;
  iwaeN?: number;
  batch?: number;
  /** Inputs fed to the encoder when they differ from the targets (denoising). */
  inputs?: Float32Array;
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

/** Evaluates an autoencoder (VAE, AE, conditional) on n digits x (n * 784 values in [0, 1]). */
export function evaluateAutoencoder(model: Model, x: Float32Array, opts: EvalOptions): AutoencoderMetrics {
  const spec = model.spec as AutoencoderSpec;
  const n = x.length / 784;
  const batch = opts.batch ?? 250;
  const S = opts.reconSamples ?? 8;
  const d = spec.latentDim;
  const recon: number[] = [];
  const kl: number[] = [];
  const bce: number[] = [];
  let sqErr = 0;
  const mus = new Float32Array(n * d);
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const lab = opts.labels && spec.numClasses ? oneHot(opts.labels.subarray(s, s + b), spec.numClasses) : undefined;
    const res = tf.tidy(() => {
      const xb = tf.tensor2d(x.subarray(s * 784, (s + b) * 784), [b, 784]);
      const inp = opts.inputs ? tf.tensor2d(opts.inputs.subarray(s * 784, (s + b) * 784), [b, 784]) : xb;
      const { mu, logvar } = encode(model, inp, lab);
      const meanLogits = decodeLogits(model, mu, lab);
      const bceB = tf.neg(bernoulliLogLik(meanLogits, xb));
      const sq = tf.sum(tf.square(tf.sub(tf.sigmoid(meanLogits), xb)));
      let reconB: tf.Tensor = bceB;
      let klB: tf.Tensor | null = null;
      if (logvar) {
        klB = klStdNormal(mu, logvar);
        const rep = (t: tf.Tensor) => tf.reshape(tf.tile(tf.expandDims(t, 1), [1, S, 1]), [b * S, t.shape[1]!]);
        const eps = tf.tensor2d(opts.rng.normalArray(b * S * d), [b * S, d]);
        const z = reparameterize(rep(mu), rep(logvar), eps);
        const ll = bernoulliLogLik(decodeLogits(model, z, lab ? rep(lab) : undefined), rep(xb));
        reconB = tf.neg(tf.mean(tf.reshape(ll, [b, S]), 1));
      }
      return { mu, reconB, klB: klB ?? tf.zeros([b]), bceB, sq };
    });
    mus.set(res.mu.dataSync() as Float32Array, s * d);
    recon.push(...res.reconB.dataSync());
    kl.push(...res.klB.dataSync());
    bce.push(...res.bceB.dataSync());
    sqErr += res.sq.dataSync()[0]!;
    tf.dispose([res.mu, res.reconB, res.klB, res.bceB, res.sq]);
    lab?.dispose();
  }
  const mse = sqErr / (n * 784);
  let nearZero = 0;
  for (let i = 0; i < n; i++) {
    let mx = 0;
    for (let j = 0; j < d; j++) mx = Math.max(mx, Math.abs(mus[i * d + j]!));
    for (let j = 0; j < d; j++) if (Math.abs(mus[i * d + j]!) < 0.1 * mx) nearZero++;
  }
  const nearZeroCode = nearZero / (n * d);
  const out: AutoencoderMetrics = {
    recon: mean(recon),
    activeUnits: activeUnits(mus, n, d),
    bce: mean(bce),
    mse,
    psnr: 10 * Math.log10(1 / mse),
    nearZeroCode,
    n,
  };
  if (spec.kind === 'vae') {
    out.kl = mean(kl);
    out.negElbo = out.recon + out.kl;
    if (opts.iwaeK) {
      const m = Math.min(n, opts.iwaeN ?? n);
      const xt = tf.tensor2d(x.subarray(0, m * 784), [m, 784]);
      const lt = opts.labels && spec.numClasses ? oneHot(opts.labels.subarray(0, m), spec.numClasses) : undefined;
      const ll = iwaeLogLik(model, xt, opts.iwaeK, opts.rng, lt);
      xt.dispose();
      lt?.dispose();
      const nll = -mean(ll);
      const sd = Math.sqrt(Array.from(ll).reduce((a, v) => a + (-v - nll) ** 2, 0) / Math.max(1, m - 1));
      out.nll = nll;
      out.nllK = opts.iwaeK;
      out.nllN = m;
      out.nllStdErr = sd / Math.sqrt(m);
    }
  }
  return out;
}

/** Number of latent dimensions whose posterior mean varies across digits: Var_x(mu_d) > threshold. */
export function activeUnits(mus: Float32Array, n: number, d: number, threshold = 0.01): number {
  let count = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += mus[i * d + j]!;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (mus[i * d + j]! - m) ** 2;
    if (v / n > threshold) count++;
  }
  return count;
}

/** Posterior means mu [n * d] for n digits (for the precomputed latent-map asset). */
export function encodeMeans(model: Model, x: Float32Array, labels?: Uint8Array, batch = 500): Float32Array {
  const spec = model.spec as AutoencoderSpec;
  const n = x.length / 784;
  const out = new Float32Array(n * spec.latentDim);
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const lab = labels && spec.numClasses ? oneHot(labels.subarray(s, s + b), spec.numClasses) : undefined;
    const mu = tf.tidy(() => {
      const e = encode(model, tf.tensor2d(x.subarray(s * 784, (s + b) * 784), [b, 784]), lab);
      return e.mu;
    });
    out.set(mu.dataSync() as Float32Array, s * spec.latentDim);
    mu.dispose();
    lab?.dispose();
  }
  return out;
}

/** Classifier accuracy and mean cross-entropy (nats) on n digits. */
export function evaluateClassifier(
  model: Model,
  x: Float32Array,
  labels: Uint8Array,
  batch = 500,
): { accuracy: number; crossEntropy: number; n: number } {
  const n = labels.length;
  let correct = 0;
  let ce = 0;
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const [pred, logp] = tf.tidy(() => {
      const logits = classifyLogits(model, tf.tensor2d(x.subarray(s * 784, (s + b) * 784), [b, 784]));
      return [tf.argMax(logits, 1), tf.logSoftmax(logits)];
    });
    const p = pred!.dataSync();
    const lp = logp!.dataSync();
    for (let i = 0; i < b; i++) {
      const y = labels[s + i]!;
      if (p[i] === y) correct++;
      ce -= lp[i * 10 + y]!;
    }
    tf.dispose([pred!, logp!]);
  }
  return { accuracy: correct / n, crossEntropy: ce / n, n };
}
