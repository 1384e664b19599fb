// Public API of the model library (pure @tensorflow/tfjs-core: runs in the browser and in Node).
export * from './spec.ts';
export * from './rng.ts';
export * from './layers.ts';
export * from './losses.ts';
export * from './model.ts';
export * from './io.ts';
export * from './digits.ts';
export * from './noise.ts';
export * from './metrics.ts';
export * from './train.ts';
