// The held-out digits' codes under a 2-D model: the manifest's precomputed μ asset when there is one, else encoded here.
import { fetchManifest, fetchVerified } from '../runtime/fetch-verified.ts';
import type { Manifest, ShippedModel } from '../runtime/shipped-model.ts';
import type { TfRuntime } from '../runtime/backend.ts';
import type { Heldout } from './heldout.ts';
export { domainFor } from './domain.ts';

export interface Codes {
  mu: Float32Array;
  /** log σ² per code (VAEs only, and only when encoded here or shipped). */
  logvar: Float32Array | null;
}

interface Asset {
  path: string;
  sha256: string;
  dtype?: string;
  shape?: number[];
}

/** The manifest entry of a model's held-out μ asset, or null when it lists none (usable as float32). */
async function muEntry(name: string): Promise<Asset | null> {
  const manifest = await fetchManifest<Manifest>();
  const asset = (manifest.models?.[name]?.assets as Record<string, Asset> | undefined)?.heldoutMu;
  return !asset || (asset.dtype && asset.dtype !== 'float32') ? null : asset;
}

/** Whether the manifest ships a model's held-out μ (then the widget needs no encoder to place the held-out digits). */
export async function hasHeldoutMuAsset(name: string): Promise<boolean> {
  return (await muEntry(name)) !== null;
}

const muCache = new Map<string, Promise<Float32Array | null>>();

/** The held-out μ asset of a model, or null when the manifest lists none; fetched once per page (call early to fetch it in parallel). */
export function heldoutMuAsset(name: string): Promise<Float32Array | null> {
  let p = muCache.get(name);
  if (!p) {
    p = (async () => {
      const asset = await muEntry(name);
      if (!asset) return null;
      return new Float32Array(await fetchVerified(`/weights/${asset.path.replace(/^\/+/, '')}`, asset.sha256));
    })();
    p.catch(() => muCache.delete(name)); // a retry fetches it again
    muCache.set(name, p);
  }
  return p;
}

/** Encodes every held-out digit in batches (μ and, for VAEs, log σ²). */
export async function encodeAll(rt: TfRuntime, model: ShippedModel, heldout: Heldout, batch = 500): Promise<Codes> {
  await heldout.loadAll();
  const n = heldout.count;
  const mu = new Float32Array(n * 2);
  let logvar: Float32Array | null = null;
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const out = await model.encode(rt.tf, heldout.images.subarray(s * 784, (s + b) * 784), b);
    mu.set(out.mu.subarray(0, b * 2), s * 2);
    if (out.logvar) {
      logvar ??= new Float32Array(n * 2);
      logvar.set(out.logvar.subarray(0, b * 2), s * 2);
    }
  }
  return { mu, logvar };
}

/** Centroid (mean μ) of each class, 10 × 2. */
export function classCentroids(mu: Float32Array, labels: Uint8Array): Float32Array {
  const c = new Float32Array(20);
  const n = new Float32Array(10);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i]!;
    c[2 * k]! += mu[2 * i]!;
    c[2 * k + 1]! += mu[2 * i + 1]!;
    n[k]! += 1;
  }
  for (let k = 0; k < 10; k++) {
    c[2 * k]! /= n[k]! || 1;
    c[2 * k + 1]! /= n[k]! || 1;
  }
  return c;
}
