// The Gaussian mixture of src/lib/models/gmm.ts (chapter 9's density over codes): EM recovers a known mixture, the
// float16 file round-trips, samples have the mixture's moments, and the moment-matched Gaussian and KL formula are right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/lib/models/rng.ts';
import {
  cholesky,
  decodeGmm,
  encodeGmm,
  fitGmm,
  gaussianKlToStandard,
  gmmMeanLogLik,
  mixtureMoments,
  momentGaussian,
  sampleGmm,
  sampleMoments,
  standardNormal,
  type Gmm,
} from '../../../src/lib/models/gmm.ts';
import { aggregateKlGaussianBound } from '../../../scripts/eval-density.ts';

/** Two well-separated 3-D components, weights 0.3 and 0.7, one of them correlated. */
function truth(): Gmm {
  const d = 3;
  const chol = new Float64Array(2 * d * d);
  chol.set(cholesky([1, 0.5, 0, 0.5, 1, 0, 0, 0, 0.25], d), 0);
  chol.set(cholesky([0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5], d), d * d);
  return { k: 2, d, logWeights: Float64Array.of(Math.log(0.3), Math.log(0.7)), means: Float64Array.of(-4, 0, 1, 4, 1, -1), chol };
}

test('EM from a k-means++ start recovers a known two-component mixture', () => {
  const g = truth();
  const z = sampleGmm(g, 4000, new Rng('gmm-truth'));
  const { gmm, history } = fitGmm(z, 4000, 3, 2, new Rng('gmm-fit'));
  for (let i = 1; i < history.length; i++) assert.ok(history[i]! >= history[i - 1]! - 1e-9, 'EM never lowers the likelihood');
  const first = gmm.means[0]! < 0 ? 0 : 1;
  assert.ok(Math.abs(Math.exp(gmm.logWeights[first]!) - 0.3) < 0.03, 'weight of the left component');
  for (let j = 0; j < 3; j++) {
    assert.ok(Math.abs(gmm.means[first * 3 + j]! - g.means[j]!) < 0.1, `left mean ${j}`);
    assert.ok(Math.abs(gmm.means[(1 - first) * 3 + j]! - g.means[3 + j]!) < 0.1, `right mean ${j}`);
  }
  assert.ok(gmmMeanLogLik(gmm, z, 4000) >= gmmMeanLogLik(g, z, 4000) - 1e-6, 'the fit explains its data at least as well as the truth');
});

test('the float16 file round-trips to within half precision, with weights that sum to one', () => {
  const g = truth();
  const { json, shard } = encodeGmm('gmm-test', 'none', g);
  assert.equal(shard.bytes.length, 2 * (2 + 2 * 3 + 2 * 6));
  assert.deepEqual(json.weightsManifest[0]!.paths, ['gmm-test.density.bin']);
  const back = decodeGmm(json, shard.bytes);
  assert.ok(Math.abs(Math.exp(back.logWeights[0]!) + Math.exp(back.logWeights[1]!) - 1) < 1e-12);
  for (let i = 0; i < g.means.length; i++) assert.ok(Math.abs(back.means[i]! - g.means[i]!) < 4e-3);
  for (let i = 0; i < g.chol.length; i++) assert.ok(Math.abs(back.chol[i]! - g.chol[i]!) < 2e-3);
  assert.throws(() => decodeGmm(json, shard.bytes.subarray(2)), /bytes/);
});

test('samples have the mixture’s mean and covariance, which the moment-matched Gaussian shares', () => {
  const g = truth();
  const n = 20000;
  const s = sampleMoments(sampleGmm(g, n, new Rng('gmm-moments')), n, 3);
  const m = mixtureMoments(g);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(s.mean[i]! - m.mean[i]!) < 0.06, `mean ${i}`);
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(s.cov[i]! - m.cov[i]!) < 0.15, `cov ${i}`);
  const one = momentGaussian(g);
  const back = mixtureMoments(one);
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(back.cov[i]! - m.cov[i]!) < 1e-9);
});

test('KL(N(m, Σ) ‖ N(0, I)) is zero for the standard normal and matches the 1-D formula', () => {
  assert.ok(Math.abs(gaussianKlToStandard([0, 0], [1, 0, 0, 1], 2)) < 1e-12);
  const kl = gaussianKlToStandard([1], [4], 1);
  assert.ok(Math.abs(kl - 0.5 * (4 + 1 - 1 - Math.log(4))) < 1e-12);
  // Codes all at μ = 0 with σ² = 1 form the prior itself: the bound is 0.
  const mu = new Float32Array(2 * 500);
  const logvar = new Float32Array(2 * 500);
  const rng = new Rng('gmm-bound');
  for (let i = 0; i < mu.length; i++) mu[i] = 0.001 * rng.normal();
  assert.ok(aggregateKlGaussianBound(mu, logvar, 2) < 1e-3);
  assert.equal(standardNormal(2).chol[3], 1);
});
