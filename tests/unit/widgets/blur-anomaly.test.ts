// Chapter 9's blur and anomaly widgets: Bernoulli samples, log-likelihoods and grey counts (blur); the anomalies, the ROC
// AUC and threshold rates (anomaly); and, on the shipped vae-16d, that the AUCs in weights/manifest.json are what the
// widget's own code computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../models/setup.ts';
import { readHeldoutImages, readShippedModel } from '../../../scripts/train/shipped.ts';
import { Rng } from '../../../src/lib/models/index.ts';
import {
  averageImage,
  averagingBlurs,
  bernoulliLogLik,
  bernoulliSamples,
  greyPixels,
  klToPrior,
  posteriorCodes,
} from '../../../src/widgets/blur/blur-math.ts';
import {
  ANOMALY_KINDS,
  KINDS,
  makeAnomalies,
  makeAnomaly,
  normalDigits,
  resolveStrength,
  rotateDigit,
} from '../../../src/widgets/anomaly/corruptions.ts';
import { flaggedShare, rocAuc, rocCurve } from '../../../src/widgets/anomaly/roc.ts';
import { negElboScores } from '../../../src/widgets/anomaly/score.ts';
import { ANOMALY_MODEL, NORMAL_SEED, anomalySeed } from '../../../src/widgets/anomaly/anomaly-model.ts';
import { defaultThreshold } from '../../../src/widgets/anomaly/state.ts';
import { SCORE_TOLERANCE, packScores, unpackScores } from '../../../src/widgets/anomaly/scores-asset.ts';
import { sha256 } from '../../../scripts/train/record.ts';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b} (±${tol})`);

test('blur: Bernoulli samples are 0 or 1 with the pixel probabilities as their frequencies', () => {
  const p = Float32Array.from({ length: 784 }, (_, j) => (j % 4) / 4);
  const s = bernoulliSamples(p, 200, new Rng('t'));
  assert.ok(s.every((v) => v === 0 || v === 1));
  const freq = averageImage(s, 200);
  for (const j of [0, 1, 2, 3, 401, 402]) close(freq[j]!, p[j]!, 0.13, `pixel ${j}`);
  assert.equal(greyPixels(s), 0);
  assert.equal(greyPixels(p), 196 * 3); // 0.25, 0.5 and 0.75 lie between 0.2 and 0.8; 0 does not
});

test('blur: log-likelihood, KL and posterior codes', () => {
  const x = Float32Array.from({ length: 784 }, (_, j) => (j < 100 ? 1 : 0));
  const half = new Float32Array(784).fill(0.5);
  close(bernoulliLogLik(x, half), 784 * Math.log(0.5), 1e-6);
  assert.ok(bernoulliLogLik(x, x) > -1e-3); // p = x is (nearly) certain
  close(klToPrior([0, 0], [0, 0]), 0, 1e-12);
  close(klToPrior([1, 0], [0, 0]), 0.5, 1e-12);
  const codes = posteriorCodes([1, -1], [Math.log(0.01), Math.log(0.01)], 4000, new Rng('z'));
  const m0 = codes.reduce((s, c) => s + c[0]!, 0) / codes.length;
  const v0 = codes.reduce((s, c) => s + (c[0]! - m0) ** 2, 0) / codes.length;
  close(m0, 1, 0.01);
  close(Math.sqrt(v0), 0.1, 0.01);
});

test('anomaly: rotations by 90° are pixel permutations; four of them give the digit back', () => {
  const x = Float32Array.from({ length: 784 }, (_, j) => ((j * 7919) % 13) / 12);
  let r: Float32Array = x;
  for (let k = 0; k < 4; k++) r = rotateDigit(r, 90);
  for (let j = 0; j < 784; j++) close(r[j]!, x[j]!, 1e-9);
  const once = rotateDigit(x, 90);
  assert.deepEqual([...once].sort(), [...x].sort());
  assert.notDeepEqual([...once], [...x]);
});

test('anomaly: each kind stays in [0, 1], the same seed makes the same images, strength 0 of noise leaves digits alone', () => {
  const images = Float32Array.from({ length: 400 * 784 }, (_, j) => ((j * 31) % 17) / 16);
  for (const kind of ANOMALY_KINDS) {
    const a = makeAnomalies(kind, KINDS[kind].initial, images);
    assert.ok(
      a.every((v) => v >= 0 && v <= 1 + 1e-9),
      kind,
    );
    assert.deepEqual(a, makeAnomalies(kind, KINDS[kind].initial, images), kind);
    assert.equal(resolveStrength(kind, -1), KINDS[kind].initial);
  }
  const d = images.subarray(0, 784);
  assert.deepEqual(makeAnomaly('noise', 0, d, new Rng('n')), Float32Array.from(d));
  assert.equal(resolveStrength('rotate', 100), 105);
  assert.equal(resolveStrength('noise', 0.123), 0.12);
});

test('anomaly: AUC by ranks, with ties; threshold rates; the ROC curve runs from (0, 0) to (1, 1)', () => {
  assert.equal(rocAuc([1, 2, 3], [4, 5, 6]), 1);
  assert.equal(rocAuc([4, 5, 6], [1, 2, 3]), 0);
  assert.equal(rocAuc([1, 2], [2, 3]), 0.875); // pairs: (1,2) (1,3) (2,3) above, (2,2) a tie
  assert.equal(flaggedShare([1, 2, 3, 4], 2), 0.5);
  const c = rocCurve([1, 2], [2, 3]);
  assert.deepEqual(c[0], [0, 0]);
  assert.deepEqual(c.at(-1), [1, 1]);
  // The trapezoid area under the curve is the AUC.
  let area = 0;
  for (let i = 1; i < c.length; i++) area += (c[i]![0] - c[i - 1]![0]) * (c[i]![1] + c[i - 1]![1]) * 0.5;
  close(area, 0.875, 1e-12);
  assert.equal(defaultThreshold(Array.from({ length: 100 }, (_, i) => i + 0.5)), 95);
});

test('anomaly: the manifest’s vae-16d AUCs are what the widget’s code computes on the shipped weights', async () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const images = readHeldoutImages(weights, manifest);
  const rec = manifest.models[ANOMALY_MODEL];
  const model = readShippedModel(weights, ANOMALY_MODEL);
  const before = tf.memory().numTensors;
  const normal = await negElboScores(tf, model, normalDigits(images), NORMAL_SEED);
  // The normal digits' mean −ELBO is close to the manifest's held-out −ELBO (2,000 digits there, 200 here).
  close(normal.reduce((a, v) => a + v, 0) / normal.length, rec.metrics.negElbo, 8);
  // The widget's first frame shows the shipped scores without its model: each row is what its code computes here.
  const asset = rec.assets?.anomalyScores;
  assert.ok(
    asset,
    `vae-16d has no assets.anomalyScores in weights/manifest.json: run \`node scripts/with-node.mjs node scripts/eval-anomaly.ts --write\``,
  );
  const bytes = readFileSync(join(weights, asset.path));
  assert.equal(sha256(bytes), asset.sha256, `${asset.path}'s sha256 differs from the manifest's: run scripts/eval-anomaly.ts --write`);
  const shipped = unpackScores(new Uint8Array(bytes).buffer, asset);
  const worst = (a: Float32Array, b: Float32Array | undefined) => (b ? Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!))) : Infinity);
  assert.ok(worst(normal, shipped.normal) <= SCORE_TOLERANCE, `normal row differs by ${worst(normal, shipped.normal)} nats`);
  assert.equal(shipped.anomalies.size, ANOMALY_KINDS.length, 'a row for every kind at its default strength');
  for (const kind of ANOMALY_KINDS) {
    const k = KINDS[kind];
    const scores = await negElboScores(tf, model, makeAnomalies(kind, k.initial, images), anomalySeed(kind, k.initial));
    close(rocAuc(normal, scores), rec.metrics[k.metric], 0.005, k.metric);
    const row = shipped.anomalies.get(`${kind}|${k.initial}`);
    assert.ok(worst(scores, row) <= SCORE_TOLERANCE, `${kind} row differs by ${worst(scores, row)} nats`);
  }
  assert.equal(tf.memory().numTensors, before, 'negElboScores frees its tensors');
});

test('anomaly: the first-frame scores asset packs and unpacks its rows, and drops a row scored at another strength', () => {
  const row = (v: number) => new Float32Array(200).fill(v);
  const byKind = Object.fromEntries(ANOMALY_KINDS.map((k, i) => [k, row(i + 1)])) as Record<(typeof ANOMALY_KINDS)[number], Float32Array>;
  const { bytes, info } = packScores(row(0.5), byKind);
  assert.equal(bytes.length, 7 * 200 * 4);
  const back = unpackScores(bytes.buffer as ArrayBuffer, info);
  assert.equal(back.normal[199], 0.5);
  assert.equal(back.anomalies.get(`rotate|${KINDS.rotate.initial}`)![0], ANOMALY_KINDS.indexOf('rotate') + 1);
  const stale = unpackScores(bytes.buffer as ArrayBuffer, { ...info, strengths: { ...info.strengths, rotate: 45 } });
  assert.equal(stale.anomalies.has(`rotate|${KINDS.rotate.initial}`), false);
  assert.equal(stale.anomalies.size, ANOMALY_KINDS.length - 1);
  assert.throws(() => unpackScores(bytes.slice(4).buffer as ArrayBuffer, info), /out of date/);
});

test('the blur caption calls an average blurred only when it adds grey beyond rounding: 3 pixels and 2% of the mean’s', () => {
  // The fifth expert read's case: beta-0.1, digit #1, 218 against 216 grey pixels, is agreement, not blur.
  assert.equal(averagingBlurs(218, 216), false);
  assert.equal(averagingBlurs(142, 114), true);
  assert.equal(averagingBlurs(20, 18), false);
  assert.equal(averagingBlurs(21, 18), true);
  assert.equal(averagingBlurs(300, 295), false);
  assert.equal(averagingBlurs(301, 295), true);
  assert.equal(averagingBlurs(100, 110), false);
});
