// Node setup for tfjs: gradients (tfjs-core's own register_all_gradients, as the browser's trainer uses) and the WASM backend.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname, join } from 'node:path';
import { createRequire, registerHooks } from 'node:module';

// tfjs-core's ES module files import each other without the ".js" that Node's resolver requires (bundlers add it).
// Add it for relative imports from inside tfjs-core/dist only, then register every gradient from there. Registries
// and the engine live on globalThis, so the gradients serve the tf imported above.
registerHooks({
  resolve(specifier, context, nextResolve) {
    const inCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/') && specifier.startsWith('.') && !specifier.endsWith('.js');
    return nextResolve(inCore ? `${specifier}.js` : specifier, context);
  },
});
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');

/** Selects the WASM backend (or `name`) with its .wasm files from node_modules; returns the backend name. */
export async function initBackend(name = process.env.TFJS_BACKEND ?? 'wasm'): Promise<string> {
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
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
