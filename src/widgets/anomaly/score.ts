// −ELBO of a batch of images under a VAE, as the manifest's negElbo is estimated (scripts/eval.ts via evaluateAutoencoder): the
// analytic KL(q(z|x) ‖ p(z)) plus −log p(x|z) averaged over S = 8 reparameterised codes. The noise comes from a named Rng,
// so the widget and scripts/eval-anomaly.ts give the same scores.
import type * as TF from '@tensorflow/tfjs-core';
import { decodeLogits, encode, type Model } from '../../lib/models/model.ts';
import { bernoulliLogLik, klStdNormal, reparameterize } from '../../lib/models/losses.ts';
import { Rng } from '../../lib/models/rng.ts';

/** Codes drawn per image, as in the manifest's negElbo. */
export const ELBO_SAMPLES = 8;

/** −ELBO in nats for each of the n images in x (n × 784), with ε from Rng(seed); tensors freed before it resolves. */
export async function negElboScores(tf: typeof TF, model: Model, x: Float32Array, seed: string): Promise<Float32Array> {
  const n = x.length / 784;
  const S = ELBO_SAMPLES;
  const d = (model.spec as { latentDim: number }).latentDim;
  const eps = new Rng(seed).normalArray(n * S * d);
  const out = tf.tidy(() => {
    const xt = tf.tensor2d(x, [n, 784]);
    const { mu, logvar } = encode(model, xt);
    if (!logvar) throw new Error('The anomaly score needs a VAE (an encoder with a variance).');
    const rep = (t: TF.Tensor) => tf.reshape(tf.tile(tf.expandDims(t, 1), [1, S, 1]), [n * S, t.shape[1]!]);
    const z = reparameterize(rep(mu), rep(logvar), tf.tensor2d(eps, [n * S, d]));
    const ll = bernoulliLogLik(decodeLogits(model, z), rep(xt));
    const recon = tf.neg(tf.mean(tf.reshape(ll, [n, S]), 1));
    return tf.add(recon, klStdNormal(mu, logvar));
  });
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
