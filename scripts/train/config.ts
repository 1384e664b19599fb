// Every shipped model: architecture, training hyper-parameters and how its weights are stored.
import type { AutoencoderSpec, ClassifierSpec, StoragePolicy, Activation } from '../../src/lib/models/index.ts';

/** Learning-rate schedule: constant, or cosine decay from lr to lr * finalFraction. */
export interface Schedule {
  kind: 'constant' | 'cosine';
  finalFraction?: number;
}

/** The learning rate at `progress` (0 at the first step, 1 at the last) of a run with base rate lr under schedule s. */
export function learningRateAt(lr: number, s: Schedule, progress: number): number {
  if (s.kind === 'constant') return lr;
  const f = s.finalFraction ?? 0.05;
  return lr * (f + (1 - f) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

interface Common {
  name: string;
  description: string;
  seed: string;
  epochs: number;
  batch: number;
  lr: number;
  schedule: Schedule;
  storage: StoragePolicy;
}

/** An autoencoder to train (VAE, AE, DAE, CVAE). */
export interface AutoencoderConfig extends Common {
  type: 'autoencoder';
  spec: AutoencoderSpec;
  beta: number;
  /** Linear β warm-up over this many epochs (0: none). */
  betaWarmupEpochs?: number;
  encoderKlOnly?: boolean;
  denoise?: boolean;
  l1Code?: number;
  /** IWAE samples per digit and how many held-out digits get the IWAE estimate. */
  iwaeK?: number;
  iwaeN?: number;
  /** Precompute held-out posterior means as a browser asset (2-D models). */
  latentAsset?: boolean;
  /** Precompute the attributes widget's directions over the held-out digits as a browser asset (scripts/train/attribute-asset.ts). */
  attributeAsset?: boolean;
}

/** A classifier to train, with random shifts of up to `shift` pixels as augmentation. */
export interface ClassifierConfig extends Common {
  type: 'classifier';
  spec: ClassifierSpec;
  shift: number;
}

export type TrainConfig = AutoencoderConfig | ClassifierConfig;

const U8: StoragePolicy = { large: 'uint8', small: 'float16' };
/**
 * uint8 codes in deflated shards: the same weights as U8, 21 % fewer bytes on the wire before vae-2d's first frames (issue 13).
 * 6-bit codes would save 74 KB more but move digit 1834's posterior visibly (weights/EXPERIMENTS.md, "Storage precision").
 */
const U8_DEFLATE: StoragePolicy = { large: 'uint8', small: 'float16', compression: 'deflate' };

/** An autoencoder spec over 784 pixels. */
function ae(kind: 'vae' | 'ae', latentDim: number, enc: number[], dec: number[], act: Activation = 'relu', numClasses = 0): AutoencoderSpec {
  return { kind, inputDim: 784, latentDim, numClasses, encoder: { hidden: enc, activation: act }, decoder: { hidden: dec, activation: act } };
}

const cosine: Schedule = { kind: 'cosine', finalFraction: 0.05 };

/** An autoencoder config with the defaults most models share (30 epochs, batch 128, lr 2e-3 with cosine decay, uint8 weights). */
function autoencoder(
  name: string,
  description: string,
  spec: AutoencoderSpec,
  beta: number,
  extra: Partial<AutoencoderConfig> = {},
): AutoencoderConfig {
  return {
    type: 'autoencoder',
    name,
    description,
    seed: name,
    spec,
    beta,
    epochs: 30,
    batch: 128,
    lr: 2e-3,
    schedule: cosine,
    storage: U8,
    ...extra,
  };
}

// The small 2-D architecture shared by the comparison models (ae-2d, recon-only, kl-only, β sweep),
// so that they differ only in their objective.
const SMALL_ENC = [32];
const SMALL_DEC = [24, 32];

function smallVae(name: string, beta: number, description: string, extra: Partial<AutoencoderConfig> = {}): AutoencoderConfig {
  return autoencoder(name, description, ae('vae', 2, SMALL_ENC, SMALL_DEC), beta, { iwaeK: 1000, iwaeN: 500, latentAsset: true, ...extra });
}

export const BETAS = [0.1, 0.25, 0.5, 1, 2, 4, 8];

/** All models, in training order (longest first so two workers finish together). */
export const CONFIGS: TrainConfig[] = [
  autoencoder('vae-2d', 'The main model: a β = 1 VAE with a 2-D latent.', ae('vae', 2, [128, 64], [64, 256]), 1, {
    epochs: 40,
    iwaeK: 1000,
    iwaeN: 2000,
    latentAsset: true,
    storage: U8_DEFLATE,
  }),
  // The two slowest models after vae-2d come next, so that two workers finish together.
  {
    type: 'autoencoder',
    name: 'ae-conv',
    description: 'Convolutional autoencoder, 16-D code: two 3x3 conv + pool blocks, mirrored with upsampling.',
    seed: 'ae-conv',
    spec: { ...ae('ae', 16, [], []), conv: [8, 8] },
    beta: 0,
    epochs: 10,
    batch: 64,
    lr: 3e-3,
    schedule: cosine,
    storage: U8,
  },
  {
    type: 'classifier',
    name: 'classifier',
    description: 'Small conv net (two 3x3 conv + max-pool blocks, one dense layer) that labels digits.',
    seed: 'classifier',
    spec: { kind: 'classifier', imageSize: 28, convFilters: [8, 16], dense: [], activation: 'relu', numClasses: 10 },
    shift: 2,
    epochs: 8,
    batch: 64,
    lr: 3e-3,
    schedule: cosine,
    storage: U8,
  },
  autoencoder('ae-2d', 'A plain deterministic autoencoder with a 2-D code (reconstruction loss only).', ae('ae', 2, SMALL_ENC, SMALL_DEC), 0, {
    latentAsset: true,
  }),
  smallVae('vae-recon-only', 0, 'A VAE trained with β = 0: reconstruction only, stochastic encoder.'),
  smallVae('vae-kl-only', 1, 'A VAE whose encoder is trained on the KL term only; the decoder fits whatever codes it gets.', {
    encoderKlOnly: true,
    epochs: 10,
  }),
  // The sweep shares one seed (same init, batch order and noise), so members differ only in β.
  ...BETAS.map((b) =>
    smallVae(`beta-${b}`, b, `β-sweep member: β = ${b}, same small architecture and seed as the other sweep members.`, {
      iwaeN: 200,
      seed: 'beta-sweep',
      epochs: 40,
    }),
  ),
  autoencoder(
    'dae',
    'Denoising autoencoder, 16-D code: corrupted inputs (Gaussian, salt-and-pepper, block masks), clean targets.',
    ae('ae', 16, [64], [64]),
    0,
    { denoise: true },
  ),
  autoencoder('ae-16', 'Plain autoencoder with the same architecture as dae, trained on clean inputs.', ae('ae', 16, [64], [64]), 0),
  autoencoder(
    'cvae-2d',
    'Conditional VAE: one-hot label into encoder and decoder, 2-D latent for style.',
    ae('vae', 2, [48], [32, 96], 'relu', 10),
    1,
    { iwaeK: 1000, iwaeN: 500, latentAsset: true },
  ),
  // Issue 8: a 16-D VAE for attribute vectors, and autoencoder variants with the same 16-D code as ae-16 / dae.
  autoencoder(
    'vae-16d',
    'A β = 1 VAE with a 16-D latent, for attribute directions (slant, thickness, width) in latent space.',
    ae('vae', 16, [48], [48]),
    1,
    { iwaeK: 1000, iwaeN: 500, attributeAsset: true },
  ),
  autoencoder('ae-deep', 'Deep dense autoencoder, 16-D code: two narrow hidden layers on each side.', ae('ae', 16, [32, 32], [32, 32]), 0),
  autoencoder(
    'ae-sparse',
    'Sparse autoencoder: ae-16 architecture with a ReLU on the 16-D code and an L1 penalty on it.',
    { ...ae('ae', 16, [64], [64]), codeActivation: 'relu' },
    0,
    { l1Code: 0.2 },
  ),
];

/** Finds a config by name. */
export function configByName(name: string): TrainConfig {
  const c = CONFIGS.find((m) => m.name === name);
  if (!c) throw new Error(`unknown model ${name}; known: ${CONFIGS.map((m) => m.name).join(', ')}`);
  return c;
}

/**
 * A density fitted after training to a shipped model's codes μ(x) of the training digits (the "two-stage" idea, Ghosh et
 * al. 2020): a full-covariance Gaussian mixture fitted by EM from a k-means++ start (src/lib/models/gmm.ts), stored float16.
 */
export interface DensityConfig {
  type: 'density';
  name: string;
  description: string;
  /** The model whose codes it fits (read from weights/, so it runs after that model's training). */
  of: string;
  components: number;
  seed: string;
  /** EM iterations at most, the stopping tolerance (nats per code) and the covariance floor (fraction of the mean variance). */
  iterations: number;
  tolerance: number;
  regularization: number;
}

/** A density over `of`'s codes with the shared EM settings. */
function gmm(of: string, description: string): DensityConfig {
  return {
    type: 'density',
    name: `gmm-${of}`,
    description,
    of,
    components: 16,
    seed: `gmm-${of}`,
    iterations: 300,
    tolerance: 1e-5,
    regularization: 1e-4,
  };
}

/** The densities, fitted after the models (issue 15's chapter 9: sampling from where the codes are instead of the prior). */
export const DENSITIES: DensityConfig[] = [
  gmm('vae-16d', 'A 16-component full-covariance Gaussian mixture fitted to vae-16d’s codes μ(x) of the 8,000 training digits.'),
  gmm(
    'ae-16',
    'A 16-component full-covariance Gaussian mixture fitted to ae-16’s codes of the 8,000 training digits (a plain autoencoder made generative).',
  ),
];

/** Finds a training step by name: a model, or a density fitted to a model's codes. */
export function stepByName(name: string): TrainConfig | DensityConfig {
  const c = CONFIGS.find((m) => m.name === name) ?? DENSITIES.find((m) => m.name === name);
  if (!c) throw new Error(`unknown model ${name}; known: ${[...CONFIGS, ...DENSITIES].map((m) => m.name).join(', ')}`);
  return c;
}
