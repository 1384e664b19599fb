// The 16-D VAE in the browser: encode images to their posterior means, decode codes (tfjs, no DOM).
import type { TfRuntime } from '../runtime/backend.ts';
import type { Model } from '../../lib/models/model.ts';
import { decode, encode } from '../../lib/models/model.ts';

/** Posterior means μ of `count` images (count × 784), encoded in batches; count × d values. */
export async function encodeMeans(rt: TfRuntime, model: Model, images: Float32Array, count: number, batch = 500): Promise<Float32Array> {
  const tf = rt.tf;
  let out: Float32Array | null = null;
  for (let s = 0; s < count; s += batch) {
    const b = Math.min(batch, count - s);
    const mu = tf.tidy(() => {
      const e = encode(model, tf.tensor2d(images.subarray(s * 784, (s + b) * 784), [b, 784]));
      e.logvar?.dispose();
      return e.mu;
    });
    try {
      const v = (await mu.data()) as Float32Array;
      const d = v.length / b;
      out ??= new Float32Array(count * d);
      out.set(v, s * d);
    } finally {
      mu.dispose();
    }
  }
  return out ?? new Float32Array(0);
}

/** Decodes codes (rows) to pixel probabilities, rows × 784. */
export async function decodeCodes(rt: TfRuntime, model: Model, zs: number[][]): Promise<Float32Array> {
  const tf = rt.tf;
  const out = tf.tidy(() => decode(model, tf.tensor2d(zs)));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
