// Trains one model from its config, evaluates the shipped (quantised) weights on held-out digits, writes files.
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  Rng,
  initModel,
  makeTrainable,
  disposeTrainable,
  setLearningRate,
  autoencoderStep,
  classifierStep,
  logitMean,
  warmupFactor,
  oneHot,
  encodeModel,
  decodeModel,
  disposeModel,
  countParams,
  evaluateAutoencoder,
  evaluateClassifier,
  encodeMeans,
  corrupt,
  randomCorruption,
  type Model,
  type ModelJson,
  type AutoencoderSpec,
} from '../../src/lib/models/index.ts';
import { split, toFloat, SPLIT_SEED } from './data.ts';
import type { AutoencoderConfig, ClassifierConfig, Schedule, TrainConfig } from './config.ts';

/** Progress report sent after each logged batch. */
export interface Progress {
  model: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  terms: Record<string, number>;
  elapsedSec: number;
}

/** A file written for a model, relative to weights/. */
export interface FileRecord {
  path: string;
  sha256: string;
  bytes: number;
  part?: string;
}

/** Everything the manifest records about one trained model. */
export interface ModelRecord {
  name: string;
  type: string;
  description: string;
  modelJson: string;
  files: FileRecord[];
  bytes: number;
  bytesByPart: Record<string, number>;
  params: number;
  paramsByPart: Record<string, number>;
  architecture: unknown;
  storage: unknown;
  hyper: Record<string, unknown>;
  epochs: number;
  wallTimeSec: number;
  backend: string;
  seed: string;
  metrics: Record<string, number>;
  metricsFloat32: Record<string, number>;
  history: { epoch: number; [k: string]: number }[];
  /** What the storage choice costs: shard bytes and the headline held-out metric under each storage policy. */
  storageAlternatives: { storage: string; bytes: number; metric: string; value: number }[];
  assets?: Record<string, FileRecord & { dtype: string; shape: number[]; description: string }>;
}

/** sha256 hex of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function lrAt(lr: number, s: Schedule, progress: number): number {
  if (s.kind === 'constant') return lr;
  const f = s.finalFraction ?? 0.05;
  return lr * (f + (1 - f) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

function rows(x: Float32Array, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * 784);
  for (let i = 0; i < idx.length; i++) out.set(x.subarray(idx[i]! * 784, (idx[i]! + 1) * 784), i * 784);
  return out;
}

/** Shifts each 28x28 digit by up to ±s pixels (zero fill), seeded. */
function shiftDigits(x: Float32Array, s: number, rng: Rng): Float32Array {
  const out = new Float32Array(x.length);
  for (let d = 0; d < x.length / 784; d++) {
    const dy = rng.int(2 * s + 1) - s;
    const dx = rng.int(2 * s + 1) - s;
    for (let r = 0; r < 28; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= 28) continue;
      for (let c = 0; c < 28; c++) {
        const sc = c - dx;
        if (sc >= 0 && sc < 28) out[d * 784 + r * 28 + c] = x[d * 784 + sr * 28 + sc]!;
      }
    }
  }
  return out;
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;
function roundAll(o: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => [k, round(v as number)]),
  );
}

/** Trains `cfg`, writes weights/<name>/ and returns its manifest record. */
export async function trainModel(
  cfg: TrainConfig,
  weightsDir: string,
  onProgress: (p: Progress) => void,
  opts: { epochs?: number; evalEvery?: number; onLog?: (msg: string) => void } = {},
): Promise<ModelRecord> {
  const t0 = performance.now();
  const { train, heldout } = split();
  const X = toFloat(train);
  const H = toFloat(heldout);
  const n = train.count;
  const rng = new Rng(cfg.seed);
  const shuffleRng = rng.fork('shuffle');
  const noiseRng = rng.fork('noise');
  const epochs = opts.epochs ?? cfg.epochs;
  const batches = Math.ceil(n / cfg.batch);
  const init = initModel(cfg.spec, rng.fork('init'), cfg.type === 'autoencoder' ? { outputBias: logitMean(X, n) } : {});
  const t = makeTrainable(init, cfg.lr);
  const history: ModelRecord['history'] = [];
  const Xt = tf.tensor2d(X, [n, 784]);
  const order = Array.from({ length: n }, (_, i) => i);
  const logEvery = Math.max(1, Math.floor(batches / 20));
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleRng.shuffle(order);
    const sums: Record<string, number> = {};
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      setLearningRate(t, lrAt(cfg.lr, cfg.schedule, (epoch * batches + b) / (epochs * batches)));
      const idx = order.slice(b * cfg.batch, (b + 1) * cfg.batch);
      const bs = idx.length;
      const read = b % logEvery === 0 || b === batches - 1;
      let terms: Record<string, number> | null = null;
      if (cfg.type === 'autoencoder') {
        const ac = cfg as AutoencoderConfig;
        const target = tf.gather(Xt, idx);
        let input = target;
        if (ac.denoise) {
          const clean = rows(X, idx);
          const noisy = new Float32Array(clean.length);
          for (let i = 0; i < bs; i++) noisy.set(corrupt(clean.subarray(i * 784, (i + 1) * 784), randomCorruption(noiseRng), noiseRng), i * 784);
          input = tf.tensor2d(noisy, [bs, 784]);
        }
        const d = ac.spec.latentDim;
        const eps = ac.spec.kind === 'vae' ? tf.tensor2d(noiseRng.normalArray(bs * d), [bs, d]) : undefined;
        const labels = ac.spec.numClasses
          ? oneHot(
              idx.map((i) => train.labels[i]!),
              ac.spec.numClasses,
            )
          : undefined;
        const warm = warmupFactor(epoch + b / batches, ac.betaWarmupEpochs);
        const r = autoencoderStep(t, input, { beta: ac.beta * warm, eps, labels, target, l1Code: ac.l1Code, encoderKlOnly: ac.encoderKlOnly }, read);
        if (r) terms = ac.spec.kind === 'vae' ? { loss: r.loss, recon: r.recon, kl: r.kl } : { recon: r.recon };
        tf.dispose([target, input, ...(eps ? [eps] : []), ...(labels ? [labels] : [])]);
      } else {
        const cc = cfg as ClassifierConfig;
        const xb = tf.tensor2d(cc.shift ? shiftDigits(rows(X, idx), cc.shift, noiseRng) : rows(X, idx), [bs, 784]);
        const yb = oneHot(
          idx.map((i) => train.labels[i]!),
          cc.spec.numClasses,
        );
        const l = classifierStep(t, xb, yb, read);
        if (l !== null) terms = { crossEntropy: l };
        tf.dispose([xb, yb]);
      }
      if (terms) {
        for (const [k, v] of Object.entries(terms)) sums[k] = (sums[k] ?? 0) + v;
        seen++;
        onProgress({ model: cfg.name, epoch: epoch + 1, epochs, batch: b + 1, batches, terms, elapsedSec: (performance.now() - t0) / 1000 });
      }
    }
    const h: ModelRecord['history'][number] = {
      epoch: epoch + 1,
      ...roundAll(Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / seen]))),
    };
    if (opts.evalEvery && cfg.type === 'autoencoder' && ((epoch + 1) % opts.evalEvery === 0 || epoch + 1 === epochs)) {
      const ac = cfg as AutoencoderConfig;
      const ev = evaluateAutoencoder(t.model, H, {
        rng: new Rng('epoch-eval'),
        labels: heldout.labels,
        numClasses: ac.spec.numClasses,
        inputs: ac.denoise ? corruptHeldout(H) : undefined,
      });
      h.heldout = round(ev.negElbo ?? ev.bce);
      if (ev.kl !== undefined) h.heldoutKl = round(ev.kl);
      opts.onLog?.(
        `${cfg.name} epoch ${epoch + 1}: held-out ${ev.negElbo !== undefined ? `-ELBO ${ev.negElbo.toFixed(2)} (recon ${ev.recon.toFixed(2)}, kl ${ev.kl!.toFixed(2)})` : `bce ${ev.bce.toFixed(2)}`} at ${((performance.now() - t0) / 1000).toFixed(0)}s`,
      );
    }
    history.push(h);
  }
  Xt.dispose();
  const trainSec = (performance.now() - t0) / 1000;

  // Serialise, then evaluate the weights exactly as shipped (after quantisation).
  const model: Model = t.model;
  const { modelJson, files } = encodeModel(cfg.name, model, cfg.storage);
  const dir = join(weightsDir, cfg.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const records: FileRecord[] = [];
  const jsonBytes = new TextEncoder().encode(JSON.stringify(modelJson, null, 1) + '\n');
  writeFileSync(join(dir, 'model.json'), jsonBytes);
  records.push({ path: `${cfg.name}/model.json`, sha256: sha256(jsonBytes), bytes: jsonBytes.length });
  for (const f of files) {
    writeFileSync(join(dir, f.path), f.bytes);
    records.push({ path: `${cfg.name}/${f.path}`, sha256: sha256(f.bytes), bytes: f.bytes.length, part: f.path.split('.').slice(-2, -1)[0]! });
  }
  const shipped = decodeModel(JSON.parse(new TextDecoder().decode(jsonBytes)) as ModelJson, Object.fromEntries(files.map((f) => [f.path, f.bytes])));
  const evalSeed = `eval-${cfg.name}`;
  let metrics: Record<string, number>;
  let metricsFloat32: Record<string, number>;
  const assets: NonNullable<ModelRecord['assets']> = {};
  if (cfg.type === 'autoencoder') {
    const ac = cfg as AutoencoderConfig;
    const base = { labels: heldout.labels, numClasses: ac.spec.numClasses };
    metrics = roundAll(evaluateAutoencoder(shipped, H, { ...base, rng: new Rng(evalSeed), iwaeK: ac.iwaeK, iwaeN: ac.iwaeN }));
    metricsFloat32 = roundAll(evaluateAutoencoder(model, H, { ...base, rng: new Rng(evalSeed) }));
    if (ac.spec.kind === 'ae' && ac.spec.latentDim >= 16) {
      // The DAE and the other 16-D autoencoders are also scored on the same corrupted held-out digits (clean targets).
      const noisy = evaluateAutoencoder(shipped, H, { ...base, inputs: corruptHeldout(H), rng: new Rng(evalSeed) });
      metrics.noisyBce = round(noisy.bce);
      metrics.noisyMse = round(noisy.mse);
      metrics.noisyPsnr = round(noisy.psnr);
    }
    const train1k = evaluateAutoencoder(shipped, X.subarray(0, 2000 * 784), {
      labels: train.labels.subarray(0, 2000),
      numClasses: ac.spec.numClasses,
      rng: new Rng(evalSeed),
    });
    if (train1k.negElbo !== undefined) metrics.trainNegElbo = round(train1k.negElbo);
    else metrics.trainBce = round(train1k.bce);
    if (ac.latentAsset) {
      const mu = encodeMeans(shipped, H, heldout.labels);
      const bytes = new Uint8Array(mu.buffer);
      writeFileSync(join(dir, 'heldout-mu.bin'), bytes);
      assets.heldoutMu = {
        path: `${cfg.name}/heldout-mu.bin`,
        sha256: sha256(bytes),
        bytes: bytes.length,
        dtype: 'float32',
        shape: [heldout.count, (ac.spec as AutoencoderSpec).latentDim],
        description: 'Posterior means of the held-out digits (in data/heldout.png order), little-endian float32.',
      };
    }
  } else {
    metrics = roundAll(evaluateClassifier(shipped, H, heldout.labels));
    metricsFloat32 = roundAll(evaluateClassifier(model, H, heldout.labels));
    metrics.trainAccuracy = round(evaluateClassifier(shipped, X.subarray(0, 2000 * 784), train.labels.subarray(0, 2000)).accuracy);
  }
  const storageAlternatives: ModelRecord['storageAlternatives'] = [];
  for (const [label, policy] of [
    ['float32', { large: 'float32', small: 'float32' }],
    ['float16', { large: 'float16', small: 'float16' }],
    ['uint8 (large tensors) + float16', { large: 'uint8', small: 'float16' }],
  ] as const) {
    const enc = encodeModel(cfg.name, model, policy);
    const m2 = decodeModel(enc.modelJson, Object.fromEntries(enc.files.map((f) => [f.path, f.bytes])));
    const bytes = enc.files.reduce((a, f) => a + f.bytes.length, 0);
    if (cfg.type === 'autoencoder') {
      const ac = cfg as AutoencoderConfig;
      const ev = evaluateAutoencoder(m2, H, {
        rng: new Rng(evalSeed),
        labels: heldout.labels,
        numClasses: ac.spec.numClasses,
        inputs: ac.denoise ? corruptHeldout(H) : undefined,
      });
      storageAlternatives.push({
        storage: label,
        bytes,
        metric: ev.negElbo !== undefined ? 'negElbo' : ac.denoise ? 'noisyBce' : 'bce',
        value: round(ev.negElbo ?? ev.bce),
      });
    } else {
      storageAlternatives.push({ storage: label, bytes, metric: 'accuracy', value: round(evaluateClassifier(m2, H, heldout.labels).accuracy) });
    }
    disposeModel(m2);
  }
  const parts = modelJson.userDefinedMetadata.parts;
  const shardFiles = records.filter((r) => r.part);
  const rec: ModelRecord = {
    name: cfg.name,
    type:
      cfg.type === 'classifier'
        ? 'classifier'
        : (cfg as AutoencoderConfig).denoise
          ? 'dae'
          : cfg.spec.kind === 'vae' && cfg.spec.numClasses
            ? 'cvae'
            : cfg.spec.kind,
    description: cfg.description,
    modelJson: `${cfg.name}/model.json`,
    files: records,
    bytes: shardFiles.reduce((a, f) => a + f.bytes, 0),
    bytesByPart: Object.fromEntries(shardFiles.map((f) => [f.part!, f.bytes])),
    params: countParams(model),
    paramsByPart: Object.fromEntries(parts.map((p) => [p, countParams(model, `${p}/`)])),
    architecture: cfg.spec,
    storage: cfg.storage,
    hyper: hyperOf(cfg, epochs),
    epochs,
    wallTimeSec: Math.round(trainSec),
    backend: tf.getBackend(),
    seed: cfg.seed,
    metrics: { ...metrics, params: countParams(model), bytes: shardFiles.reduce((a, f) => a + f.bytes, 0) },
    metricsFloat32,
    history,
    storageAlternatives,
  };
  if (Object.keys(assets).length) rec.assets = assets;
  disposeModel(shipped);
  disposeTrainable(t);
  return rec;
}

function hyperOf(cfg: TrainConfig, epochs: number): Record<string, unknown> {
  const { name: _n, description: _d, spec: _s, storage: _st, ...rest } = cfg;
  return { ...rest, epochs, optimizer: 'adam(0.9, 0.999)', splitSeed: SPLIT_SEED };
}

/** The fixed corrupted copy of the held-out digits used to score denoising (seeded, mixed corruptions). */
export function corruptHeldout(H: Float32Array): Float32Array {
  const rng = new Rng('heldout-corruption');
  const out = new Float32Array(H.length);
  for (let i = 0; i < H.length / 784; i++) {
    let c = randomCorruption(rng);
    while (c.kind === 'none') c = randomCorruption(rng);
    out.set(corrupt(H.subarray(i * 784, (i + 1) * 784), c, rng), i * 784);
  }
  return out;
}
