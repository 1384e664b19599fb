// Node setup for tfjs: gradients (from the @tensorflow/tfjs union package) and the WASM backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/** Selects the WASM backend (or `name`) with its .wasm files from node_modules; returns the backend name. */
export async function initBackend(name = process.env.TFJS_BACKEND ?? 'wasm'): Promise<string> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(join(dir, '/'));
  }
  tf.env().set('IS_TEST', false);
  await tf.setBackend(name);
  await tf.ready();
  return tf.getBackend();
}
