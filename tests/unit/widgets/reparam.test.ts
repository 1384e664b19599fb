// The reparameterization lab's math: both estimators are unbiased, REINFORCE is noisier, and the variances are exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactMoments, F_NAMES, FUNCS, sampleEstimates, squareVariances, expectEps } from '../../../src/widgets/reparam/reparam-math.ts';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

test('for f(z) = z², both estimators are unbiased: within 4 standard errors of 2μ and 2σ', () => {
  for (const [mu, sigma] of [
    [1, 1],
    [0, 1],
    [-1.5, 0.4],
    [1, 0.1],
  ] as const) {
    const { stats } = sampleEstimates(FUNCS.sq, mu, sigma, 100_000, 11);
    for (const [k, exact] of [
      ['rfMu', 2 * mu],
      ['pwMu', 2 * mu],
      ['rfSigma', 2 * sigma],
      ['pwSigma', 2 * sigma],
    ] as const) {
      close(stats[k].mean, exact, 4 * stats[k].se, `${k} at μ=${mu}, σ=${sigma}`);
    }
  }
});

test('REINFORCE has a larger variance than the pathwise estimator for the default f(z) = z²', () => {
  for (const [mu, sigma] of [
    [1, 1],
    [0, 1],
    [1, 0.1],
    [-2, 2],
  ] as const) {
    const { stats } = sampleEstimates(FUNCS.sq, mu, sigma, 20_000, 3);
    assert.ok(stats.rfMu.variance > stats.pwMu.variance, `μ at ${mu}, ${sigma}`);
    assert.ok(stats.rfSigma.variance > stats.pwSigma.variance, `σ at ${mu}, ${sigma}`);
  }
});

test('closed-form variances for f(z) = z² match the empirical ones and the quadrature', () => {
  // Chapter 6's numbers: at μ = 0, σ = 1, 4 against 15; at μ = 1, σ = 0.1, 0.04 against 114.15.
  close(squareVariances(0, 1).pwMu, 4, 1e-12, 'pw μ');
  close(squareVariances(0, 1).rfMu, 15, 1e-12, 'rf μ');
  close(squareVariances(1, 0.1).rfMu, 114.15, 1e-9, 'rf μ small σ');
  for (const [mu, sigma] of [
    [1, 1],
    [0.5, 0.6],
    [-1, 1.5],
  ] as const) {
    const cf = squareVariances(mu, sigma);
    const quad = exactMoments(FUNCS.sq, mu, sigma);
    const { stats } = sampleEstimates(FUNCS.sq, mu, sigma, 200_000, 5);
    for (const k of ['rfMu', 'rfSigma', 'pwMu', 'pwSigma'] as const) {
      close(quad[k].variance, cf[k], 1e-6 * cf[k], `quadrature ${k}`);
      // The sample variance of heavy-tailed estimates converges slowly; 5% is many standard errors of it here.
      close(stats[k].variance, cf[k], 0.05 * cf[k], `empirical ${k} at μ=${mu}, σ=${sigma}`);
    }
  }
});

test('closed-form gradients of every f match the score-function identity by quadrature', () => {
  for (const name of F_NAMES) {
    const fn = FUNCS[name];
    for (const [mu, sigma] of [
      [0.7, 1.1],
      [-1.2, 0.4],
    ] as const) {
      const m = exactMoments(fn, mu, sigma);
      const ex = fn.exact(mu, sigma);
      close(m.rfMu.mean, ex.gmu, 1e-5, `${name} ∂/∂μ`);
      close(m.rfSigma.mean, ex.gsigma, 1e-5, `${name} ∂/∂σ`);
      const value = expectEps((e) => fn.f(mu + sigma * e), fn.jump !== undefined ? (fn.jump - mu) / sigma : undefined);
      close(value, ex.value, 1e-5, `${name} E[f]`);
      if (name === 'step') {
        // The pathwise estimate of the step is 0 for every sample: biased.
        assert.equal(m.pwMu.mean, 0);
        assert.ok(Math.abs(ex.gmu) > 1e-3);
      } else {
        close(m.pwMu.mean, ex.gmu, 1e-5, `${name} pathwise ∂/∂μ`);
        close(m.pwSigma.mean, ex.gsigma, 1e-5, `${name} pathwise ∂/∂σ`);
      }
    }
  }
});

test('samples are reproducible by seed', () => {
  const a = sampleEstimates(FUNCS.sin, 0.3, 0.8, 100, 9).stats.rfMu.mean;
  const b = sampleEstimates(FUNCS.sin, 0.3, 0.8, 100, 9).stats.rfMu.mean;
  const c = sampleEstimates(FUNCS.sin, 0.3, 0.8, 100, 10).stats.rfMu.mean;
  assert.equal(a, b);
  assert.notEqual(a, c);
});
