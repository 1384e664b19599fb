// Building blocks in pure tfjs-core: dense layers, MLPs, im2col convolutions, activations.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './spec.ts';
import type { Rng } from './rng.ts';

/** Parameters of a model: name -> tensor (tf.Variable while training). */
export type Params = Record<string, tf.Tensor>;

/** Looks up a parameter, failing loudly when it is missing. */
export function param(params: Params, name: string): tf.Tensor {
  const p = params[name];
  if (!p) throw new Error(`missing parameter ${name}`);
  return p;
}

/** Applies an activation function element-wise. */
export function activate(x: tf.Tensor, act: Activation): tf.Tensor {
  switch (act) {
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softplus':
      return tf.softplus(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, 0.1);
  }
}

/** A tensor of normal noise N(mean, std²) drawn from a seeded Rng. */
function randomNormal(rng: Rng, shape: number[], mean = 0, std = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = rng.normalArray(n);
  if (mean !== 0 || std !== 1) for (let i = 0; i < n; i++) v[i] = mean + std * v[i]!;
  return tf.tensor(v, shape, 'float32');
}

/** Creates seeded kernel [inDim, outDim] and zero bias for a dense layer under `prefix`. */
export function initDense(rng: Rng, prefix: string, inDim: number, outDim: number, gain = 2): Params {
  return {
    [`${prefix}/kernel`]: randomNormal(rng, [inDim, outDim], 0, Math.sqrt(gain / inDim)),
    [`${prefix}/bias`]: tf.zeros([outDim]),
  };
}

/** y = x W + b for the dense layer under `prefix`. */
export function dense(params: Params, prefix: string, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.matMul(x as tf.Tensor2D, param(params, `${prefix}/kernel`) as tf.Tensor2D), param(params, `${prefix}/bias`)));
}

/** Seeded parameters of an MLP inDim -> hidden... -> outDim, layers named `${prefix}/dense${i}`. */
export function initMlp(rng: Rng, prefix: string, inDim: number, hidden: number[], outDim: number): Params {
  const dims = [inDim, ...hidden, outDim];
  let out: Params = {};
  for (let i = 0; i + 1 < dims.length; i++) {
    const last = i + 2 === dims.length;
    out = { ...out, ...initDense(rng, `${prefix}/dense${i}`, dims[i]!, dims[i + 1]!, last ? 1 : 2) };
  }
  return out;
}

/** Forward pass of an MLP with `nLayers` dense layers; the activation is applied to all but the last. */
export function mlp(params: Params, prefix: string, nLayers: number, x: tf.Tensor, act: Activation): tf.Tensor {
  return tf.tidy(() => {
    let h = x;
    for (let i = 0; i < nLayers; i++) {
      h = dense(params, `${prefix}/dense${i}`, h);
      if (i + 1 < nLayers) h = activate(h, act);
    }
    return h;
  });
}

/** Identity in the forward pass, zero gradient in the backward pass (tfjs-core has no stopGradient op). */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((...args) => ({ value: tf.clone(args[0] as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) }));
  return f(x);
}

/** Seeded 3x3 conv kernel [3, 3, inC, outC] and zero bias under `prefix`. */
export function initConv(rng: Rng, prefix: string, inC: number, outC: number, k = 3): Params {
  return {
    [`${prefix}/kernel`]: randomNormal(rng, [k, k, inC, outC], 0, Math.sqrt(2 / (k * k * inC))),
    [`${prefix}/bias`]: tf.zeros([outC]),
  };
}

/**
 * Stride-1 'same' convolution written as im2col + matMul, so it is differentiable on every backend
 * (the WASM backend has no Conv2DBackpropFilter). Same weights layout and result as tf.conv2d.
 */
export function conv2dSame(params: Params, prefix: string, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const kernel = param(params, `${prefix}/kernel`) as tf.Tensor4D;
    const [k, , inC, outC] = kernel.shape;
    const [b, h, w] = x.shape;
    const p = Math.floor(k / 2);
    const padded = tf.pad(x, [
      [0, 0],
      [p, k - 1 - p],
      [p, k - 1 - p],
      [0, 0],
    ]);
    const cols: tf.Tensor4D[] = [];
    for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) cols.push(tf.slice(padded, [0, dy, dx, 0], [b, h, w, inC]));
    const patches = tf.reshape(tf.concat(cols, 3), [b * h * w, k * k * inC]) as tf.Tensor2D;
    const y = tf.matMul(patches, tf.reshape(kernel, [k * k * inC, outC]) as tf.Tensor2D);
    return tf.reshape(tf.add(y, param(params, `${prefix}/bias`)), [b, h, w, outC]) as tf.Tensor4D;
  });
}
