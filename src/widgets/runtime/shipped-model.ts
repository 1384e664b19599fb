// Loads a trained model shipped under weights/ (listed in weights/manifest.json), verified by sha256.
import type * as TF from '@tensorflow/tfjs-core';
import type { TfRuntime } from './backend.ts';
import { fetchManifest, fetchVerified, LoadError, prefetchVerified } from './fetch-verified.ts';
import { decodeModel, shardPaths, type ModelJson } from '../../lib/models/io.ts';
import { decode, disposeModel, encode, type Model } from '../../lib/models/model.ts';

/** The part of weights/manifest.json the browser reads. */
export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}
export interface ManifestModel {
  files: ManifestFile[];
  metrics?: Record<string, number>;
  [key: string]: unknown;
}
export interface Manifest {
  models: Record<string, ManifestModel>;
  [key: string]: unknown;
}

export interface ShippedModel {
  model: Model;
  /** Decodes a batch of codes to pixel probabilities (batch × 784), read back asynchronously. */
  decode(tf: typeof TF, z: number[][]): Promise<Float32Array>;
  /** Encodes a batch of images (batch × 784 in [0, 1]) to μ and log σ² (batch × d each). */
  encode(tf: typeof TF, x: Float32Array, batch: number): Promise<{ mu: Float32Array; logvar: Float32Array | null }>;
  dispose(): void;
}

/** Finds a file's manifest entry by its path under weights/. */
function fileEntry(entry: ManifestModel, path: string, model: string): ManifestFile {
  const f = entry.files.find((x) => x.path === path || x.path.endsWith(`/${path}`) || path.endsWith(`/${x.path}`));
  if (!f) throw new LoadError(`The manifest lists no file ${path} for model ${model}. The site's weights are out of date; rebuild it.`, 'format');
  return f;
}

/** What to fetch of a model (only some parts, e.g. the decoder) and whom to tell how far the download is. */
export interface LoadOptions {
  parts?: string[];
  onProgress?: (fraction: number) => void;
}

/**
 * Starts downloading a model's files (or some parts') without TensorFlow.js, for a widget to call while the runtime loads:
 * loadShippedModel then takes the downloads. Failures are left for loadShippedModel to report.
 */
export function prefetchShippedModel(name: string, parts?: string[]): void {
  void (async () => {
    const entry = (await fetchManifest<Manifest>()).models?.[name];
    if (!entry) return;
    const jsonPath = `${name}/model.json`;
    const modelJson = JSON.parse(
      new TextDecoder().decode(await prefetchVerified(`/weights/${jsonPath}`, fileEntry(entry, jsonPath, name).sha256)),
    ) as ModelJson;
    for (const p of shardPaths(modelJson, parts))
      void prefetchVerified(`/weights/${name}/${p}`, fileEntry(entry, `${name}/${p}`, name).sha256).catch(() => undefined);
  })().catch(() => undefined);
}

/** Fetches, verifies and builds one model, or only some of its parts (e.g. the decoder). */
export async function loadShippedModel(rt: TfRuntime, name: string, opts: LoadOptions = {}): Promise<ShippedModel> {
  const manifest = await fetchManifest<Manifest>();
  const entry = manifest.models?.[name];
  if (!entry) throw new LoadError(`Model ${name} is missing from weights/manifest.json. Retrain it with \`npm run train -- ${name}\`.`, 'format');
  const jsonPath = `${name}/model.json`;
  const jsonBuf = await fetchVerified(`/weights/${jsonPath}`, fileEntry(entry, jsonPath, name).sha256);
  const modelJson = JSON.parse(new TextDecoder().decode(jsonBuf)) as ModelJson;
  const paths = shardPaths(modelJson, opts.parts);
  const entries = paths.map((p) => fileEntry(entry, `${name}/${p}`, name));
  const total = entries.reduce((s, e) => s + e.bytes, 0) || 1;
  const loaded = new Array<number>(paths.length).fill(0);
  const buffers = await Promise.all(
    paths.map((p, i) =>
      fetchVerified(`/weights/${name}/${p}`, (entries[i] as ManifestFile).sha256, (n) => {
        loaded[i] = n;
        opts.onProgress?.(loaded.reduce((s, v) => s + v, 0) / total);
      }),
    ),
  );
  const shards: Record<string, ArrayBuffer> = {};
  paths.forEach((p, i) => (shards[p] = buffers[i] as ArrayBuffer));
  const model = decodeModel(modelJson, shards, opts.parts);
  const tf = rt.tf;
  return {
    model,
    async decode(_tf, z) {
      const out = tf.tidy(() => decode(model, tf.tensor2d(z)));
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    async encode(_tf, x, batch) {
      const e = tf.tidy(() => {
        const out = encode(model, tf.tensor2d(x, [batch, x.length / batch]));
        return out.logvar ? [out.mu, out.logvar] : [out.mu];
      });
      const [mu, logvar] = e as [TF.Tensor, TF.Tensor | undefined];
      try {
        return { mu: (await mu.data()) as Float32Array, logvar: logvar ? ((await logvar.data()) as Float32Array) : null };
      } finally {
        mu.dispose();
        logvar?.dispose();
      }
    },
    dispose: () => disposeModel(model),
  };
}
