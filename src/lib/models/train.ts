// Gradient steps with Adam. Needs gradients registered: Node imports '@tensorflow/tfjs';
// a browser bundle imports '@tensorflow/tfjs-core/dist/register_all_gradients'.
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

/** One Adam step on an autoencoder's β-ELBO / reconstruction loss; returns the batch means. */
export function autoencoderStep(t: Trainable, x: tf.Tensor, opts: LossOptions, readBack = true): StepResult | null {
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
  let out: StepResult | null = null;
  const r = reconMean as tf.Scalar | null;
  const k = klMean as tf.Scalar | null;
  if (readBack) out = { loss: loss!.dataSync()[0]!, recon: r ? r.dataSync()[0]! : 0, kl: k ? k.dataSync()[0]! : 0 };
  tf.dispose([loss!, ...(r ? [r] : []), ...(k ? [k] : [])]);
  return out;
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
