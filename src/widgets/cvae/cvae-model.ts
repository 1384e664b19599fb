// The conditional VAE in the browser: decode codes with chosen labels, encode an image with its label (tfjs, no DOM).
import type { TfRuntime } from '../runtime/backend.ts';
import type { Model } from '../../lib/models/model.ts';
import { decode, encode, oneHot } from '../../lib/models/model.ts';

/** Decodes codes zs[i] with labels[i] to pixel probabilities (n × 784). */
export async function decodeWithLabels(rt: TfRuntime, model: Model, zs: number[][], labels: number[]): Promise<Float32Array> {
  const tf = rt.tf;
  const out = tf.tidy(() => decode(model, tf.tensor2d(zs), oneHot(labels, 10)));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** One code decoded with every label 0–9: ten images (10 × 784), the "style transfer" row. */
export function decodeEveryLabel(rt: TfRuntime, model: Model, z: number[]): Promise<Float32Array> {
  const labels = Array.from({ length: 10 }, (_, k) => k);
  return decodeWithLabels(
    rt,
    model,
    labels.map(() => z),
    labels,
  );
}

/** The posterior mean μ of one image (784 values) encoded together with its label. */
export async function encodeWithLabel(rt: TfRuntime, model: Model, x: Float32Array, label: number): Promise<number[]> {
  const tf = rt.tf;
  const mu = tf.tidy(() => {
    const e = encode(model, tf.tensor2d(x, [1, 784]), oneHot([label], 10));
    if (e.logvar) e.logvar.dispose();
    return e.mu;
  });
  try {
    return Array.from((await mu.data()) as Float32Array);
  } finally {
    mu.dispose();
  }
}
