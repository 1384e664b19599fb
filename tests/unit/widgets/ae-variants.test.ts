// ae-variants: the load plan under the first-frame budget, code statistics, sparsity counts, pushed codes, the shared
// bar range; and, on the shipped weights, that the widget's per-digit error and sparsity agree with the manifest's definitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../models/setup.ts';
import { decodeGreyPng } from '../../../scripts/train/png.ts';
import { decodeModel, encode, spriteToDigits, toUnit, type Model, type ModelJson } from '../../../src/lib/models/index.ts';
import {
  CODE_DIM,
  VARIANTS,
  codeStats,
  formatBytes,
  loadPlan,
  mergeStats,
  nearZeroCount,
  nearZeroMask,
  pushCode,
  sharedRange,
  signed,
} from '../../../src/widgets/ae-variants/variants.ts';
import { decodeCodes, heldoutCodeStats, runDigit } from '../../../src/widgets/ae-variants/run-model.ts';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b} (±${tol})`);

test('the load plan keeps the longest prefix that fits the budget and loads the rest after', () => {
  const ms = [
    { name: 'a', bytes: 100 },
    { name: 'b', bytes: 200 },
    { name: 'c', bytes: 50 },
    { name: 'd', bytes: 10 },
  ];
  assert.deepEqual(loadPlan(ms, 1000), { first: ['a', 'b', 'c', 'd'], later: [] });
  assert.deepEqual(loadPlan(ms, 350), { first: ['a', 'b', 'c'], later: ['d'] });
  // Order is kept: a model that would still fit does not jump ahead of one that did not.
  assert.deepEqual(loadPlan(ms, 320), { first: ['a', 'b'], later: ['c', 'd'] });
  assert.deepEqual(loadPlan(ms, 50), { first: [], later: ['a', 'b', 'c', 'd'] });
});

test('code statistics per entry, and merging two batches equals one pass', () => {
  const codes = [1, -2, 3, 4, 0.5, -1, -2, 6];
  const s = codeStats(codes, 4, 2);
  assert.deepEqual(Array.from(s.min), [-2, -2]);
  assert.deepEqual(Array.from(s.max), [3, 6]);
  close(s.mean[0]!, (1 + 3 + 0.5 - 2) / 4, 1e-6);
  close(s.mean[1]!, (-2 + 4 - 1 + 6) / 4, 1e-6);
  const m = mergeStats(codeStats(codes.slice(0, 2), 1, 2), codeStats(codes.slice(2), 3, 2));
  assert.equal(m.n, 4);
  assert.deepEqual(Array.from(m.min), Array.from(s.min));
  assert.deepEqual(Array.from(m.max), Array.from(s.max));
  for (let j = 0; j < 2; j++) close(m.mean[j]!, s.mean[j]!, 1e-6);
});

test('near zero means below 10% of the largest entry, whatever the scale', () => {
  assert.deepEqual(nearZeroMask([10, -0.5, 1.5, 0, -9.99]), [false, true, false, true, false]);
  assert.equal(nearZeroCount([10, -0.5, 1.5, 0, -9.99]), 2);
  assert.equal(nearZeroCount([1000, -50, 150, 0, -999]), 2);
  assert.equal(nearZeroCount([0, 0, 0]), 3);
});

test('pushing replaces exactly one entry and leaves the base untouched', () => {
  const base = Float32Array.from([1, 2, 3]);
  assert.deepEqual(Array.from(pushCode(base, 1, 9)), [1, 9, 3]);
  assert.deepEqual(Array.from(base), [1, 2, 3]);
  assert.deepEqual(Array.from(pushCode(base, -1, 9)), [1, 2, 3]);
});

test('the shared bar range holds every extreme and zero, rounded outward', () => {
  const a = codeStats([0.2, 3.4, 1.5, 2], 2, 2);
  const b = codeStats([-4.2, 1, -1, 0.5], 2, 2);
  assert.deepEqual(sharedRange([a, b], []), [-5, 4]);
  assert.deepEqual(sharedRange([a], [[7.2, -0.1]]), [-1, 8]);
  assert.deepEqual(sharedRange([null], [[0, 0]]), [-1, 1]);
});

test('bytes and signs are written for readers', () => {
  assert.equal(formatBytes(106304), '106 KB');
  assert.equal(formatBytes(1474770), '1.47 MB');
  assert.equal(signed(-2.345, 1), '−2.3');
  assert.equal(signed(-0.01, 1), '0.0');
  assert.equal(signed(4, 0), '4');
});

// On the shipped models (committed under weights/; a missing file fails the test).
const W = join(import.meta.dirname, '..', '..', '..', 'weights');
const manifestPath = join(W, 'manifest.json');

function loadShipped(name: string, manifest: { models: Record<string, { modelJson: string; files: { path: string }[] }> }): Model {
  const rec = manifest.models[name]!;
  const shards: Record<string, Buffer> = {};
  let mj: ModelJson | null = null;
  for (const f of rec.files) {
    const buf = readFileSync(join(W, f.path));
    if (f.path === rec.modelJson) mj = JSON.parse(buf.toString('utf8')) as ModelJson;
    else shards[f.path.slice(name.length + 1)] = buf;
  }
  return decodeModel(mj!, shards);
}

test('on the shipped weights: per-digit error, sparsity and held-out statistics agree with the manifest', async () => {
  assert.ok(existsSync(manifestPath), `${manifestPath} is missing: it is committed with the weights; restore it from git, or run npm run train`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const v of VARIANTS) assert.ok(manifest.models[v.name], `${v.name} is in the manifest`);
  // The five models fit the first frame's 200 KB only in part (the widget loads progressively): the three smallest-first
  // dense and conv models come before it, the sparse and denoising ones after.
  const bytes = VARIANTS.map((v) => ({
    name: v.name,
    bytes: manifest.models[v.name].files.reduce((s: number, f: { bytes: number }) => s + f.bytes, 0),
  }));
  const plan = loadPlan(bytes, manifest.budget.firstFrameLimit);
  assert.deepEqual(plan, { first: ['ae-16', 'ae-deep', 'ae-conv'], later: ['ae-sparse', 'dae'] });
  const s = manifest.data.sprite;
  const png = decodeGreyPng(readFileSync(join(W, s.path)));
  const n = 200;
  const images = toUnit(spriteToDigits(png.pixels, png.width, s.count, s.cols)).subarray(0, n * 784);
  const nearZero: Record<string, number> = {};
  for (const name of ['ae-16', 'ae-sparse', 'dae']) {
    const model = loadShipped(name, manifest);
    const before = tf.memory().numTensors;
    let bceSum = 0;
    let nz = 0;
    for (let i = 0; i < n; i++) {
      const x = images.subarray(i * 784, (i + 1) * 784);
      const r = await runDigit(tf, model, x);
      assert.equal(r.code.length, CODE_DIM);
      // The error shown is the binary cross-entropy of the shown reconstruction, computed here from its pixels.
      if (i < 5) {
        let bce = 0;
        for (let j = 0; j < 784; j++) {
          const p = Math.min(1 - 1e-7, Math.max(1e-7, r.recon[j]!));
          bce -= x[j]! * Math.log(p) + (1 - x[j]!) * Math.log(1 - p);
        }
        close(r.bce, bce, 0.05 + 1e-3 * bce, `${name} digit ${i} BCE`);
      }
      bceSum += r.bce;
      nz += nearZeroCount(r.code);
    }
    nearZero[name] = nz / (n * CODE_DIM);
    // 200 digits: the mean error is near the manifest's 2,000-digit value.
    close(bceSum / n, manifest.models[name].metrics.recon, 8, `${name} mean BCE`);
    close(nearZero[name]!, manifest.models[name].metrics.nearZeroCode, 0.06, `${name} near-zero fraction`);
    // Batched statistics equal one pass over the same codes.
    const stats = await heldoutCodeStats(tf, model, images, n, 64);
    const mu = tf.tidy(() => encode(model, tf.tensor2d(images, [n, 784])).mu);
    const ref = codeStats(mu.dataSync(), n, CODE_DIM);
    mu.dispose();
    for (let j = 0; j < CODE_DIM; j++) {
      close(stats.max[j]!, ref.max[j]!, 1e-4);
      close(stats.mean[j]!, ref.mean[j]!, 1e-4);
    }
    const px = await decodeCodes(tf, model, pushCode(stats.mean, 0, stats.max[0]!), 1);
    assert.equal(px.length, 784);
    assert.equal(tf.memory().numTensors, before, `${name}: no tensor leaks`);
    for (const t of Object.values(model.params)) t.dispose();
  }
  assert.ok(nearZero['ae-sparse']! > nearZero['ae-16']! + 0.1, JSON.stringify(nearZero));
});
