// Loads TensorFlow.js lazily and picks its backend once per page. Unless `?backend=` forces one, a page starts on the CPU backend
// (no 415 KB WASM binary before the first frame: a batch-1 decode takes about half a millisecond there) and, once a widget has drawn
// its first frame, brings the fast backend in the background: WebGL where it is real hardware, else WASM. tfjs moves each tensor to
// the new backend the first time an op uses it, so widgets keep their models. Every switch updates the shared TfRuntime and fires
// the window event `vae:backend` (see BackendChange), which the widget chrome uses to keep its badge truthful.
import type * as TF from '@tensorflow/tfjs-core';
import { url } from '../../lib/site/paths.ts';
import { fetchManifest } from './fetch-verified.ts';
import { afterFirstFrame } from './after-first-frame.ts';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export interface TfRuntime {
  tf: typeof TF;
  /** The backend running now: it can change once, from 'cpu' to the fast backend, after the first frame (event `vae:backend`). */
  backend: BackendName;
  /** Why the preferred backend was not used, or null. */
  fallbackReason: string | null;
  /** True while the page runs on CPU only until the fast backend arrives (not a fallback: a quicker first frame). */
  upgrading?: boolean;
}

/** The detail of the window event `vae:backend`, fired when the page's TensorFlow.js backend changes. */
export interface BackendChange {
  backend: BackendName;
  fallbackReason: string | null;
}
/** The name of the window event fired (detail: BackendChange) when the page's TensorFlow.js backend changes after start. */
export const BACKEND_EVENT = 'vae:backend';

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

/** Software WebGL renderers: several times slower than WASM for these small models (see bench/results/latest.md). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The WebGL renderer's name read on the main thread ('' without WebGL): where a worker cannot make a WebGL context. */
function rendererOnMainThread(): string {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return '';
  }
}

/**
 * The WebGL renderer's name ('' without WebGL), read in a worker (webgl-probe.worker.ts): making a WebGL context just to ask
 * would block the main thread (a third of a second with a software renderer on a slow phone). On the main thread only where
 * workers have no OffscreenCanvas or the worker fails.
 */
async function webglRenderer(): Promise<string> {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return rendererOnMainThread();
  try {
    return await new Promise<string>((resolve, reject) => {
      const worker = new Worker(new URL('./webgl-probe.worker.ts', import.meta.url), { type: 'module' });
      const done = () => (clearTimeout(timer), worker.terminate());
      const timer = setTimeout(() => (done(), reject(new Error('the WebGL probe did not answer'))), 5000);
      worker.onmessage = (e: MessageEvent<unknown>) => (done(), resolve(String(e.data ?? '')));
      worker.onerror = () => (done(), reject(new Error('the WebGL probe failed')));
    });
  } catch {
    return rendererOnMainThread();
  }
}

/**
 * The name of a software WebGL renderer (SwiftShader, llvmpipe, ...) when this browser has no GPU behind WebGL, else null.
 * Software WebGL is several times slower than WASM for these small models (see bench/results/latest.md), so it is skipped.
 */
export async function softwareWebglRenderer(): Promise<string | null> {
  return SOFTWARE_RENDERER.exec(await webglRenderer())?.[0] ?? null;
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

/** Registers and starts the first backend among `candidates` that runs a tiny op; returns it with why earlier ones were passed over. */
async function startFirst(
  tf: typeof TF,
  candidates: BackendName[],
  first: BackendName,
  software: string | null,
  failures: string[],
  prebuild = false,
): Promise<{ backend: BackendName; fallbackReason: string | null }> {
  for (const name of candidates) {
    try {
      await register(tf, name);
      if (prebuild) await prebuildBackend(tf, name);
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
        return { backend: name, fallbackReason: reason };
      }
      failures.push(`${name}: could not initialise`);
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')}). Try another browser, or enable WebGL or WebAssembly.`);
}

/**
 * Builds a backend (downloads and compiles the WASM binary, or makes the WebGL context) without switching to it, then registers it
 * again with a factory that hands over the built instance. tf.setBackend() on an asynchronous factory makes every op on the current
 * backend throw until it settles ("Backend 'wasm' has not yet been initialized"); this way the page keeps computing on CPU meanwhile.
 */
async function prebuildBackend(tf: typeof TF, name: BackendName): Promise<void> {
  const factory = tf.findBackendFactory(name);
  if (!factory) throw new Error(`backend ${name} did not register`);
  const instance = await factory();
  tf.removeBackend(name);
  tf.registerBackend(name, () => instance);
}

/** The fast backends to try, best first, and why any was passed over before trying (WebGL lost or software-rendered). */
async function fastCandidates(ordered: BackendName[], forced: BackendName | null) {
  // Unless a backend is forced, software WebGL is passed over for WASM, which is faster without a GPU.
  const software = forced || webglLost ? null : await softwareWebglRenderer();
  const skipWebgl = webglLost || software !== null;
  const candidates = skipWebgl ? ordered.filter((b) => b !== 'webgl') : ordered;
  const failures: string[] = webglLost ? ['the WebGL context was lost'] : software ? [`WebGL is software-rendered here (${software})`] : [];
  const first: BackendName = skipWebgl ? 'webgl' : (candidates[0] ?? 'cpu');
  return { software, candidates, failures, first };
}

let kickUpgrade: (() => void) | null = null;
let upgraded: Promise<void> = Promise.resolve();

/**
 * For a widget whose first frame is heavy work (a posterior grid): starts the fast backend now instead of after the first frame
 * and resolves once it runs (or the page stays on CPU because none could start). Resolves at once when no upgrade is pending.
 */
export function fastBackend(): Promise<void> {
  kickUpgrade?.();
  return upgraded;
}

/** After the first frame, moves the page from CPU to WebGL (real hardware) or WASM, updates `rt` and fires `vae:backend`. */
async function upgradeLater(rt: TfRuntime, forRuntime: Promise<TfRuntime> | null): Promise<void> {
  await Promise.race([afterFirstFrame(), new Promise<void>((go) => (kickUpgrade = go))]);
  kickUpgrade = null;
  if (runtime !== forRuntime) return; // the runtime was replaced meanwhile (a lost WebGL context)
  const { software, candidates, failures, first } = await fastCandidates(
    ORDER.filter((b) => b !== 'cpu'),
    null,
  );
  let change: BackendChange;
  try {
    change = await startFirst(rt.tf, candidates, first, software, failures, true);
  } catch (err) {
    // No fast backend: stay on CPU, and say why.
    await rt.tf.setBackend('cpu');
    change = { backend: 'cpu', fallbackReason: `neither WebGL nor WebAssembly could start (${err instanceof Error ? err.message : String(err)})` };
  }
  if (runtime !== forRuntime) return;
  rt.backend = change.backend;
  rt.fallbackReason = change.fallbackReason;
  rt.upgrading = false;
  window.dispatchEvent(new CustomEvent<BackendChange>(BACKEND_EVENT, { detail: change }));
}

/**
 * Starts TensorFlow.js once; every widget on the page shares the result. Without `?backend=` it starts on CPU and upgrades after
 * the first frame (see the top of this file); with it, or after a lost WebGL context, it starts on the best backend that works.
 */
export function loadTf(): Promise<TfRuntime> {
  if (runtime) return runtime;
  // `started.p` is read by upgradeLater() only after the first await below, when it is assigned.
  const started: { p: Promise<TfRuntime> | null } = { p: null };
  started.p = (async () => {
    const forced = forcedBackend();
    const light = !forced && !webglLost;
    // Every widget on TensorFlow.js reads the manifest first: fetch it while the JS downloads (cached once per page).
    void fetchManifest().catch(() => undefined);
    // On a CPU start, core and the CPU backend download side by side rather than one after the other.
    const [tf] = await Promise.all([import('@tensorflow/tfjs-core'), light ? import('@tensorflow/tfjs-backend-cpu') : null]);
    if (light) {
      await register(tf, 'cpu');
      if (await tf.setBackend('cpu')) {
        await tf.ready();
        const rt: TfRuntime = { tf, backend: 'cpu', fallbackReason: null, upgrading: true };
        upgraded = upgradeLater(rt, started.p).catch((err: unknown) => console.warn('[tfjs] backend upgrade failed', err));
        return rt;
      }
    }
    const ordered = forced ? [forced, ...ORDER.filter((b) => b !== forced)] : ORDER;
    const { software, candidates, failures, first } = await fastCandidates(ordered, forced);
    return { tf, ...(await startFirst(tf, candidates, first, software, failures)) };
  })();
  runtime = started.p;
  return runtime;
}
