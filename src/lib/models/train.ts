// Gradient steps with Adam. Needs tfjs-core's gradients registered ('@tensorflow/tfjs-core/dist/register_all_gradients'):
// the browser's trainer imports it; in Node, scripts/train/backend.ts does.
import * as tf from '@tensorflow/tfjs-core';
import { type LossOptions, type Model, classifyLogits, disposeModel, lossTerms } from './model.ts';

/** A model whose parameters are tf.Variables, with its Adam optimizer. */
export interface Trainable {
  model: Model;
  optimizer: tf.AdamOptimizer;
  step: number;
}

let varCounter = 0;

/** Wraps a model's parameters in trainable variables and creates Adam (lr, β1 = 0.9, β2 = 0.999). */
export function makeTrainable(model: Model, lr = 1e-3): Trainable {
  const params: Model['params'] = {};
  for (const [k, t] of Object.entries(model.params)) {
    params[k] = tf.variable(t, true, `${k}#${varCounter++}`);
    t.dispose();
  }
  return { model: { spec: model.spec, params }, optimizer: tf.train.adam(lr), step: 0 };
}

/** Frees a trainable model's variables and optimizer state. */
export function disposeTrainable(t: Trainable): void {
  disposeModel(t.model);
  t.optimizer.dispose();
}

/** Sets the optimizer's learning rate (for schedules). */
export function setLearningRate(t: Trainable, lr: number): void {
  (t.optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Batch means of the loss pieces after one step. */
export interface StepResult {
  loss: number;
  recon: number;
  kl: number;
}

/** Batch means after one step, as tensors the caller reads (asynchronously, if it likes) and disposes. */
export interface StepTensors {
  loss: tf.Scalar;
  recon: tf.Scalar | null;
  kl: tf.Scalar | null;
}

/** One Adam step on an autoencoder's β-ELBO / reconstruction loss; returns its batch means as kept scalars. */
export function autoencoderStepTensors(t: Trainable, x: tf.Tensor, opts: LossOptions): StepTensors {
  let reconMean: tf.Scalar | null = null;
  let klMean: tf.Scalar | null = null;
  const vars = Object.values(t.model.params) as tf.Variable[];
  const loss = t.optimizer.minimize(
    () => {
      const terms = lossTerms(t.model, x, opts);
      reconMean = tf.keep(tf.mean(terms.recon)) as tf.Scalar;
      klMean = terms.kl ? (tf.keep(tf.mean(terms.kl)) as tf.Scalar) : null;
      return terms.loss;
    },
    true,
    vars,
  );
  t.step++;
  return { loss: loss!, recon: reconMean, kl: klMean };
}

/** One Adam step on an autoencoder's β-ELBO / reconstruction loss; returns the batch means. */
export function autoencoderStep(t: Trainable, x: tf.Tensor, opts: LossOptions, readBack = true): StepResult | null {
  const { loss, recon: r, kl: k } = autoencoderStepTensors(t, x, opts);
  let out: StepResult | null = null;
  if (readBack) out = { loss: loss.dataSync()[0]!, recon: r ? r.dataSync()[0]! : 0, kl: k ? k.dataSync()[0]! : 0 };
  tf.dispose([loss, ...(r ? [r] : []), ...(k ? [k] : [])]);
  return out;
}

/** KL warm-up: the factor (0 → 1, linear) on β after `progress` of `span` units of training (1 when span is 0). */
export function warmupFactor(progress: number, span: number | undefined): number {
  return span ? Math.min(1, progress / span) : 1;
}

/** Per-pixel logit of the mean of n images (clipped to [0.001, 0.999]): the decoder's initial output bias. */
export function logitMean(x: Float32Array, n: number): Float32Array {
  const m = new Float32Array(784);
  for (let i = 0; i < n; i++) for (let j = 0; j < 784; j++) m[j]! += x[i * 784 + j]! / n;
  return m.map((p) => {
    const q = Math.min(1 - 1e-3, Math.max(1e-3, p));
    return Math.log(q / (1 - q));
  });
}

/** Mean softmax cross-entropy of a classifier on images x and one-hot labels y. */
export function classifierLoss(model: Model, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(classifyLogits(model, x))), 1))) as tf.Scalar);
}

/** One Adam step on a classifier; returns the batch cross-entropy. */
export function classifierStep(t: Trainable, x: tf.Tensor, y: tf.Tensor, readBack = true): number | null {
  const vars = Object.values(t.model.params) as tf.Variable[];
  const loss = t.optimizer.minimize(() => classifierLoss(t.model, x, y), true, vars);
  t.step++;
  const v = readBack ? loss!.dataSync()[0]! : null;
  loss!.dispose();
  return v;
}
