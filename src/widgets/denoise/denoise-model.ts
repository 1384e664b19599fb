// Runs the denoising and the plain autoencoder on one noisy digit: outputs and BCE against the clean digit (tfjs, no DOM).
import type * as TF from '@tensorflow/tfjs-core';
import { bernoulliLogLik } from '../../lib/models/losses.ts';
import { decodeLogits, encode, type Model } from '../../lib/models/model.ts';

export { DAE_MODEL, PLAIN_MODEL } from './model-names.ts';

export interface ModelOutput {
  /** 784 pixel probabilities. */
  pixels: Float32Array;
  /** Binary cross-entropy of the output against the clean digit, nats summed over the pixels (the training loss). */
  bce: number;
}

/** Encodes the noisy digit with each model, decodes the code and scores it against the clean digit. */
export async function denoiseWith(tf: typeof TF, models: Model[], noisy: Float32Array, clean: Float32Array): Promise<ModelOutput[]> {
  const outs = tf.tidy(() => {
    const x = tf.tensor2d(noisy, [1, 784]);
    const target = tf.tensor2d(clean, [1, 784]);
    return models.flatMap((m) => {
      const logits = decodeLogits(m, encode(m, x).mu);
      return [tf.sigmoid(logits), tf.neg(bernoulliLogLik(logits, target))];
    });
  });
  try {
    const data = await Promise.all(outs.map((t) => t.data()));
    return models.map((_, i) => ({ pixels: data[2 * i] as Float32Array, bce: (data[2 * i + 1] as Float32Array)[0]! }));
  } finally {
    outs.forEach((t) => t.dispose());
  }
}
