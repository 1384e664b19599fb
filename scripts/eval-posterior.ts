// `node scripts/eval-posterior.ts [--write]`: the posterior inspector's first frames (chapter 3 and 5's widget). For each digit
// of SHIPPED_DIGITS, computes exactly what the widget computes (src/widgets/posterior/frame.ts: q, the adaptive grid's
// log p(x, z), the bounds for the default seed) with the shipped vae-2d, and compares it with weights/vae-2d/posterior-<digit>.bin
// and the manifest's assets.posteriorFrame<digit> (exit 1 on a difference over FRAME_TOLERANCE nats or another grid). --write stores
// them, re-reading the manifest just before writing and changing only that key.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './train/backend.ts';
import type { Manifest } from './train/manifest.ts';
import { sha256 } from './train/record.ts';
import { MANIFEST_PATH, WEIGHTS_DIR, readHeldoutImages, readShippedModel, readWeightsManifest } from './train/shipped.ts';
import { domainFor } from '../src/widgets/shared/domain.ts';
import { computeBounds, computeGridFrame } from '../src/widgets/posterior/frame.ts';
import {
  FRAME_TOLERANCE,
  SHIPPED_DIGITS,
  SHIPPED_SEED,
  frameAssetKey,
  packFrame,
  unpackFrame,
  type FrameRecord,
} from '../src/widgets/posterior/frames-asset.ts';
import { gridLogIntegral } from '../src/widgets/posterior/grid-math.ts';

const MODEL = 'vae-2d';
const weights = WEIGHTS_DIR;
const write = process.argv.includes('--write');
await initBackend();
const manifest = readWeightsManifest();
const images = readHeldoutImages(weights, manifest);
type Rec = Manifest['models'][string] & { assets?: Record<string, { path: string } & Record<string, unknown>> };
const rec = manifest.models[MODEL] as Rec;
const model = readShippedModel(weights, MODEL);
const muAsset = rec.assets?.heldoutMu;
if (!muAsset) throw new Error(`${MODEL} has no heldoutMu asset: run \`npm run eval -- ${MODEL} --write-codes\` first.`);
const half = domainFor(new Float32Array(new Uint8Array(readFileSync(join(weights, muAsset.path))).buffer));

const shipped = (rec.assets ?? {}) as unknown as Record<string, FrameRecord | undefined>;
const frames: Record<string, FrameRecord> = {};
let problems = 0;
for (const digit of SHIPPED_DIGITS) {
  const x = images.subarray(digit * 784, (digit + 1) * 784);
  const frame = await computeGridFrame(tf, model, x, half, 1024);
  const b = await computeBounds(tf, model, x, frame.q, SHIPPED_SEED, 1024);
  const logPx = gridLogIntegral(frame.logJoint, frame.grid);
  console.log(`#${digit}: log p(x) ${logPx.toFixed(3)}, ELBO ${b.elbo.toFixed(3)}, IWAE-1000 ${b.iwae.at(-1)!.toFixed(3)} nats`);
  const path = `${MODEL}/posterior-${digit}.bin`;
  const { bytes, record } = packFrame(frame, b, SHIPPED_SEED);
  frames[frameAssetKey(digit)] = {
    path,
    sha256: sha256(bytes),
    bytes: bytes.length,
    ...record,
    description: `The posterior inspector's first frame for held-out digit #${digit} (src/widgets/posterior/frame.ts): log p(x, z) on its fine grid, little-endian float32, with q(z|x), the grid and the bounds of seed ${SHIPPED_SEED}.`,
  };
  if (write) writeFileSync(join(weights, path), bytes);
  const have = shipped[frameAssetKey(digit)];
  if (!have || write) continue;
  const old = unpackFrame(have, new Uint8Array(readFileSync(join(weights, have.path))).buffer);
  const sameGrid = (['x0', 'y0', 'step', 'n'] as const).every((k) => Math.abs(old.grid[k] - frame.grid[k]) <= 1e-6);
  const worst = sameGrid ? Math.max(...Array.from(frame.logJoint, (v, i) => Math.abs(v - old.logJoint[i]!))) : Infinity;
  const boundsOff = Math.max(Math.abs(old.bounds.elbo - b.elbo), ...b.iwae.map((v, i) => Math.abs(v - old.bounds.iwae[i]!)));
  const ok = worst <= FRAME_TOLERANCE && boundsOff <= FRAME_TOLERANCE;
  if (!ok) problems++;
  console.log(
    `  ${path}: ${ok ? `agrees (grid values within ${worst.toFixed(4)}, bounds within ${boundsOff.toFixed(4)} nats)` : `✖ out of date (grid ${sameGrid ? `values off by ${worst.toFixed(4)}` : 'differs'}, bounds off by ${boundsOff.toFixed(4)}); run with --write`}`,
  );
}
if (write) {
  const fresh = readWeightsManifest();
  const entry = fresh.models[MODEL] as Rec;
  entry.assets = { ...entry.assets, ...(frames as unknown as NonNullable<Rec['assets']>) };
  writeFileSync(MANIFEST_PATH, JSON.stringify(fresh, null, 1).replace(/"tolerance": 0\.00001,/g, '"tolerance": 1e-05,') + '\n');
  console.log(`wrote ${SHIPPED_DIGITS.map((d) => `${MODEL}/posterior-${d}.bin`).join(', ')} and ${MODEL}'s assets ${Object.keys(frames).join(', ')}`);
}
process.exit(problems && !write ? 1 : 0);
