// Models built from a spec: autoencoders (deterministic, variational, conditional) and a conv classifier.
import * as tf from '@tensorflow/tfjs-core';
import type { AutoencoderSpec, ClassifierSpec, ModelSpec } from './spec.ts';
import { type Params, activate, conv2dSame, initConv, initMlp, mlp, stopGradient } from './layers.ts';
import { Rng } from './rng.ts';
import { bernoulliLogLik, gaussianLogPdf, iwaeFromLogWeights, klStdNormal, reparameterize, stdNormalLogPdf } from './losses.ts';

/** A model: its spec plus named parameter tensors. */
export interface Model<S extends ModelSpec = ModelSpec> {
  spec: S;
  params: Params;
}

/** Posterior parameters from the encoder; logvar is null for deterministic autoencoders. */
export interface Encoded {
  mu: tf.Tensor2D;
  logvar: tf.Tensor2D | null;
}

/** Options for initModel: a decoder output bias (e.g. logit of the mean training image). */
export interface InitOptions {
  outputBias?: Float32Array;
}

/** Builds a model with seeded random parameters (plain tensors; wrap in tf.variable to train). */
export function initModel<S extends ModelSpec>(spec: S, seed: number | string | Rng, opts: InitOptions = {}): Model<S> {
  const rng = seed instanceof Rng ? seed : new Rng(seed);
  if (spec.kind === 'classifier') {
    let params: Params = {};
    let c = 1;
    for (let i = 0; i < spec.convFilters.length; i++) {
      params = { ...params, ...initConv(rng, `classifier/conv${i}`, c, spec.convFilters[i]!) };
      c = spec.convFilters[i]!;
    }
    const side = spec.imageSize / 2 ** spec.convFilters.length;
    params = { ...params, ...initMlp(rng, 'classifier', side * side * c, spec.dense, spec.numClasses) };
    return { spec, params };
  }
  const encOut = spec.kind === 'vae' ? 2 * spec.latentDim : spec.latentDim;
  if (spec.conv?.length) {
    if (spec.numClasses) throw new Error('conv autoencoders are unconditional');
    const f = spec.conv;
    const side = 28 / 2 ** f.length;
    const encRng = rng.fork('encoder');
    const decRng = rng.fork('decoder');
    let params: Params = {};
    let c = 1;
    for (let i = 0; i < f.length; i++) {
      params = { ...params, ...initConv(encRng, `encoder/conv${i}`, c, f[i]!) };
      c = f[i]!;
    }
    params = { ...params, ...initMlp(encRng, 'encoder', side * side * c, spec.encoder.hidden, encOut) };
    params = { ...params, ...initMlp(decRng, 'decoder', spec.latentDim, spec.decoder.hidden, side * side * c) };
    const rev = [...f].reverse();
    for (let i = 0; i < rev.length; i++) params = { ...params, ...initConv(decRng, `decoder/conv${i}`, rev[i]!, rev[i + 1] ?? 1) };
    if (opts.outputBias) {
      const name = `decoder/conv${rev.length - 1}/bias`;
      params[name]!.dispose();
      params[name] = tf.tensor1d([opts.outputBias.reduce((a, b) => a + b, 0) / opts.outputBias.length]);
    }
    return { spec, params };
  }
  const enc = initMlp(rng.fork('encoder'), 'encoder', spec.inputDim + spec.numClasses, spec.encoder.hidden, encOut);
  const dec = initMlp(rng.fork('decoder'), 'decoder', spec.latentDim + spec.numClasses, spec.decoder.hidden, spec.inputDim);
  if (opts.outputBias) {
    const name = `decoder/dense${spec.decoder.hidden.length}/bias`;
    dec[name]!.dispose();
    dec[name] = tf.tensor1d(opts.outputBias);
  }
  return { spec, params: { ...enc, ...dec } };
}

/** Number of scalar parameters in a model (or in the parts whose names start with `prefix`). */
export function countParams(model: Model, prefix = ''): number {
  return Object.entries(model.params)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((n, [, t]) => n + t.size, 0);
}

/** Frees every parameter tensor of a model. */
export function disposeModel(model: Model): void {
  for (const t of Object.values(model.params)) t.dispose();
}

/** One-hot float matrix [B, n] from integer labels. */
export function oneHot(labels: ArrayLike<number>, n: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), n), 'float32') as tf.Tensor2D);
}

function withLabels(x: tf.Tensor, labels: tf.Tensor | undefined, numClasses: number): tf.Tensor {
  if (numClasses === 0) return x;
  if (!labels) throw new Error('this model is conditional: pass one-hot labels');
  return tf.concat([x, labels], 1);
}

/** Encoder: x [B, 784] (plus one-hot labels for conditional models) -> mu and logvar [B, d]. */
export function encode(model: Model, x: tf.Tensor, labels?: tf.Tensor): Encoded {
  const spec = model.spec as AutoencoderSpec;
  const out = tf.tidy(() => {
    let h = withLabels(x, labels, spec.numClasses);
    if (spec.conv?.length) {
      let img = tf.reshape(h, [h.shape[0]!, 28, 28, 1]) as tf.Tensor4D;
      for (let i = 0; i < spec.conv.length; i++) {
        img = tf.maxPool(activate(conv2dSame(model.params, `encoder/conv${i}`, img), spec.encoder.activation) as tf.Tensor4D, 2, 2, 'valid');
      }
      h = tf.reshape(img, [h.shape[0]!, -1]);
    }
    return mlp(model.params, 'encoder', spec.encoder.hidden.length + 1, h, spec.encoder.activation);
  });
  if (spec.kind === 'ae') {
    if (!spec.codeActivation) return { mu: out as tf.Tensor2D, logvar: null };
    const code = tf.tidy(() => activate(out, spec.codeActivation!)) as tf.Tensor2D;
    out.dispose();
    return { mu: code, logvar: null };
  }
  const d = spec.latentDim;
  const [mu, logvar] = tf.split(out, [d, d], 1) as [tf.Tensor2D, tf.Tensor2D];
  out.dispose();
  return { mu, logvar };
}

/** Decoder: z [B, d] (plus one-hot labels for conditional models) -> pixel logits [B, 784]. */
export function decodeLogits(model: Model, z: tf.Tensor, labels?: tf.Tensor): tf.Tensor2D {
  const spec = model.spec as AutoencoderSpec;
  return tf.tidy(() => {
    const h = mlp(model.params, 'decoder', spec.decoder.hidden.length + 1, withLabels(z, labels, spec.numClasses), spec.decoder.activation);
    if (!spec.conv?.length) return h;
    const n = spec.conv.length;
    const side = 28 / 2 ** n;
    let img = tf.reshape(activate(h, spec.decoder.activation), [h.shape[0]!, side, side, spec.conv[n - 1]!]) as tf.Tensor4D;
    for (let i = 0; i < n; i++) {
      img = tf.image.resizeNearestNeighbor(img, [img.shape[1] * 2, img.shape[2] * 2]);
      img = conv2dSame(model.params, `decoder/conv${i}`, img);
      if (i + 1 < n) img = activate(img, spec.decoder.activation) as tf.Tensor4D;
    }
    return tf.reshape(img, [h.shape[0]!, 784]);
  }) as tf.Tensor2D;
}

/** Decoder: z [B, d] -> pixel probabilities in [0, 1], shape [B, 784]. */
export function decode(model: Model, z: tf.Tensor, labels?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.sigmoid(decodeLogits(model, z, labels)));
}

/** Inputs to lossTerms: noise eps [B, d] for VAEs, β, optional labels and clean targets (denoising). */
export interface LossOptions {
  beta?: number;
  eps?: tf.Tensor;
  labels?: tf.Tensor;
  target?: tf.Tensor;
  l1Code?: number;
  /** Train the encoder on the KL term only: the reconstruction term gets no gradient into the encoder. */
  encoderKlOnly?: boolean;
}

/** Loss pieces for a batch: loss is the scalar mean of recon + β·kl (+ l1Code·|z|); recon and kl per example. */
export interface LossTerms {
  loss: tf.Scalar;
  recon: tf.Tensor1D;
  kl: tf.Tensor1D | null;
}

/** β-weighted negative ELBO (VAE) or reconstruction loss (AE), one sample of z per example. */
export function lossTerms(model: Model, x: tf.Tensor, opts: LossOptions = {}): LossTerms {
  const spec = model.spec as AutoencoderSpec;
  const beta = opts.beta ?? 1;
  const target = opts.target ?? x;
  return tf.tidy(() => {
    const { mu, logvar } = encode(model, x, opts.labels);
    let z: tf.Tensor = mu;
    let kl: tf.Tensor1D | null = null;
    if (spec.kind === 'vae') {
      if (!logvar || !opts.eps) throw new Error('a VAE needs eps noise');
      z = opts.encoderKlOnly ? reparameterize(stopGradient(mu), stopGradient(logvar), opts.eps) : reparameterize(mu, logvar, opts.eps);
      kl = klStdNormal(mu, logvar) as tf.Tensor1D;
    }
    const recon = tf.neg(bernoulliLogLik(decodeLogits(model, z, opts.labels), target)) as tf.Tensor1D;
    let total: tf.Tensor = kl && beta !== 0 ? tf.add(recon, tf.mul(beta, kl)) : recon;
    if (opts.l1Code) total = tf.add(total, tf.mul(opts.l1Code, tf.sum(tf.abs(mu), -1)));
    const terms: LossTerms = { loss: tf.mean(total) as tf.Scalar, recon, kl };
    return terms as unknown as tf.TensorContainer;
  }) as unknown as LossTerms;
}

/**
 * IWAE-K estimate of log p(x) for each row of x (one value per example), in chunks of `chunk` examples.
 * Noise comes from the seeded rng. Returns plain numbers; all tensors are freed.
 */
export function iwaeLogLik(model: Model, x: tf.Tensor2D, k: number, rng: Rng, labels?: tf.Tensor2D, chunk = 8): Float32Array {
  const spec = model.spec as AutoencoderSpec;
  if (spec.kind !== 'vae') throw new Error('IWAE needs a VAE');
  const n = x.shape[0];
  const d = spec.latentDim;
  const out = new Float32Array(n);
  for (let s = 0; s < n; s += chunk) {
    const b = Math.min(chunk, n - s);
    const vals = tf.tidy(() => {
      const xb = tf.slice(x, [s, 0], [b, -1]);
      const lb = labels ? tf.slice(labels, [s, 0], [b, -1]) : undefined;
      const { mu, logvar } = encode(model, xb, lb);
      const rep = (t: tf.Tensor) => tf.reshape(tf.tile(tf.expandDims(t, 1), [1, k, 1]), [b * k, t.shape[1]!]);
      const muR = rep(mu);
      const lvR = rep(logvar!);
      const eps = tf.tensor2d(rng.normalArray(b * k * d), [b * k, d]);
      const z = reparameterize(muR, lvR, eps);
      const logPxz = bernoulliLogLik(decodeLogits(model, z, lb ? rep(lb) : undefined), rep(xb));
      const logW = tf.sub(tf.add(logPxz, stdNormalLogPdf(z)), gaussianLogPdf(z, muR, lvR));
      return iwaeFromLogWeights(tf.reshape(logW, [b, k]));
    });
    out.set(vals.dataSync() as Float32Array, s);
    vals.dispose();
  }
  return out;
}

/** Classifier logits [B, classes] for images x [B, 784]. */
export function classifyLogits(model: Model, x: tf.Tensor): tf.Tensor2D {
  const spec = model.spec as ClassifierSpec;
  return tf.tidy(() => {
    const s = spec.imageSize;
    let h = tf.reshape(x, [x.shape[0]!, s, s, 1]) as tf.Tensor4D;
    for (let i = 0; i < spec.convFilters.length; i++) {
      h = activate(conv2dSame(model.params, `classifier/conv${i}`, h), spec.activation) as tf.Tensor4D;
      h = tf.maxPool(h, 2, 2, 'valid');
    }
    const flat = tf.reshape(h, [x.shape[0]!, -1]);
    return mlp(model.params, 'classifier', spec.dense.length + 1, flat, spec.activation) as tf.Tensor2D;
  });
}

/** Class probabilities [B, classes] for images x [B, 784]. */
export function classify(model: Model, x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(classifyLogits(model, x)));
}
