// The density step of `npm run train` (e.g. `npm run train -- gmm-vae-16d`): fits a Gaussian mixture to a shipped model's
// codes μ(x) of the training digits, writes weights/<name>/gmm.json + <name>.density.bin (float16) and returns its
// manifest record, with the numbers chapter 9 quotes (scripts/eval-density.ts; `npm run eval` checks them).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, disposeModel, type Model } from '../../src/lib/models/index.ts';
import { readShippedModel } from './shipped.ts';
import { decodeGmm, encodeGmm, fitGmm, gmmParams, momentGaussian, standardNormal, type Gmm } from '../../src/lib/models/gmm.ts';
import { codesOf, heldoutLogLik, sampleConfidence, SAMPLE_COUNT, SAMPLE_SEED, CONFIDENT } from '../eval-density.ts';
import type { DensityConfig } from './config.ts';
import { split, toFloat, SPLIT_SEED } from './data.ts';
import { round, sha256, type ModelRecord } from './record.ts';

/**
 * The numbers about one shipped mixture over a model's codes: held-out log-likelihood (nats per code) under it, under
 * the one Gaussian with its moments and under N(0, I), and for samples from each of the three the classifier's mean top
 * probability and the share at or above CONFIDENT.
 */
export function densityMetrics(
  density: Gmm,
  decoder: Model,
  classifier: Model,
  heldoutCodes: Float32Array,
  seed = SAMPLE_SEED,
): Record<string, number> {
  const gaussian = momentGaussian(density);
  const prior = standardNormal(density.d);
  const out: Record<string, number> = {
    heldoutLogLik: heldoutLogLik(density, heldoutCodes),
    gaussianHeldoutLogLik: heldoutLogLik(gaussian, heldoutCodes),
    priorHeldoutLogLik: heldoutLogLik(prior, heldoutCodes),
  };
  for (const [prefix, g] of [
    ['sample', density],
    ['gaussianSample', gaussian],
    ['priorSample', prior],
  ] as const) {
    const s = sampleConfidence(g, decoder, classifier, SAMPLE_COUNT, new Rng(`${seed}-${prefix}`));
    out[`${prefix}Confidence`] = s.meanConfidence;
    out[`${prefix}Confident`] = s.confidentShare;
  }
  return out;
}

/** Fits cfg's mixture, writes its files and returns its manifest record. */
export function fitDensity(cfg: DensityConfig, weightsDir: string, log: (msg: string) => void = () => {}): ModelRecord {
  const t0 = performance.now();
  const { train, heldout } = split();
  const source = readShippedModel(weightsDir, cfg.of);
  const classifier = readShippedModel(weightsDir, 'classifier');
  try {
    const trainCodes = codesOf(source, toFloat(train));
    const heldoutCodes = codesOf(source, toFloat(heldout));
    const d = trainCodes.length / train.count;
    const { gmm, history } = fitGmm(trainCodes, train.count, d, cfg.components, new Rng(cfg.seed), cfg);
    log(`${cfg.name}: EM stopped after ${history.length} iterations at ${history.at(-1)!.toFixed(3)} nats per code`);
    const { json, shard } = encodeGmm(cfg.name, cfg.of, gmm);
    // Every number is measured on the mixture as shipped (float16), as the browser reads it.
    const shipped = decodeGmm(json, shard.bytes);
    const dir = join(weightsDir, cfg.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const jsonBytes = new TextEncoder().encode(JSON.stringify(json, null, 1) + '\n');
    writeFileSync(join(dir, 'gmm.json'), jsonBytes);
    writeFileSync(join(dir, shard.path), shard.bytes);
    const params = gmmParams(cfg.components, d);
    const metrics: Record<string, number> = {
      trainLogLik: heldoutLogLik(shipped, trainCodes),
      ...densityMetrics(shipped, source, classifier, heldoutCodes),
      components: cfg.components,
      params,
      bytes: shard.bytes.length,
    };
    const { type: _t, name: _n, description: _d, ...hyper } = cfg;
    return {
      name: cfg.name,
      type: 'gmm',
      description: cfg.description,
      modelJson: `${cfg.name}/gmm.json`,
      files: [
        { path: `${cfg.name}/gmm.json`, sha256: sha256(jsonBytes), bytes: jsonBytes.length },
        { path: `${cfg.name}/${shard.path}`, sha256: sha256(shard.bytes), bytes: shard.bytes.length, part: 'density' },
      ],
      bytes: shard.bytes.length,
      bytesByPart: { density: shard.bytes.length },
      params,
      paramsByPart: { density: params },
      architecture: json.userDefinedMetadata.spec,
      storage: { large: 'float16', small: 'float16' },
      hyper: {
        ...hyper,
        init: 'k-means++ (10 Lloyd steps)',
        samples: SAMPLE_COUNT,
        sampleSeed: SAMPLE_SEED,
        confident: CONFIDENT,
        splitSeed: SPLIT_SEED,
      },
      epochs: history.length,
      wallTimeSec: Math.round((performance.now() - t0) / 1000),
      backend: 'plain JavaScript (EM); tfjs for encoding, decoding and classifying',
      seed: cfg.seed,
      metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, round(v)])),
      metricsFloat32: {},
      history: history
        .filter((_, i) => i % 10 === 0 || i === history.length - 1)
        .map((v, i, a) => ({ epoch: i === a.length - 1 ? history.length : i * 10 + 1, logLik: round(v) })),
      storageAlternatives: [],
    };
  } finally {
    disposeModel(source);
    disposeModel(classifier);
  }
}
