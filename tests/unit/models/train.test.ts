import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import './setup.ts';
import { Rng, initModel, makeTrainable, autoencoderStep, lossTerms, disposeTrainable, type AutoencoderSpec } from '../../../src/lib/models/index.ts';
import { split, toFloat } from '../../../scripts/train/data.ts';

test('the split is deterministic: 8,000 train and 2,000 held-out digits, disjoint', () => {
  const a = split();
  const b = split();
  assert.equal(a.train.count, 8000);
  assert.equal(a.heldout.count, 2000);
  assert.deepEqual(Array.from(a.heldout.ids.slice(0, 20)), Array.from(b.heldout.ids.slice(0, 20)));
  const held = new Set(a.heldout.ids);
  assert.ok(Array.from(a.train.ids).every((id) => !held.has(id)));
  for (let c = 0; c < 10; c++) assert.ok(a.heldout.labels.filter((l) => l === c).length > 120);
});

test('a tiny VAE trained a few hundred steps on 500 digits lowers its loss (deterministically)', () => {
  const { train } = split();
  const n = 500;
  const x = tf.tensor2d(toFloat(train).subarray(0, n * 784), [n, 784]);
  const spec: AutoencoderSpec = {
    kind: 'vae',
    inputDim: 784,
    latentDim: 2,
    numClasses: 0,
    encoder: { hidden: [32], activation: 'relu' },
    decoder: { hidden: [32], activation: 'relu' },
  };
  const run = () => {
    const t = makeTrainable(initModel(spec, 'tiny'), 3e-3);
    const rng = new Rng('tiny-noise');
    const evalLoss = () => {
      const eps = tf.tensor2d(new Rng('eval').normalArray(n * 2), [n, 2]);
      const r = lossTerms(t.model, x, { eps });
      const v = r.loss.dataSync()[0]!;
      tf.dispose([r.loss, r.recon, r.kl!, eps]);
      return v;
    };
    const before = evalLoss();
    const order = Array.from({ length: n }, (_, i) => i);
    for (let step = 0; step < 300; step++) {
      if (step % 10 === 0) rng.shuffle(order);
      const idx = order.slice((step % 10) * 50, (step % 10) * 50 + 50);
      const xb = tf.gather(x, idx);
      const eps = tf.tensor2d(rng.normalArray(50 * 2), [50, 2]);
      autoencoderStep(t, xb, { eps }, false);
      tf.dispose([xb, eps]);
    }
    const after = evalLoss();
    disposeTrainable(t);
    return { before, after };
  };
  const tensorsBefore = tf.memory().numTensors;
  const r1 = run();
  assert.ok(r1.after < r1.before - 150, `loss ${r1.before} -> ${r1.after}`);
  const r2 = run();
  assert.equal(r2.after, r1.after, 'same seed, same result');
  assert.ok(tf.memory().numTensors - tensorsBefore < 10, `leaked ${tf.memory().numTensors - tensorsBefore} tensors`);
});
