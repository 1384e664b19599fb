// Probabilistic pieces of the VAE objective: likelihoods, KL, ELBO and the importance-weighted bound.
import * as tf from '@tensorflow/tfjs-core';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log p(x | logits) for Bernoulli pixels, summed over the last axis -> one value per row.
 * Stable form: x*l - softplus(l) = -(max(l,0) - l*x + log(1 + exp(-|l|))). Works for grey x in [0,1].
 */
export function bernoulliLogLik(logits: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const perPixel = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.neg(tf.sum(perPixel, -1));
  });
}

/** Analytic KL( N(mu, exp(logvar)) || N(0, I) ), summed over the last axis -> one value per row. */
export function klStdNormal(mu: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(1, logvar)), -1)));
}

/** log N(z; mu, diag(exp(logvar))), summed over the last axis. */
export function gaussianLogPdf(z: tf.Tensor, mu: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const d = tf.sub(z, mu);
    const terms = tf.add(tf.add(logvar, LOG_2PI), tf.div(tf.square(d), tf.exp(logvar)));
    return tf.mul(-0.5, tf.sum(terms, -1));
  });
}

/** log N(z; 0, I), summed over the last axis. */
export function stdNormalLogPdf(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), -1)));
}

/** Reparameterized sample z = mu + exp(logvar / 2) * eps, with eps ~ N(0, I) supplied by the caller. */
export function reparameterize(mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), eps)));
}

/** Numerically stable log(mean(exp(a))) along `axis`. */
export function logMeanExp(a: tf.Tensor, axis: number): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.logSumExp(a, axis), Math.log(a.shape[axis === -1 ? a.rank - 1 : axis]!)));
}

/**
 * Importance-weighted bound from log-weights [B, K]: log (1/K) Σ_k exp(log p(x,z_k) - log q(z_k|x)).
 * K = 1 gives a single-sample ELBO estimate; it increases with K towards log p(x).
 */
export function iwaeFromLogWeights(logW: tf.Tensor): tf.Tensor {
  return logMeanExp(logW, 1);
}
