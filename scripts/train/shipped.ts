// Reading what the site ships, in Node, as the browser reads it: a model from weights/<name>/ and the held-out digits sprite.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel, spriteToDigits, toUnit, type Model, type ModelJson } from '../../src/lib/models/index.ts';
import { decodeGreyPng } from './png.ts';
import type { Manifest } from './manifest.ts';

/** The repository's weights/ folder. */
export const WEIGHTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'weights');
/** weights/manifest.json. */
export const MANIFEST_PATH = join(WEIGHTS_DIR, 'manifest.json');

/** Reads weights/manifest.json afresh (scripts that write into it re-read it just before writing). */
export function readWeightsManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

/** Reads a shipped model from weights/<name>/ (model.json and its shards), as the browser would. */
export function readShippedModel(weightsDir: string, name: string): Model {
  const modelJson = JSON.parse(readFileSync(join(weightsDir, name, 'model.json'), 'utf8')) as ModelJson;
  const shards: Record<string, Uint8Array> = {};
  for (const g of modelJson.weightsManifest) for (const p of g.paths) shards[p] = readFileSync(join(weightsDir, name, p));
  return decodeModel(modelJson, shards);
}

/** The 2,000 held-out digits of the manifest's sprite (count × 784 in [0, 1]), in the browser's order. */
export function readHeldoutImages(weightsDir: string, manifest: Pick<Manifest, 'data'>): Float32Array {
  const s = manifest.data.sprite;
  const png = decodeGreyPng(readFileSync(join(weightsDir, s.path)));
  return toUnit(spriteToDigits(png.pixels, png.width, s.count, s.cols));
}
