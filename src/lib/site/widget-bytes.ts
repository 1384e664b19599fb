// Build time: how many bytes a widget downloads before its first frame, beyond the page itself, as transferred (gzip for text, raw for
// binaries): its JS chunks, the WASM binary if its first frame waits for it, and the weights, held-out codes and digit chunks it needs.
// Weights and digits come from weights/manifest.json; JS is a table measured on the build (`npm run bench` with BENCH_ONLY=first-frame
// lists every file). tests/e2e/budgets.spec.ts checks each total against the bytes really fetched on /embed/<name>/, within 10%.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WIDGETS } from '../../widgets/registry.ts';
import { drawSchema } from '../../widgets/draw/state.ts';
import { posteriorSchema } from '../../widgets/posterior/state.ts';
import { klrSchema } from '../../widgets/kl-vs-recon/state.ts';
import { attributesSchema } from '../../widgets/attributes/state.ts';
import { blurSchema } from '../../widgets/blur/state.ts';
import { runtimeManifestText } from './static-assets.ts';

interface FileRec {
  path: string;
  bytes: number;
  sha256: string;
  part?: string;
}
interface ModelRec {
  files: FileRec[];
  assets?: Record<string, { bytes: number; path?: string; sha256: string }>;
}
interface Chunk {
  path: string;
  bytes: number;
  sha256: string;
  first: number;
  count: number;
}
interface FullManifest {
  data: { chunks: { files: Chunk[] } } & Record<string, { bytes?: number } | unknown>;
  models: Record<string, ModelRec>;
}

/** What a widget's first frame fetches in its default state. */
interface Needs {
  /** gzip bytes of the JS chunks it imports (tfjs-core and the CPU backend included), measured on the build. */
  js: number;
  /** Models and the parts of each it fetches (all parts when omitted). */
  models?: { name: string; parts?: string[] }[];
  /** Models whose held-out μ asset it fetches. */
  mu?: string[];
  /** Held-out digits whose chunks it fetches ('all' for the whole set). */
  digits?: readonly number[] | 'all';
  /** Whether the first frame waits for the WASM backend (the binary, raw). */
  wasm?: boolean;
  /** Files of the manifest's data section it fetches, by key (e.g. trainWidgetBias). */
  data?: string[];
  /** Other assets of a model it fetches, by their key in the model's `assets` (e.g. vae-16d's attributeDirections). */
  assets?: { model: string; key: string }[];
}

const CLASSIFIER = { name: 'classifier' };
/** Per widget; JS as measured on the build of 2026-12-02 (core 78 KB + CPU backend 24 KB + the widget's own chunks). */
const NEEDS: Record<string, Needs> = {
  // draw fetches the caption's classifier and its decoder after its first frame. latent-walk's first frame comes shipped (its
  // decoded images, shared/decoded-frames.ts): TensorFlow.js, the decoder and the classifier all come after it.
  draw: { js: 149_300, models: [{ name: 'vae-2d', parts: ['encoder'] }], mu: ['vae-2d'], digits: [drawSchema.digit.default] },
  'latent-walk': { js: 34_800, mu: ['vae-2d'], assets: [{ model: 'vae-2d', key: 'latentWalkFrames' }] },
  // kl-vs-recon's first frame comes shipped too (each panel's samples and reconstructions): tfjs and the decoders follow it.
  'kl-vs-recon': {
    js: 41_800,
    mu: ['vae-recon-only', 'beta-1', 'vae-kl-only'],
    digits: klrSchema.digits.default,
    assets: ['vae-recon-only', 'vae-kl-only', 'beta-1'].map((model) => ({ model, key: 'klVsReconFrames' })),
  },
  // denoise's first frame comes shipped (the clean digit, both outputs and their numbers): tfjs and the two models follow it.
  denoise: { js: 17_600, assets: [{ model: 'dae', key: 'denoiseFrames' }] },
  'kl-sandbox': { js: 31_800 },
  reparam: { js: 29_100 },
  // posterior: the default digit's first frame comes shipped (frames-asset.ts); vae-2d and the WASM backend come after it.
  posterior: {
    js: 165_600,
    mu: ['vae-2d'],
    digits: [posteriorSchema.digit.default],
    assets: [{ model: 'vae-2d', key: `posteriorFrame${posteriorSchema.digit.default}` }],
  },
  // train: the 500 digits it keeps aside and its initial output bias; the 1,500 it trains on come after the first frame.
  train: { js: 162_500, digits: Array.from({ length: 500 }, (_, i) => 1500 + i), data: ['trainWidgetBias'] },
  // cvae's first frame comes shipped (the cursor's digit, the style row and the samples, with the classifier's readings); its
  // maps need the two models' held-out μ. tfjs, cvae-2d and the classifier follow it.
  cvae: { js: 40_000, mu: ['cvae-2d', 'vae-2d'], assets: [{ model: 'cvae-2d', key: 'cvaeFrames' }] },
  // attributes: its directions come shipped (computed by the trainer over all held-out digits), so it fetches only the digit it shows.
  attributes: {
    js: 149_400,
    models: [{ name: 'vae-16d' }, CLASSIFIER],
    digits: [attributesSchema.digit.default],
    assets: [{ model: 'vae-16d', key: 'attributeDirections' }],
  },
  // ae-variants' first frame comes shipped (the digit, every model's reconstruction, code and error): tfjs and the five models
  // follow it, one after another.
  'ae-variants': { js: 33_800, assets: [{ model: 'ae-16', key: 'aeVariantsFrames' }] },
  blur: { js: 130_400, models: [{ name: blurSchema.model.default }], digits: [blurSchema.digit.default] },
  // Held-out digits 0–199 are scored as normal; the anomalies are made from digits 200–399. Their scores at the default strengths
  // come shipped; vae-16d downloads after the first frame.
  anomaly: { js: 150_000, digits: Array.from({ length: 400 }, (_, i) => i), assets: [{ model: 'vae-16d', key: 'anomalyScores' }] },
  // better-prior: two decoders, the mixtures fitted to their codes and the classifier.
  'better-prior': {
    js: 140_000,
    models: [
      { name: 'vae-16d', parts: ['decoder'] },
      { name: 'ae-16', parts: ['decoder'] },
      CLASSIFIER,
      { name: 'gmm-vae-16d' },
      { name: 'gmm-ae-16' },
    ],
  },
  // retrieval's first frame comes shipped (the default query, its neighbours and their distances): tfjs, the encoder and the
  // 1,000 digits it searches follow it.
  retrieval: { js: 14_000, assets: [{ model: 'vae-16d', key: 'retrievalFrames' }] },
};

let manifest: FullManifest | null = null;
let manifestGzip = 0;
const root = () => process.cwd();

/** The WASM binary tfjs loads in this browser family (the SIMD build), raw bytes; 0 when not installed. */
function wasmBytes(): number {
  const f = join(root(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm-simd.wasm');
  return existsSync(f) ? statSync(f).size : 0;
}

/** weights/manifest.json, and the gzip bytes of the runtime manifest the browser fetches; read once. */
function readManifest(): { m: FullManifest; gzip: number } {
  const file = join(root(), 'weights', 'manifest.json');
  if (!manifest) {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as FullManifest;
    manifestGzip = gzipSync(runtimeManifestText(file), { level: 6 }).byteLength;
  }
  return { m: manifest, gzip: manifestGzip };
}

/** The NEEDS entry of a widget, or an error that says where to add it. */
function needsOf(widgetName: string): Needs {
  if (!WIDGETS.some((w) => w.name === widgetName)) throw new Error(`firstFrameBytes: no widget named ${widgetName} in src/widgets/registry.ts`);
  const needs = NEEDS[widgetName];
  if (!needs) throw new Error(`firstFrameBytes: add ${widgetName} to the NEEDS table in src/lib/site/widget-bytes.ts`);
  return needs;
}

/** The files under weights/ a widget's first frame fetches in its default state (the manifest aside), with their bytes as transferred. */
export function firstFrameFiles(widgetName: string): { path: string; bytes: number; sha256: string }[] {
  const needs = needsOf(widgetName);
  if (!needs.models && !needs.mu && !needs.digits && !needs.data && !needs.assets) return [];
  const { m } = readManifest();
  const out: { path: string; bytes: number; sha256: string }[] = [];
  // Text (model.json, JSON assets) is served gzip.
  const gz = (path: string) => gzipSync(readFileSync(join(root(), 'weights', path)), { level: 6 }).byteLength;
  for (const { name, parts } of needs.models ?? []) {
    const rec = m.models[name];
    if (!rec) throw new Error(`firstFrameBytes: model ${name} (for ${widgetName}) is not in weights/manifest.json`);
    for (const f of rec.files) {
      if (!f.part) out.push({ path: f.path, bytes: gz(f.path), sha256: f.sha256 });
      else if (!parts || parts.includes(f.part)) out.push({ path: f.path, bytes: f.bytes, sha256: f.sha256 });
    }
  }
  for (const name of needs.mu ?? []) {
    const a = m.models[name]?.assets?.heldoutMu;
    if (a?.path) out.push({ path: a.path, bytes: a.bytes, sha256: a.sha256 });
  }
  const chunks = m.data.chunks.files;
  const digits = needs.digits ?? [];
  const wanted = digits === 'all' ? chunks : chunks.filter((c) => digits.some((i) => i >= c.first && i < c.first + c.count));
  for (const c of wanted) out.push({ path: c.path, bytes: c.bytes, sha256: c.sha256 });
  for (const key of needs.data ?? []) {
    const d = m.data[key] as { bytes?: number; path?: string; sha256?: string } | undefined;
    if (d?.path) out.push({ path: d.path, bytes: d.bytes ?? 0, sha256: d.sha256 ?? '' });
  }
  for (const { model, key } of needs.assets ?? []) {
    const a = m.models[model]?.assets?.[key];
    if (a?.path) out.push({ path: a.path, bytes: a.path.endsWith('.json') ? gz(a.path) : a.bytes, sha256: a.sha256 });
  }
  return out;
}

/** Bytes a widget downloads before its first frame beyond the page (JS chunks gzip, WASM if any, weights, digits; as transferred). */
export function firstFrameBytes(widgetName: string): number {
  const needs = needsOf(widgetName);
  const files = firstFrameFiles(widgetName);
  if (!files.length) return needs.js;
  return needs.js + readManifest().gzip + (needs.wasm ? wasmBytes() : 0) + files.reduce((s, f) => s + f.bytes, 0);
}
