import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../models/setup.ts';
import { split, toFloat } from '../../../scripts/train/data.ts';
import { warmupFactor, logitMean } from '../../../src/lib/models/index.ts';
import { LossHistory, RateMeter, smooth } from '../../../src/widgets/train/history.ts';
import {
  betaAt,
  effectiveSchedule,
  klWeight,
  scheduleField,
  scheduleFromLink,
  storedSchedule,
  trainSchema,
  withBetaChange,
  WARMUP_STEPS,
} from '../../../src/widgets/train/state.ts';
import { readState, writeState } from '../../../src/widgets/runtime/url-state.ts';
import { TrainRun, TRAIN_COUNT } from '../../../src/widgets/train/trainer.ts';

test('β schedule: parse, format, and the β in force at each step', () => {
  assert.deepEqual(scheduleField.parse('0:1,300:4,310:0'), [
    [0, 1],
    [300, 4],
    [310, 0],
  ]);
  for (const bad of ['1:1', '0:1,0:4', '0:1,300:3', '0:1,200:4,100:1', 'x', '0:-1']) assert.equal(scheduleField.parse(bad), undefined, bad);
  assert.equal(
    scheduleField.format([
      [0, 1],
      [300, 0.25],
    ]),
    '0:1,300:0.25',
  );
  const s: [number, number][] = [
    [0, 1],
    [300, 4],
  ];
  assert.equal(betaAt(s, 0), 1);
  assert.equal(betaAt(s, 299), 1);
  assert.equal(betaAt(s, 300), 4);
  assert.equal(betaAt(s, 10_000), 4);
});

test('β changes: at step 0 they replace the schedule, later they append, and repeated changes at one step merge', () => {
  let s = effectiveSchedule([], 1);
  s = withBetaChange(s, 0, 2);
  assert.deepEqual(s, [[0, 2]]);
  s = withBetaChange(s, 100, 8);
  s = withBetaChange(s, 100, 4);
  assert.deepEqual(s, [
    [0, 2],
    [100, 4],
  ]);
  s = withBetaChange(s, 100, 2);
  assert.deepEqual(s, [[0, 2]], 'going back to the previous β at the same step removes the change');
  assert.deepEqual(storedSchedule(s), []);
  s = withBetaChange(withBetaChange(s, 50, 0), 20, 1);
  assert.deepEqual(
    s,
    [
      [0, 2],
      [20, 1],
    ],
    'a change drops the changes after it',
  );
  assert.deepEqual(
    scheduleFromLink(
      [
        [0, 1],
        [50, 4],
        [90, 8],
      ],
      8,
      60,
    ),
    {
      schedule: [
        [0, 1],
        [50, 4],
      ],
      beta: 4,
    },
  );
  assert.deepEqual(scheduleFromLink([], 2, 60), { schedule: [[0, 2]], beta: 2 });
});

test('KL weight: warm-up ramps β linearly from 0 over WARMUP_STEPS steps, as the Node trainer ramps it over epochs', () => {
  const s: [number, number][] = [[0, 4]];
  assert.equal(klWeight(s, 0, true, warmupFactor), 0);
  assert.equal(klWeight(s, WARMUP_STEPS / 2, true, warmupFactor), 2);
  assert.equal(klWeight(s, WARMUP_STEPS * 3, true, warmupFactor), 4);
  assert.equal(klWeight(s, 0, false, warmupFactor), 4);
  assert.equal(warmupFactor(3, 0), 1);
  assert.equal(warmupFactor(1.5, 3), 0.5);
});

test('URL state: a run round-trips, malformed values fall back to defaults', () => {
  const state = readState(trainSchema, new URLSearchParams(), 'train');
  Object.assign(state, {
    beta: 4,
    bh: [
      [0, 1],
      [120, 4],
    ],
    warmup: true,
    lr: '0.01',
    hidden: '16',
    seed: 7,
    steps: 240,
    spf: 20,
  });
  const q = writeState(trainSchema, state, new URLSearchParams(), 'train');
  assert.equal(q.get('train.bh'), '0:1,120:4');
  assert.deepEqual(readState(trainSchema, q, 'train'), state);
  const bad = readState(
    trainSchema,
    new URLSearchParams('train.beta=3&train.lr=1&train.hidden=5&train.steps=-1&train.bh=0:1,0:2&train.seed=x'),
    'train',
  );
  assert.deepEqual([bad.beta, bad.lr, bad.hidden, bad.steps, bad.bh, bad.seed], [1, '0.003', '64', 0, [], 1]);
});

test('loss history: bounded buckets that keep exact step-weighted means', () => {
  const h = new LossHistory(8);
  for (let i = 0; i < 1000; i++) h.push(i, 2 * i);
  assert.equal(h.steps, 1000);
  assert.ok(h.buckets.length < 8);
  const pts = h.points();
  assert.equal(pts[0]!.from, 0);
  assert.equal(pts[pts.length - 1]!.to, 1000);
  let total = 0;
  for (const p of pts) {
    const mid = (p.from + p.to - 1) / 2;
    assert.ok(Math.abs(p.recon - mid) < 1e-9, `bucket ${p.from}-${p.to} mean ${p.recon}`);
    assert.ok(Math.abs(p.kl - 2 * mid) < 1e-9);
    total += p.to - p.from;
  }
  assert.equal(total, 1000);
  const sm = smooth(
    [
      { from: 0, to: 1, recon: 0, kl: 0 },
      { from: 1, to: 2, recon: 2, kl: 4 },
      { from: 2, to: 3, recon: 4, kl: 8 },
    ],
    2,
  );
  assert.deepEqual(
    sm.map((p) => p.recon),
    [0, 1, 3],
  );
  h.clear();
  assert.equal(h.steps, 0);
});

test('rate meter: steps per second over its window', () => {
  const m = new RateMeter(1000);
  assert.equal(m.rate(), null);
  for (let t = 0; t <= 3000; t += 100) m.add(t, t / 10);
  assert.ok(Math.abs(m.rate()! - 100) < 1e-9);
});

test('logitMean is the logit of the mean image, clipped', () => {
  const x = new Float32Array(2 * 784);
  x[0] = 1;
  x[784] = 0;
  x[1] = 1;
  x[785] = 1;
  const m = logitMean(x, 2);
  assert.ok(Math.abs(m[0]!) < 1e-6);
  assert.ok(Math.abs(m[1]! - Math.log(0.999 / 0.001)) < 1e-3);
  assert.ok(Math.abs(m[2]! - Math.log(0.001 / 0.999)) < 1e-3);
});

test('the browser trainer lowers the loss, is deterministic for a seed, and keeps the tensor count flat', async () => {
  const images = toFloat(split().heldout);
  const settings = { seed: 3, lr: 0.003, hidden: 16, warmup: false, schedule: [[0, 1]] as [number, number][] };
  const before = tf.memory().numTensors;
  const a = new TrainRun(images, settings);
  assert.equal(a.evalCount, 2000 - TRAIN_COUNT);
  const zs = [
    [0, 0],
    [1, -1],
  ];
  const s0 = await a.snapshot(zs);
  const first = await a.steps(10);
  const n10 = tf.memory().numTensors;
  const rest: number[] = [];
  for (let i = 0; i < 10; i++) for (const s of await a.steps(15)) rest.push(s.recon + s.kl);
  await a.snapshot(zs);
  assert.equal(tf.memory().numTensors, n10, 'tensors after step 160 = after step 10');
  const s1 = await a.snapshot(zs);
  assert.equal(s1.step, 160);
  assert.equal(s1.grid.length, 2 * 784);
  assert.ok(s1.recon + s1.kl < s0.recon + s0.kl - 20, `kept-aside −ELBO ${s0.recon + s0.kl} → ${s1.recon + s1.kl}`);
  const tail = rest.slice(-15).reduce((x, y) => x + y, 0) / 15;
  assert.ok(tail < first[0]!.recon + first[0]!.kl - 20, `minibatch −ELBO ${first[0]!.recon + first[0]!.kl} → ${tail}`);
  // Same seed, same numbers; another seed, other numbers.
  const b = new TrainRun(images, settings);
  const again = [...(await b.steps(10)), ...(await b.steps(150))];
  assert.deepEqual(
    again.slice(0, 10).map((s) => s.recon),
    first.map((s) => s.recon),
  );
  assert.equal(again[159]!.recon + again[159]!.kl, rest[149]);
  const c = new TrainRun(images, { ...settings, seed: 4 });
  const other = await c.steps(10);
  assert.notEqual(other[9]!.recon, first[9]!.recon);
  // A β change takes effect at its step.
  const d = new TrainRun(images, {
    ...settings,
    schedule: [
      [0, 1],
      [5, 8],
    ],
  });
  assert.deepEqual(
    (await d.steps(7)).map((s) => s.weight),
    [1, 1, 1, 1, 1, 8, 8],
  );
  for (const r of [a, b, c, d]) r.dispose();
  assert.equal(tf.memory().numTensors, before, 'dispose frees everything');
});

test('the shipped output bias (weights/data/train-widget-bias.bin) is logitMean of the digits the widget trains on, bit for bit', async () => {
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8'));
  const rec = manifest.data.trainWidgetBias;
  assert.ok(rec, 'weights/manifest.json lists data.trainWidgetBias (npm run train writes it)');
  assert.equal(rec.digits, TRAIN_COUNT);
  const buf = readFileSync(`weights/${rec.path}`);
  assert.equal(buf.length, rec.bytes);
  assert.equal(createHash('sha256').update(buf).digest('hex'), rec.sha256);
  const shipped = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const images = toFloat(split().heldout);
  assert.deepEqual(shipped, logitMean(images.subarray(0, TRAIN_COUNT * 784), TRAIN_COUNT));
});

test('a run built from the kept-aside digits and the shipped bias draws the same first frame, and trains the same once the rest arrive', async () => {
  const images = toFloat(split().heldout);
  const bias = logitMean(images.subarray(0, TRAIN_COUNT * 784), TRAIN_COUNT);
  const settings = { seed: 5, lr: 0.003, hidden: 16, warmup: false, schedule: [[0, 1]] as [number, number][] };
  const zs = [
    [0, 0],
    [1, -1],
  ];
  const full = new TrainRun(images, settings);
  // As in the browser: the digits it trains on are still zeros when the run is built, and arrive before its first step.
  const partial = images.slice();
  partial.fill(0, 0, TRAIN_COUNT * 784);
  const early = new TrainRun(partial, settings, bias);
  assert.deepEqual(await early.snapshot(zs), await full.snapshot(zs));
  partial.set(images.subarray(0, TRAIN_COUNT * 784));
  assert.deepEqual(await early.steps(12), await full.steps(12));
  full.dispose();
  early.dispose();
});
