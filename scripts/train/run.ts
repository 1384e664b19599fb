// Trains one model from its config, evaluates the shipped (quantised) weights on held-out digits, writes files.
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
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
import { split, toFloat } from './data.ts';
import { learningRateAt, type AutoencoderConfig, type ClassifierConfig, type TrainConfig } from './config.ts';
import { corruptHeldout, rows, shiftDigits } from './inputs.ts';
import { hyperOf, modelType, round, roundAll, sha256, writeModelFiles, type ModelRecord, type Progress } from './record.ts';
import { compareStorage, heldoutScores } from './scoring.ts';
import { writeAttributeDirections } from './attribute-asset.ts';

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
      setLearningRate(t, learningRateAt(cfg.lr, cfg.schedule, (epoch * batches + b) / (epochs * batches)));
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
      const ev = heldoutScores(ac, t.model, H, heldout.labels, 'epoch-eval');
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
  const { dir, records, jsonBytes } = writeModelFiles(weightsDir, cfg.name, modelJson, files);
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
    if (ac.attributeAsset) assets.attributeDirections = writeAttributeDirections(dir, cfg.name, shipped, H, heldout.labels);
  } else {
    metrics = roundAll(evaluateClassifier(shipped, H, heldout.labels));
    metricsFloat32 = roundAll(evaluateClassifier(model, H, heldout.labels));
    metrics.trainAccuracy = round(evaluateClassifier(shipped, X.subarray(0, 2000 * 784), train.labels.subarray(0, 2000)).accuracy);
  }
  const storageAlternatives = compareStorage(cfg, model, H, heldout.labels, evalSeed);
  const parts = modelJson.userDefinedMetadata.parts;
  const shardFiles = records.filter((r) => r.part);
  const rec: ModelRecord = {
    name: cfg.name,
    type: modelType(cfg),
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
