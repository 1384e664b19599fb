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
/** Set once the WebGL context is lost: WebGL is then never tried again on this page. */
let webglLost = false;
const lostListeners = new Set<() => void>();

/**
 * Calls `onLost` once if the WebGL context of the current runtime is lost (GPU reset, driver crash, too many contexts).
 * By then loadTf() already starts WASM or CPU instead, so the listener only has to rebuild its widget. Returns an unsubscribe.
 */
export function onWebglLost(onLost: () => void): () => void {
  lostListeners.add(onLost);
  return () => lostListeners.delete(onLost);
}

/** The WebGL context tfjs draws with, or null when the backend is not WebGL. */
export function webglContext(tf: typeof TF): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext } }).gpgpu?.gl ?? null;
}

/** Loses the WebGL context on purpose, as a GPU reset would (for fault tests); false when there is none to lose. */
export function loseWebgl(tf: typeof TF): boolean {
  const ext = webglContext(tf)?.getExtension('WEBGL_lose_context');
  if (!ext) return false;
  ext.loseContext();
  return true;
}

/** Watches the WebGL canvas: on context loss, forget this runtime so the next loadTf() picks another backend, and tell the widgets. */
function watchContextLoss(tf: typeof TF): void {
  const canvas = webglContext(tf)?.canvas;
  if (!canvas || !('addEventListener' in canvas)) return;
  canvas.addEventListener(
    'webglcontextlost',
    () => {
      webglLost = true;
      runtime = null;
      for (const cb of [...lostListeners]) cb();
      lostListeners.clear();
    },
    { once: true },
  );
}

/**
 * The name of a software WebGL renderer (SwiftShader, llvmpipe, ...) when this browser has no GPU behind WebGL, else null.
 * Software WebGL is several times slower than WASM for these small models (see bench/results/latest.md), so it is skipped.
 */
export function softwareWebglRenderer(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.exec(renderer)?.[0] ?? null;
  } catch {
    return null;
  }
}

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
    const ordered = forced ? [forced, ...ORDER.filter((b) => b !== forced)] : ORDER;
    // Unless a backend is forced, software WebGL is passed over for WASM, which is faster without a GPU.
    const software = forced || webglLost ? null : softwareWebglRenderer();
    const skipWebgl = webglLost || software !== null;
    const candidates = skipWebgl ? ordered.filter((b) => b !== 'webgl') : ordered;
    const failures: string[] = webglLost ? ['the WebGL context was lost'] : software ? [`WebGL is software-rendered here (${software})`] : [];
    const first = skipWebgl ? 'webgl' : candidates[0];
    for (const name of candidates) {
      try {
        await register(tf, name);
        if (await tf.setBackend(name)) {
          await tf.ready();
          // A WebGL backend that registers but cannot run a tiny op is no use; check it now.
          tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
          if (name === 'webgl') watchContextLoss(tf);
          const reason =
            name === first
              ? null
              : software && name === 'wasm'
                ? `WebGL is software-rendered here (${software}), which is slower than WebAssembly`
                : `${first} unavailable (${failures.join('; ')})`;
          return { tf, backend: name, fallbackReason: reason };
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
