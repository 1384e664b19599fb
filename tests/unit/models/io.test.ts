import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import './setup.ts';
import {
  Rng,
  initModel,
  decode,
  encode,
  classify,
  encodeModel,
  decodeModel,
  shardPaths,
  float32ToFloat16Bits,
  conv2dSame,
  type AutoencoderSpec,
  type ClassifierSpec,
  type Model,
} from '../../../src/lib/models/index.ts';

const vaeSpec: AutoencoderSpec = {
  kind: 'vae',
  inputDim: 784,
  latentDim: 2,
  numClasses: 0,
  encoder: { hidden: [64], activation: 'relu' },
  decoder: { hidden: [32, 64], activation: 'relu' },
};

function roundTrip(model: Model, large: 'float32' | 'float16' | 'uint8'): Model {
  const { modelJson, files } = encodeModel('t', model, { large, small: large === 'uint8' ? 'float16' : large });
  const json = JSON.parse(JSON.stringify(modelJson));
  const shards = Object.fromEntries(files.map((f) => [f.path, f.bytes]));
  return decodeModel(json, shards);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('float16 encoding agrees with tfjs decoding', () => {
  const rng = new Rng('f16');
  const vals = Float32Array.from([0, -0, 1, -2.5, 65504, 1e-5, -3e-7, 6.1e-5, 1e6, 0.1, 1 / 3, ...rng.normalArray(1000)]);
  const bits = Uint16Array.from(vals, (v) => float32ToFloat16Bits(v));
  const decoded = tf.io
    .decodeWeights(bits.buffer, [{ name: 'w', shape: [vals.length], dtype: 'float32', quantization: { dtype: 'float16' } }])
    ['w']!.dataSync();
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i]!;
    if (Math.abs(v) > 65504) assert.equal(decoded[i], v > 0 ? Infinity : -Infinity);
    else assert.ok(Math.abs(decoded[i]! - v) <= Math.max(Math.abs(v) * 2 ** -11, 2 ** -25), `${v} -> ${decoded[i]}`);
  }
});

test('save then load gives identical outputs (float32), and parts load separately', () => {
  const model = initModel(vaeSpec, 'io-test');
  const loaded = roundTrip(model, 'float32');
  const rng = new Rng('io-z');
  const z = tf.tensor2d(rng.normalArray(50 * 2), [50, 2]);
  assert.deepEqual(Array.from(decode(loaded, z).dataSync()), Array.from(decode(model, z).dataSync()));
  const x = tf.tensor2d(rng.uniformArray(10 * 784), [10, 784]);
  assert.deepEqual(Array.from(encode(loaded, x).mu.dataSync()), Array.from(encode(model, x).mu.dataSync()));
  // Only the decoder shard is needed to decode.
  const { modelJson, files } = encodeModel('t', model, { large: 'float32', small: 'float32' });
  assert.deepEqual(shardPaths(modelJson, ['decoder']), ['t.decoder.bin']);
  const dec = decodeModel(modelJson, { 't.decoder.bin': files.find((f) => f.path === 't.decoder.bin')!.bytes }, ['decoder']);
  assert.deepEqual(Array.from(decode(dec, z).dataSync()), Array.from(decode(model, z).dataSync()));
  assert.equal(modelJson.weightsManifest.length, 2);
});

test('float16 and uint8 weights keep decoded pixels within tolerance', () => {
  const model = initModel(vaeSpec, 'io-q');
  const z = tf.tensor2d(new Rng('io-q-z').normalArray(200 * 2), [200, 2]);
  const ref = decode(model, z).dataSync();
  const f16 = decode(roundTrip(model, 'float16'), z).dataSync();
  const u8 = decode(roundTrip(model, 'uint8'), z).dataSync();
  assert.ok(maxAbsDiff(ref, f16) < 2e-3, `float16 max diff ${maxAbsDiff(ref, f16)}`);
  assert.ok(maxAbsDiff(ref, u8) < 3e-2, `uint8 max diff ${maxAbsDiff(ref, u8)}`);
  const { files } = encodeModel('t', model, { large: 'float16', small: 'float16' });
  const { files: f32 } = encodeModel('t', model, { large: 'float32', small: 'float32' });
  const size = (fs: { bytes: Uint8Array }[]) => fs.reduce((a, f) => a + f.bytes.length, 0);
  assert.equal(size(files) * 2, size(f32));
});

test('im2col convolution equals tf.conv2d, and a classifier round-trips', () => {
  const rng = new Rng('conv');
  const params = { 'c/kernel': tf.tensor4d(rng.normalArray(3 * 3 * 2 * 4), [3, 3, 2, 4]), 'c/bias': tf.tensor1d([0.1, -0.2, 0.3, 0]) };
  const x = tf.tensor4d(rng.normalArray(2 * 7 * 7 * 2), [2, 7, 7, 2]);
  const a = conv2dSame(params, 'c', x).dataSync();
  const b = tf.add(tf.conv2d(x, params['c/kernel'], 1, 'same'), params['c/bias']).dataSync();
  assert.ok(maxAbsDiff(a, b) < 1e-4);
  const spec: ClassifierSpec = { kind: 'classifier', imageSize: 28, convFilters: [4, 8], dense: [], activation: 'relu', numClasses: 10 };
  const clf = initModel(spec, 'clf');
  const xs = tf.tensor2d(rng.uniformArray(3 * 784), [3, 784]);
  const p = classify(clf, xs);
  assert.deepEqual(p.shape, [3, 10]);
  assert.deepEqual(Array.from(classify(roundTrip(clf, 'float32'), xs).dataSync()), Array.from(p.dataSync()));
});

test('a convolutional autoencoder builds, trains a few steps and round-trips', async () => {
  const { makeTrainable, autoencoderStep, disposeTrainable } = await import('../../../src/lib/models/index.ts');
  const spec: AutoencoderSpec = {
    kind: 'ae',
    inputDim: 784,
    latentDim: 8,
    numClasses: 0,
    encoder: { hidden: [], activation: 'relu' },
    decoder: { hidden: [], activation: 'relu' },
    conv: [4, 8],
  };
  const rng = new Rng('conv-ae');
  const x = tf.tensor2d(
    rng.uniformArray(16 * 784).map((v) => (v < 0.8 ? 0 : v)),
    [16, 784],
  );
  const t = makeTrainable(initModel(spec, 'conv-ae'), 1e-2);
  const first = autoencoderStep(t, x, {})!.loss;
  let last = first;
  for (let i = 0; i < 30; i++) last = autoencoderStep(t, x, {})!.loss;
  assert.ok(last < first, `loss ${first} -> ${last}`);
  const z = tf.tensor2d(rng.normalArray(4 * 8), [4, 8]);
  assert.deepEqual(decode(t.model, z).shape, [4, 784]);
  assert.deepEqual(Array.from(decode(roundTrip(t.model, 'float32'), z).dataSync()), Array.from(decode(t.model, z).dataSync()));
  disposeTrainable(t);
});

test('6- and 7-bit codes in deflated shards round-trip, shrink the files, and give the same bytes every time', () => {
  const model = initModel(vaeSpec, 'io-deflate');
  const z = tf.tensor2d(new Rng('io-deflate-z').normalArray(200 * 2), [200, 2]);
  const ref = decode(model, z).dataSync();
  const size = (fs: { bytes: Uint8Array }[]) => fs.reduce((a, f) => a + f.bytes.length, 0);
  const plain = encodeModel('t', model, { large: 'uint8', small: 'float16' });
  for (const large of ['uint6', 'uint7'] as const) {
    const policy = { large, small: 'float16', compression: 'deflate' } as const;
    const { modelJson, files } = encodeModel('t', model, policy);
    assert.ok(size(files) < 0.9 * size(plain.files), `${large}: ${size(files)} vs uint8 ${size(plain.files)}`);
    assert.deepEqual(modelJson.weightsManifest[0]!.compression, { method: 'deflate', bytes: plain.files[0]!.bytes.length });
    const again = encodeModel('t', model, policy);
    assert.deepEqual(again.files, files, 'the export is deterministic');
    const loaded = decodeModel(JSON.parse(JSON.stringify(modelJson)), Object.fromEntries(files.map((f) => [f.path, f.bytes])));
    const got = decode(loaded, z).dataSync();
    assert.ok(maxAbsDiff(ref, got) < (large === 'uint6' ? 8e-2 : 5e-2), `${large} max diff ${maxAbsDiff(ref, got)}`);
  }
});

test('a damaged deflated shard fails with a message that names the shard and what is wrong', () => {
  const model = initModel(vaeSpec, 'io-bad');
  const { modelJson, files } = encodeModel('t', model, { large: 'uint6', small: 'float16', compression: 'deflate' });
  const shards = Object.fromEntries(files.map((f) => [f.path, f.bytes]));
  const truncated = { ...shards, 't.decoder.bin': shards['t.decoder.bin']!.slice(0, 100) };
  assert.throws(() => decodeModel(modelJson, truncated), /shard t\.decoder\.bin: (its deflate data is corrupt|inflated to \d+ bytes)/);
  const garbage = { ...shards, 't.decoder.bin': new Uint8Array(500).fill(0xff) };
  assert.throws(() => decodeModel(modelJson, garbage), /shard t\.decoder\.bin: its deflate data is corrupt/);
  const json = JSON.parse(JSON.stringify(modelJson));
  json.weightsManifest[0].compression.method = 'brotli';
  assert.throws(() => decodeModel(json, shards), /shard t\.decoder\.bin: unknown compression brotli/);
  // An uncompressed shard of the wrong size is caught before tfjs reads past its end.
  const plain = encodeModel('t', model, { large: 'uint8', small: 'float16' });
  const short = Object.fromEntries(plain.files.map((f) => [f.path, f.bytes.slice(0, 10)]));
  assert.throws(() => decodeModel(plain.modelJson, short), /shard t\.decoder\.bin: 10 bytes of tensors, its 6 tensors need \d+/);
});
