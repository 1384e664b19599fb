// A VAE training run (no DOM): the shared model, loss and Adam step from src/lib/models, with a seeded initialisation,
// minibatch order and noise, so that a seed and a β schedule determine every step.
import * as tf from '@tensorflow/tfjs-core';
import {
  Rng,
  autoencoderStepTensors,
  bernoulliLogLik,
  decode,
  decodeLogits,
  disposeTrainable,
  encode,
  initModel,
  klStdNormal,
  logitMean,
  makeTrainable,
  reparameterize,
  warmupFactor,
  type AutoencoderSpec,
  type Trainable,
} from '../../lib/models/index.ts';
import { klWeight, type BetaSchedule } from './state.ts';

/** Digits trained on per step. */
export const BATCH = 100;
/** Of the digits shipped with the page, the first TRAIN_COUNT train the model; the rest are kept aside for the map and the score. */
export const TRAIN_COUNT = 1500;

/** What defines a run: with the same settings (and backend) every step is the same. */
export interface RunSettings {
  seed: number;
  lr: number;
  hidden: number;
  warmup: boolean;
  schedule: BetaSchedule;
}

/** One step's minibatch means: reconstruction term D, KL R (nats per digit) and the KL weight used. */
export interface StepStats {
  recon: number;
  kl: number;
  weight: number;
}

/** The model's state on the kept-aside digits and a grid decoded from the prior. */
export interface Snapshot {
  step: number;
  mu: Float32Array;
  logvar: Float32Array;
  /** Mean D and R on the kept-aside digits (one fixed ε per digit). */
  recon: number;
  kl: number;
  grid: Float32Array;
}

/** The architecture for a hidden width: 784 → h → (μ, log σ²) in 2-D; 2 → h → 784 logits; ReLU. */
export function trainSpec(hidden: number): AutoencoderSpec {
  return {
    kind: 'vae',
    inputDim: 784,
    latentDim: 2,
    numClasses: 0,
    encoder: { hidden: [hidden], activation: 'relu' },
    decoder: { hidden: [hidden], activation: 'relu' },
  };
}

/** A training run over `images` (count × 784 in [0, 1]): the first TRAIN_COUNT train, the rest are evaluated. */
export class TrainRun {
  step = 0;
  readonly settings: RunSettings;
  private readonly t: Trainable;
  /** The training digits as a tensor, made at the first step (their pixels may arrive after the run is built). */
  private x: tf.Tensor2D | null = null;
  private readonly images: Float32Array;
  private readonly xEval: tf.Tensor2D;
  private readonly epsEval: tf.Tensor2D;
  private gridZ: tf.Tensor2D | null = null;
  private readonly shuffleRng: Rng;
  private readonly noiseRng: Rng;
  private readonly order: number[];
  readonly evalCount: number;

  /**
   * `images` holds every digit (count × 784); those kept aside must be loaded now, the first TRAIN_COUNT only by the first step.
   * `outputBias` is logitMean of those TRAIN_COUNT digits when it is known without them (weights/data/train-widget-bias.bin).
   */
  constructor(images: Float32Array, settings: RunSettings, outputBias?: Float32Array) {
    this.settings = { ...settings, schedule: settings.schedule.map(([s, b]) => [s, b] as [number, number]) };
    const count = images.length / 784;
    if (count <= TRAIN_COUNT) throw new Error(`need more than ${TRAIN_COUNT} digits, got ${count}`);
    this.evalCount = count - TRAIN_COUNT;
    const rng = new Rng(`train-widget-${settings.seed}`);
    this.images = images;
    const bias = outputBias ?? logitMean(images.subarray(0, TRAIN_COUNT * 784), TRAIN_COUNT);
    const init = initModel(trainSpec(settings.hidden), rng.fork('init'), { outputBias: bias });
    this.t = makeTrainable(init, settings.lr);
    this.shuffleRng = rng.fork('shuffle');
    this.noiseRng = rng.fork('noise');
    this.order = Array.from({ length: TRAIN_COUNT }, (_, i) => i);
    this.xEval = tf.tensor2d(images.subarray(TRAIN_COUNT * 784), [this.evalCount, 784]);
    this.epsEval = tf.tensor2d(new Rng('train-widget-eval').normalArray(this.evalCount * 2), [this.evalCount, 2]);
  }

  /** The β in force for the next step. */
  setSchedule(schedule: BetaSchedule): void {
    this.settings.schedule = schedule.map(([s, b]) => [s, b] as [number, number]);
  }

  /**
   * Takes up to `n` steps, stopping early once `budgetMs` have passed (after at least one), so the page stays responsive
   * on backends that compute on the main thread. Reads every step's numbers back in one asynchronous transfer.
   */
  async steps(n: number, budgetMs = Infinity): Promise<StepStats[]> {
    const t0 = performance.now();
    const kept: tf.Scalar[] = [];
    const weights: number[] = [];
    const perEpoch = Math.floor(TRAIN_COUNT / BATCH);
    this.x ??= tf.tensor2d(this.images.subarray(0, TRAIN_COUNT * 784), [TRAIN_COUNT, 784]);
    const x = this.x;
    for (let i = 0; i < n; i++) {
      if (i > 0 && performance.now() - t0 > budgetMs) break;
      const b = this.step % perEpoch;
      if (b === 0) this.shuffleRng.shuffle(this.order);
      const idx = this.order.slice(b * BATCH, (b + 1) * BATCH);
      const xb = tf.tidy(() => tf.gather(x, tf.tensor1d(idx, 'int32')));
      const eps = tf.tensor2d(this.noiseRng.normalArray(BATCH * 2), [BATCH, 2]);
      const weight = klWeight(this.settings.schedule, this.step, this.settings.warmup, warmupFactor);
      const r = autoencoderStepTensors(this.t, xb, { eps, beta: weight });
      tf.dispose([xb, eps, r.loss]);
      kept.push(r.recon!, r.kl!);
      weights.push(weight);
      this.step++;
    }
    const packed = tf.tidy(() => tf.stack(kept));
    tf.dispose(kept);
    try {
      const v = (await packed.data()) as Float32Array;
      return weights.map((weight, i) => ({ recon: v[2 * i]!, kl: v[2 * i + 1]!, weight }));
    } finally {
      packed.dispose();
    }
  }

  /** Encodes the kept-aside digits, scores them, and decodes `zs` (rows of 2 numbers, e.g. a prior grid). */
  async snapshot(zs: number[][]): Promise<Snapshot> {
    if (!this.gridZ || this.gridZ.shape[0] !== zs.length) {
      this.gridZ?.dispose();
      this.gridZ = tf.tensor2d(zs);
    }
    const gridZ = this.gridZ;
    const step = this.step;
    const out = tf.tidy(() => {
      const { mu, logvar } = encode(this.t.model, this.xEval);
      const z = reparameterize(mu, logvar!, this.epsEval);
      const recon = tf.mean(tf.neg(bernoulliLogLik(decodeLogits(this.t.model, z), this.xEval)));
      const kl = tf.mean(klStdNormal(mu, logvar!));
      return [mu, logvar!, tf.stack([recon, kl]), decode(this.t.model, gridZ)];
    });
    try {
      const [mu, logvar, terms, grid] = (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
      return { step, mu: mu!, logvar: logvar!, recon: terms![0]!, kl: terms![1]!, grid: grid! };
    } finally {
      tf.dispose(out);
    }
  }

  /** Frees the model, the optimizer's moments and the data tensors. */
  dispose(): void {
    disposeTrainable(this.t);
    tf.dispose([...(this.x ? [this.x] : []), this.xEval, this.epsEval]);
    this.x = null;
    this.gridZ?.dispose();
    this.gridZ = null;
  }
}
