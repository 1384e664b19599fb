// Node training throughput of the main model (vae-2d architecture, batch 128) on one tfjs backend; prints one JSON line.
// Usage: node scripts/bench/node-train.ts wasm|cpu [seconds]. Run once per backend (tfjs has one backend per process).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../train/backend.ts';
import { CONFIGS } from '../train/config.ts';
import { autoencoderStep, disposeTrainable, initModel, makeTrainable } from '../../src/lib/models/index.ts';
import type { AutoencoderSpec } from '../../src/lib/models/index.ts';

const backend = await initBackend(process.argv[2] ?? 'wasm');
const seconds = Number(process.argv[3] ?? 8);
const config = CONFIGS.find((c) => c.name === 'vae-2d') as { spec: AutoencoderSpec; batch: number } | undefined;
if (!config) throw new Error('scripts/train/config.ts has no vae-2d config');
const batch = config.batch;
const t = makeTrainable(initModel(config.spec, 'bench'), 1e-3);
const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, 784]), 0.8), 'float32'));
const step = () => {
  const eps = tf.randomNormal([batch, config.spec.latentDim]);
  autoencoderStep(t, x, { beta: 1, eps }, true);
  eps.dispose();
};
for (let i = 0; i < 3; i++) step(); // warm-up: kernels compiled, memory allocated
let steps = 0;
const t0 = performance.now();
while (performance.now() - t0 < seconds * 1000) {
  step();
  steps++;
}
const sec = (performance.now() - t0) / 1000;
x.dispose();
disposeTrainable(t);
console.log(JSON.stringify({ backend, batch, steps, seconds: sec, stepsPerSec: steps / sec, digitsPerSec: (steps * batch) / sec }));
