// Loads TensorFlow.js lazily and picks its backend once per page: WebGL, then WASM, then CPU.
import type * as TF from '@tensorflow/tfjs-core';
import { url } from '../../lib/site/paths.ts';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export interface TfRuntime {
  tf: typeof TF;
  backend: BackendName;
  /** Why the preferred backend was not used, or null. */
  fallbackReason: string | null;
}

const ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];
let runtime: Promise<TfRuntime> | null = null;

/** The backend forced by `?backend=webgl|wasm|cpu`, or null. */
export function forcedBackend(search = window.location.search): BackendName | null {
  const b = new URLSearchParams(search).get('backend');
  return b === 'webgl' || b === 'wasm' || b === 'cpu' ? b : null;
}

async function register(tf: typeof TF, name: BackendName): Promise<void> {
  if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The WASM binaries are served from this site (see src/lib/site/static-assets.ts), never from a CDN.
    wasm.setWasmPaths(url('/tfjs/'), true);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  if (!tf.findBackendFactory(name)) throw new Error(`backend ${name} did not register`);
}

/** Starts TensorFlow.js once; every widget on the page shares the result. */
export function loadTf(): Promise<TfRuntime> {
  runtime ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const forced = forcedBackend();
    const candidates = forced ? [forced, ...ORDER.filter((b) => b !== forced)] : ORDER;
    const failures: string[] = [];
    for (const name of candidates) {
      try {
        await register(tf, name);
        if (await tf.setBackend(name)) {
          await tf.ready();
          // A WebGL backend that registers but cannot run a tiny op is no use; check it now.
          tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
          const first = candidates[0];
          return { tf, backend: name, fallbackReason: name === first ? null : `${first} unavailable (${failures.join('; ')})` };
        }
        failures.push(`${name}: could not initialise`);
      } catch (err) {
        failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')}). Try another browser, or enable WebGL or WebAssembly.`);
  })();
  return runtime;
}
