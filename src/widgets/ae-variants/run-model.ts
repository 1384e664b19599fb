// TensorFlow.js work for one compared model: a digit's code, reconstruction and error; decoded codes; held-out code statistics.
import type * as TF from '@tensorflow/tfjs-core';
import { decodeLogits, encode, type Model } from '../../lib/models/model.ts';
import { bernoulliLogLik } from '../../lib/models/losses.ts';
import { codeStats, mergeStats, type CodeStats } from './variants.ts';

export interface DigitResult {
  code: Float32Array;
  /** Pixel probabilities of the reconstruction (784). */
  recon: Float32Array;
  /** Binary cross-entropy of the reconstruction against the input, nats (the manifest's `recon` for one digit). */
  bce: number;
}

/** Reads tensors back asynchronously and disposes them, whatever happens. */
async function readAll(tensors: TF.Tensor[]): Promise<Float32Array[]> {
  try {
    return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}

/** Encodes one digit (784 values in [0, 1]), decodes its code, and scores the reconstruction. */
export async function runDigit(tf: typeof TF, model: Model, x: Float32Array): Promise<DigitResult> {
  const outs = tf.tidy(() => {
    const input = tf.tensor2d(x, [1, 784]);
    const { mu } = encode(model, input);
    const logits = decodeLogits(model, mu);
    return [mu, tf.sigmoid(logits), tf.neg(bernoulliLogLik(logits, input))];
  });
  const [code, recon, bce] = await readAll(outs);
  return { code: code!, recon: recon!, bce: bce![0]! };
}

/** Decodes n codes (n × d) to pixel probabilities (n × 784). */
export async function decodeCodes(tf: typeof TF, model: Model, codes: Float32Array, n: number): Promise<Float32Array> {
  const out = tf.tidy(() => tf.sigmoid(decodeLogits(model, tf.tensor2d(codes, [n, codes.length / n]))));
  const [px] = await readAll([out]);
  return px!;
}

/** Per-entry min, max and mean of the codes of n digits (n × 784), encoded in batches that leave the page responsive. */
export async function heldoutCodeStats(tf: typeof TF, model: Model, images: Float32Array, n: number, batch = 100): Promise<CodeStats> {
  let stats: CodeStats | null = null;
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const mu = tf.tidy(() => encode(model, tf.tensor2d(images.subarray(s * 784, (s + b) * 784), [b, 784])).mu);
    const [codes] = await readAll([mu]);
    stats = mergeStats(stats, codeStats(codes!, b, codes!.length / b));
  }
  if (!stats) throw new Error('no held-out digits to measure the codes on');
  return stats;
}
