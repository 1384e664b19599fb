// What training records about a model: progress reports, the manifest record and its files, rounded metrics.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelJson } from '../../src/lib/models/index.ts';
import type { AutoencoderConfig, TrainConfig } from './config.ts';
import { SPLIT_SEED } from './data.ts';

/** Progress report sent after each logged batch. */
export interface Progress {
  model: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  terms: Record<string, number>;
  elapsedSec: number;
}

/** A file written for a model, relative to weights/. */
export interface FileRecord {
  path: string;
  sha256: string;
  bytes: number;
  part?: string;
}

/** Everything the manifest records about one trained model. */
export interface ModelRecord {
  name: string;
  type: string;
  description: string;
  modelJson: string;
  files: FileRecord[];
  bytes: number;
  bytesByPart: Record<string, number>;
  params: number;
  paramsByPart: Record<string, number>;
  architecture: unknown;
  storage: unknown;
  hyper: Record<string, unknown>;
  epochs: number;
  wallTimeSec: number;
  backend: string;
  seed: string;
  metrics: Record<string, number>;
  metricsFloat32: Record<string, number>;
  history: { epoch: number; [k: string]: number }[];
  /** What the storage choice costs: shard bytes and the headline held-out metric under each storage policy. */
  storageAlternatives: { storage: string; bytes: number; metric: string; value: number }[];
  assets?: Record<string, FileRecord & { dtype: string; shape: number[]; description: string }>;
}

/** sha256 hex of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A metric rounded to d decimals, as the manifest stores it. */
export const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/** The numeric fields of o, rounded for the manifest (other fields dropped). */
export function roundAll(o: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => [k, round(v as number)]),
  );
}

/** The hyperparameters the manifest records: the config without its name, text, architecture and storage. */
export function hyperOf(cfg: TrainConfig, epochs: number): Record<string, unknown> {
  const { name: _n, description: _d, spec: _s, storage: _st, ...rest } = cfg;
  return { ...rest, epochs, optimizer: 'adam(0.9, 0.999)', splitSeed: SPLIT_SEED };
}

/** The manifest's model type: classifier, dae, cvae, vae or ae. */
export function modelType(cfg: TrainConfig): string {
  return cfg.type === 'classifier'
    ? 'classifier'
    : (cfg as AutoencoderConfig).denoise
      ? 'dae'
      : cfg.spec.kind === 'vae' && cfg.spec.numClasses
        ? 'cvae'
        : cfg.spec.kind;
}

/** Writes weights/<name>/ afresh (model.json and its shards) and returns the file records and model.json's bytes. */
export function writeModelFiles(
  weightsDir: string,
  name: string,
  modelJson: ModelJson,
  files: { path: string; bytes: Uint8Array }[],
): { dir: string; records: FileRecord[]; jsonBytes: Uint8Array } {
  const dir = join(weightsDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const records: FileRecord[] = [];
  const jsonBytes = new TextEncoder().encode(JSON.stringify(modelJson, null, 1) + '\n');
  writeFileSync(join(dir, 'model.json'), jsonBytes);
  records.push({ path: `${name}/model.json`, sha256: sha256(jsonBytes), bytes: jsonBytes.length });
  for (const f of files) {
    writeFileSync(join(dir, f.path), f.bytes);
    records.push({ path: `${name}/${f.path}`, sha256: sha256(f.bytes), bytes: f.bytes.length, part: f.path.split('.').slice(-2, -1)[0]! });
  }
  return { dir, records, jsonBytes };
}
