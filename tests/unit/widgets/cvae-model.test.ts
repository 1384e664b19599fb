// The conditional VAE's browser code on the shipped cvae-2d weights: labels steer the digit, the code holds style, no leaks.
import '../models/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decodeModel, disposeModel, type ModelJson } from '../../../src/lib/models/index.ts';
import type { TfRuntime } from '../../../src/widgets/runtime/backend.ts';
import { decodeEveryLabel, decodeWithLabels, encodeWithLabel } from '../../../src/widgets/cvae/cvae-model.ts';
import { slant } from '../../../src/widgets/attributes/measure.ts';

const weights = join(import.meta.dirname, '..', '..', '..', 'weights');
function load(name: string) {
  const mj = JSON.parse(readFileSync(join(weights, name, 'model.json'), 'utf8')) as ModelJson;
  const shards: Record<string, Uint8Array> = {};
  for (const g of mj.weightsManifest) for (const p of g.paths) shards[p] = readFileSync(join(weights, name, p));
  return decodeModel(mj, shards);
}
const rt = { tf, backend: 'cpu', fallbackReason: null } as unknown as TfRuntime;
const digit = (px: Float32Array, k: number) => px.subarray(k * 784, (k + 1) * 784);
const dist = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

test('one code decoded with every label gives ten different digits that share a slant', async () => {
  const model = load('cvae-2d');
  const before = tf.memory().numTensors;
  const down = await decodeEveryLabel(rt, model, [0, -2]);
  const up = await decodeEveryLabel(rt, model, [0, 2]);
  assert.equal(down.length, 7840);
  assert.ok(dist(digit(down, 0), digit(down, 1)) > 3, 'labels 0 and 1 give different images');
  // The code, not the label, sets the slant: every label leans further right at z₂ = −2 than at z₂ = 2.
  for (let k = 0; k < 10; k++) assert.ok(slant(digit(down, k)) > slant(digit(up, k)) + 10, `label ${k}`);
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  disposeModel(model);
});

test('encoding a decoded digit with its label gives back (about) its code', async () => {
  const model = load('cvae-2d');
  const before = tf.memory().numTensors;
  const [x] = [await decodeWithLabels(rt, model, [[0.8, -0.5]], [4])];
  const z = await encodeWithLabel(rt, model, x!, 4);
  assert.equal(z.length, 2);
  assert.ok(Math.hypot(z[0]! - 0.8, z[1]! + 0.5) < 0.6, `z = ${z}`);
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  disposeModel(model);
});
