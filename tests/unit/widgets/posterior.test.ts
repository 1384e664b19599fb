// The posterior inspector's math: grid quadrature of log p(x) against Gaussians with known integrals, the mass window,
// highest-density levels, and the IWAE-K estimator (grouped, from src/lib/models) rising with K in expectation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../models/setup.ts';
import { Rng, initModel, type AutoencoderSpec } from '../../../src/lib/models/index.ts';
import {
  cellProbabilities,
  gridLogIntegral,
  gridMoments,
  gridPoints,
  hdrLevels,
  logSumExp,
  massWindow,
  squareGrid,
  K_VALUES,
} from '../../../src/widgets/posterior/grid-math.ts';
import { bounds, boundsCodes, encodeQ, logJointAt } from '../../../src/widgets/posterior/posterior-model.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHeldoutImages, readShippedModel } from '../../../scripts/train/shipped.ts';
import { sha256 } from '../../../scripts/train/record.ts';
import { domainFor } from '../../../src/widgets/shared/domain.ts';
import { SAMPLES, boundsNoise, computeBounds, computeGridFrame } from '../../../src/widgets/posterior/frame.ts';
import {
  FRAME_TOLERANCE,
  SHIPPED_DIGITS,
  SHIPPED_SEED,
  frameAssetKey,
  packFrame,
  unpackFrame,
  type FrameRecord,
} from '../../../src/widgets/posterior/frames-asset.ts';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b} (±${tol})`);

/** log of an unnormalised 2-D Gaussian c·N(z; m, diag s²) at the grid's cells. */
function gaussLog(points: Float32Array, m: [number, number], s: [number, number], logC: number): Float64Array {
  const out = new Float64Array(points.length / 2);
  for (let k = 0; k < out.length; k++) {
    const a = (points[2 * k]! - m[0]) / s[0];
    const b = (points[2 * k + 1]! - m[1]) / s[1];
    out[k] = logC - 0.5 * (a * a + b * b) - Math.log(2 * Math.PI * s[0] * s[1]);
  }
  return out;
}

test('logSumExp is stable for values near −1000 and handles −Infinity', () => {
  assert.ok(Math.abs(logSumExp([-1000, -1000]) - (-1000 + Math.log(2))) < 1e-9);
  assert.equal(logSumExp([-Infinity, -Infinity]), -Infinity);
  assert.equal(logSumExp([]), -Infinity);
});

test('grid log-sum-exp recovers the log-integral of a sharp, shifted Gaussian', () => {
  // log ∫ c·N(z; m, diag s²) dz = log c, whatever m and s, once the grid covers the mass and resolves it.
  const m: [number, number] = [-1.55, 0.3];
  const s: [number, number] = [0.09, 0.035];
  const logC = -134.6;
  const g = squareGrid(m, 0.5, 64);
  const lp = gridLogIntegral(gaussLog(gridPoints(g), m, s, logC), g);
  assert.ok(Math.abs(lp - logC) < 1e-4, `got ${lp}`);
  // A grid too coarse for the peak (cell side 2.5σ) is visibly wrong: the test can fail.
  const coarse = squareGrid(m, 4, 32);
  assert.ok(Math.abs(gridLogIntegral(gaussLog(gridPoints(coarse), m, s, logC), coarse) - logC) > 0.01);
  // A window that misses half the mass loses log 2.
  const half = squareGrid([m[0] + 0.5, m[1]], 0.5, 64);
  assert.ok(Math.abs(gridLogIntegral(gaussLog(gridPoints(half), m, s, logC), half) - (logC - Math.log(2))) < 1e-3);
});

test('grid moments and highest-density levels of a Gaussian', () => {
  const m: [number, number] = [0.4, -0.2];
  const s: [number, number] = [0.1, 0.05];
  const g = squareGrid(m, 0.6, 96);
  const prob = cellProbabilities(gaussLog(gridPoints(g), m, s, 0));
  assert.ok(Math.abs(prob.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const mom = gridMoments(prob, g);
  assert.ok(Math.abs(mom.mean[0] - m[0]) < 1e-4 && Math.abs(mom.mean[1] - m[1]) < 1e-4);
  assert.ok(Math.abs(mom.sd[0] - s[0]) < 2e-3 && Math.abs(mom.sd[1] - s[1]) < 2e-3, `${mom.sd}`);
  // The 39 % region of a 2-D Gaussian is its 1σ ellipse: the level is the density there, e^(−1/2) of the peak.
  const [l1, l2] = hdrLevels(prob, [1 - Math.exp(-0.5), 1 - Math.exp(-2)]);
  const peak = Math.max(...prob);
  assert.ok(Math.abs(l1! / peak - Math.exp(-0.5)) < 0.03, `${l1! / peak}`);
  assert.ok(Math.abs(l2! / peak - Math.exp(-2)) < 0.03, `${l2! / peak}`);
});

test('the mass window holds both islands of a two-mode posterior and q’s box', () => {
  const coarse = squareGrid([0, 0], 4, 32);
  const pts = gridPoints(coarse);
  const a = gaussLog(pts, [-0.3, -0.7], [0.08, 0.15], 0);
  const b = gaussLog(pts, [1.1, 0], [0.25, 0.1], 0);
  const both = a.map((v, i) => logSumExp([v, b[i]!]));
  const w = massWindow(both, coarse, { mu: [0.16, -0.48], sigma: [0.1, 0.11] });
  for (const [z1, z2] of [
    [-0.3, -0.7],
    [1.1, 0],
    [0.16 - 0.4, -0.48 - 0.44],
  ] as const) {
    assert.ok(Math.abs(z1 - w.center[0]) < w.half && Math.abs(z2 - w.center[1]) < w.half, `(${z1}, ${z2}) outside ${JSON.stringify(w)}`);
  }
  assert.ok(w.half < 2, `window too large: ${w.half}`);
});

test('IWAE-K from the shared model code rises with K in expectation and stays below log p(x)', async () => {
  // A small random 2-D VAE: its log p(x) on a fine grid is the reference, its IWAE-K estimates must climb towards it.
  const spec: AutoencoderSpec = {
    kind: 'vae',
    inputDim: 784,
    latentDim: 2,
    numClasses: 0,
    encoder: { hidden: [16], activation: 'relu' },
    decoder: { hidden: [16], activation: 'relu' },
  };
  const model = initModel(spec, 'posterior-test');
  const rng = new Rng('posterior-x');
  const x = Float32Array.from({ length: 784 }, () => (rng.uniform() < 0.2 ? 1 : 0));
  const before = tf.memory().numTensors;
  const q = await encodeQ(tf, model, x);
  const g = squareGrid([0, 0], 6, 160);
  const logPx = gridLogIntegral(await logJointAt(tf, model, x, gridPoints(g)), g);
  // Average each K's estimate over 20 independent seeds: the expectation is non-decreasing in K.
  const runs = 20;
  const mean = new Array<number>(K_VALUES.length).fill(0);
  let elbo = 0;
  for (let r = 0; r < runs; r++) {
    const b = await bounds(tf, model, x, q, new Rng(`eps-${r}`).normalArray(2 * 1000), K_VALUES);
    b.iwae.forEach((v, i) => (mean[i]! += v / runs));
    elbo += b.elbo / runs;
  }
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assert.ok(Math.abs(mean[0]! - elbo) < 0.2, `IWAE-1 ${mean[0]} vs ELBO ${elbo}`);
  for (let i = 1; i < K_VALUES.length; i++) assert.ok(mean[i]! >= mean[i - 1]! - 1e-3, `IWAE-${K_VALUES[i]} fell: ${mean}`);
  assert.ok(mean[K_VALUES.length - 1]! <= logPx + 0.05, `IWAE-1000 ${mean[K_VALUES.length - 1]} above log p(x) ${logPx}`);
  assert.ok(mean[K_VALUES.length - 1]! > elbo, 'IWAE-1000 should be tighter than the ELBO');
  for (const t of Object.values(model.params)) t.dispose();
});

test('the shipped first frames are what the widget’s own frame.ts computes on the shipped vae-2d (grid, log p(x, z), bounds)', async () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const images = readHeldoutImages(weights, manifest);
  const rec = manifest.models['vae-2d'];
  const model = readShippedModel(weights, 'vae-2d');
  const half = domainFor(new Float32Array(new Uint8Array(readFileSync(join(weights, rec.assets.heldoutMu.path))).buffer));
  const hint = 'run `node scripts/with-node.mjs node scripts/eval-posterior.ts --write`';
  for (const digit of SHIPPED_DIGITS) {
    const asset = rec.assets[frameAssetKey(digit)] as FrameRecord | undefined;
    assert.ok(asset, `vae-2d has no assets.${frameAssetKey(digit)} in weights/manifest.json: ${hint}`);
    assert.equal(asset.seed, SHIPPED_SEED);
    const bytes = readFileSync(join(weights, asset.path));
    assert.equal(sha256(bytes), asset.sha256, `${asset.path}'s sha256 differs from the manifest's: ${hint}`);
    const shipped = unpackFrame(asset, new Uint8Array(bytes).buffer);
    const x = images.subarray(digit * 784, (digit + 1) * 784);
    const frame = await computeGridFrame(tf, model, x, half, 1024);
    for (const k of ['x0', 'y0', 'step', 'n'] as const) close(shipped.grid[k], frame.grid[k], 1e-6);
    const worst = Math.max(...Array.from(frame.logJoint, (v, i) => Math.abs(v - shipped.logJoint[i]!)));
    assert.ok(worst <= FRAME_TOLERANCE, `#${digit}: log p(x, z) differs by up to ${worst} nats: ${hint}`);
    for (let i = 0; i < 2; i++) close(shipped.q.mu[i]!, frame.q.mu[i]!, 1e-4);
    const b = await computeBounds(tf, model, x, frame.q, SHIPPED_SEED, 1024);
    close(shipped.bounds.elbo, b.elbo, FRAME_TOLERANCE, `#${digit} ELBO`);
    b.iwae.forEach((v, i) => close(shipped.bounds.iwae[i]!, v, FRAME_TOLERANCE, `#${digit} IWAE-${K_VALUES[i]}`));
    // The samples the heat map shows are rebuilt from q and the seed, as the bounds drew them.
    const z = boundsCodes(shipped.q, boundsNoise(SHIPPED_SEED));
    assert.equal(shipped.bounds.z.length, 2 * SAMPLES);
    close(shipped.bounds.z[10]!, z[10]!, 1e-6);
  }
  for (const t of Object.values(model.params)) t.dispose();
});

test('a shipped frame packs and unpacks; a wrong size is refused with a hint', () => {
  const grid = squareGrid([0.5, -1], 2, 4);
  const q = { mu: [0.5, -1] as [number, number], logvar: [-2, -1] as [number, number], sigma: [Math.exp(-1), Math.exp(-0.5)] as [number, number] };
  const logJoint = Float32Array.from({ length: 16 }, (_, i) => -100 - i);
  const b = {
    elbo: -110,
    elboSe: 0.1,
    klPrior: 3,
    recon: -107,
    iwae: K_VALUES.map((k) => -110 + Math.log(k)),
    z: new Float32Array(0),
    logW: new Float32Array(0),
  };
  const { bytes, record } = packFrame({ q, grid, logJoint }, b, 3);
  const back = unpackFrame(record, bytes.buffer as ArrayBuffer);
  assert.deepEqual(Array.from(back.logJoint), Array.from(logJoint));
  close(back.q.sigma[1], Math.exp(-0.5), 1e-12);
  assert.equal(back.seed, 3);
  assert.equal(back.bounds.iwae.length, K_VALUES.length);
  assert.equal(back.bounds.z.length, 2 * SAMPLES);
  assert.throws(() => unpackFrame(record, bytes.slice(4).buffer as ArrayBuffer), /out of date/);
});
