import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { mean, variance } from './setup.ts';
import {
  Rng,
  bernoulliLogLik,
  klStdNormal,
  gaussianLogPdf,
  stdNormalLogPdf,
  reparameterize,
  initModel,
  encode,
  decodeLogits,
  iwaeLogLik,
  lossTerms,
  type AutoencoderSpec,
} from '../../../src/lib/models/index.ts';

test('analytic KL matches a Monte Carlo estimate', () => {
  const rng = new Rng('kl-test');
  const mu = tf.tensor2d([[0.7, -1.2, 0.1]]);
  const logvar = tf.tensor2d([[-0.5, 0.3, -2.0]]);
  const analytic = klStdNormal(mu, logvar).dataSync()[0]!;
  const S = 200000;
  const vals = tf.tidy(() => {
    const muR = tf.tile(mu, [S, 1]);
    const lvR = tf.tile(logvar, [S, 1]);
    const z = reparameterize(muR, lvR, tf.tensor2d(rng.normalArray(S * 3), [S, 3]));
    return tf.sub(gaussianLogPdf(z, muR, lvR), stdNormalLogPdf(z)).dataSync();
  });
  const mc = mean(vals);
  const se = Math.sqrt(variance(vals) / S);
  assert.ok(Math.abs(mc - analytic) < 4 * se + 1e-4, `MC ${mc} vs analytic ${analytic} (se ${se})`);
  // KL of the prior to itself is zero.
  assert.ok(Math.abs(klStdNormal(tf.zeros([1, 4]), tf.zeros([1, 4])).dataSync()[0]!) < 1e-7);
  tf.dispose([mu, logvar]);
});

test('Bernoulli log-likelihood from logits matches the direct formula and stays finite', () => {
  const rng = new Rng('ll-test');
  const n = 5 * 784;
  const logits = Float32Array.from({ length: n }, () => 6 * rng.normal());
  const x = Float32Array.from({ length: n }, () => (rng.uniform() < 0.3 ? rng.uniform() : rng.uniform() < 0.5 ? 0 : 1));
  const got = bernoulliLogLik(tf.tensor2d(logits, [5, 784]), tf.tensor2d(x, [5, 784])).dataSync();
  for (let r = 0; r < 5; r++) {
    let direct = 0;
    for (let i = r * 784; i < (r + 1) * 784; i++) {
      const p = 1 / (1 + Math.exp(-logits[i]!));
      direct += x[i]! * Math.log(p) + (1 - x[i]!) * Math.log(1 - p);
    }
    assert.ok(Math.abs(got[r]! - direct) < 1e-3 * Math.abs(direct) + 1e-2, `row ${r}: ${got[r]} vs ${direct}`);
  }
  const extreme = bernoulliLogLik(tf.tensor2d([[200, -200, 200, -200]]), tf.tensor2d([[1, 0, 0, 1]])).dataSync()[0]!;
  assert.ok(Number.isFinite(extreme));
  assert.ok(Math.abs(extreme - -400) < 1e-3, `extreme logits: ${extreme}`);
});

test('reparameterized samples have the requested mean and variance', () => {
  const rng = new Rng('reparam-test');
  const S = 100000;
  const z = tf.tidy(() =>
    reparameterize(
      tf.fill([S, 2], 1.5),
      tf.tile(tf.tensor2d([[Math.log(0.25), Math.log(4)]]), [S, 1]),
      tf.tensor2d(rng.normalArray(S * 2), [S, 2]),
    ).dataSync(),
  );
  const a = Float32Array.from({ length: S }, (_, i) => z[2 * i]!);
  const b = Float32Array.from({ length: S }, (_, i) => z[2 * i + 1]!);
  assert.ok(Math.abs(mean(a) - 1.5) < 0.01);
  assert.ok(Math.abs(mean(b) - 1.5) < 0.03);
  assert.ok(Math.abs(variance(a) - 0.25) < 0.01);
  assert.ok(Math.abs(variance(b) - 4) < 0.1);
});

test('IWAE-1 equals the ELBO in expectation, and IWAE-K >= ELBO', () => {
  const spec: AutoencoderSpec = {
    kind: 'vae',
    inputDim: 784,
    latentDim: 2,
    numClasses: 0,
    encoder: { hidden: [16], activation: 'relu' },
    decoder: { hidden: [16], activation: 'relu' },
  };
  const model = initModel(spec, 'iwae-test');
  const rng = new Rng('iwae-data');
  const n = 20;
  const x = tf.tensor2d(
    rng.uniformArray(n * 784).map((v) => (v < 0.8 ? 0 : v)),
    [n, 784],
  );
  // Analytic-KL ELBO per digit, averaged over many noise draws.
  const reps = 400;
  const elbo = new Float64Array(n);
  for (let r = 0; r < reps; r++) {
    const t = lossTerms(model, x, { eps: tf.tensor2d(rng.normalArray(n * 2), [n, 2]) });
    const rec = t.recon.dataSync();
    const kl = t.kl!.dataSync();
    for (let i = 0; i < n; i++) elbo[i]! += -(rec[i]! + kl[i]!) / reps;
    tf.dispose([t.loss, t.recon, t.kl!]);
  }
  // IWAE with K = 1, averaged over the same number of draws, estimates the same quantity.
  const iw1 = new Float64Array(n);
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const v = iwaeLogLik(model, x, 1, rng);
    for (let i = 0; i < n; i++) {
      iw1[i]! += v[i]! / reps;
      samples.push(v[i]!);
    }
  }
  const meanElbo = mean(elbo);
  const meanIw1 = mean(iw1);
  const se = Math.sqrt(variance(samples) / samples.length);
  assert.ok(Math.abs(meanElbo - meanIw1) < 5 * se + 0.05, `ELBO ${meanElbo} vs IWAE-1 ${meanIw1} (se ${se})`);
  const iw50 = iwaeLogLik(model, x, 50, rng);
  for (let i = 0; i < n; i++) assert.ok(iw50[i]! >= elbo[i]! - 0.05, `digit ${i}: IWAE-50 ${iw50[i]} < ELBO ${elbo[i]}`);
  assert.ok(mean(iw50) > meanElbo);
  // encode/decode shapes
  const { mu, logvar } = encode(model, x);
  assert.deepEqual(mu.shape, [n, 2]);
  assert.deepEqual(logvar!.shape, [n, 2]);
  assert.deepEqual(decodeLogits(model, mu).shape, [n, 784]);
});
