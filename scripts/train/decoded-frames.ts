// The widgets' shipped first frames (src/widgets/shared/decoded-frames.ts), computed in Node with the shipped models:
// used by scripts/eval-frames.ts (which checks or writes them) and by their unit test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decode, disposeModel } from '../../src/lib/models/model.ts';
import { decodedFramesKey, packFrames, type DecodedFramesRecord, type FrameRequest } from '../../src/widgets/shared/decoded-frames.ts';
import { walkFrameRequests } from '../../src/widgets/latent-walk/frame-codes.ts';
import { FRAME_MODELS as KLR_MODELS, klrFrameRequests } from '../../src/widgets/kl-vs-recon/frame-codes.ts';
import { encodeGreyPng } from './png.ts';
import { sha256 } from './record.ts';
import { readShippedModel } from './shipped.ts';
import type { Manifest } from './manifest.ts';

/** A widget whose first frame ships, per model: the groups it decodes, from that model's held-out μ. */
export interface FramesSpec {
  widget: string;
  model: string;
  requests(mu: Float32Array): FrameRequest[];
}

/** Every shipped first frame. */
export const FRAMES: FramesSpec[] = [
  { widget: 'latent-walk', model: 'vae-2d', requests: walkFrameRequests },
  ...KLR_MODELS.map((model) => ({ widget: 'kl-vs-recon', model, requests: klrFrameRequests })),
];

type Assets = Record<string, { path: string } & Record<string, unknown>>;

/** A model's held-out μ (2 per digit) as shipped. */
export function readHeldoutMu(weights: string, manifest: Manifest, model: string): Float32Array {
  const asset = (manifest.models[model] as { assets?: Assets }).assets?.heldoutMu;
  if (!asset) throw new Error(`${model} has no heldoutMu asset: run \`npm run eval -- ${model} --write-codes\` first.`);
  return new Float32Array(new Uint8Array(readFileSync(join(weights, asset.path))).buffer);
}

/** Decodes one spec's groups with the shipped model: the exact pixels, the PNG and its manifest record. */
export function computeFrames(
  weights: string,
  manifest: Manifest,
  spec: FramesSpec,
): { exact: Map<string, Float32Array>; png: Uint8Array; record: DecodedFramesRecord } {
  const model = readShippedModel(weights, spec.model);
  const requests = spec.requests(readHeldoutMu(weights, manifest, spec.model));
  const exact = new Map<string, Float32Array>();
  for (const r of requests) {
    const out = tf.tidy(() => decode(model, tf.tensor2d(r.codes)));
    exact.set(r.key, out.dataSync() as Float32Array);
    out.dispose();
  }
  disposeModel(model);
  const packed = packFrames(requests.map((r) => ({ key: r.key, pixels: exact.get(r.key)!, levels: r.levels })));
  const png = new Uint8Array(encodeGreyPng(packed.grey, packed.width, packed.height));
  const path = `${spec.model}/${spec.widget}-frames.png`;
  return {
    exact,
    png,
    record: {
      description: `${spec.widget}'s first frame in its default state, decoded ahead of time by ${spec.model} (scripts/eval-frames.ts; src/widgets/shared/decoded-frames.ts): 28 × 28 tiles, 16 to a row, in named groups.`,
      path,
      sha256: sha256(png),
      bytes: png.length,
      width: packed.width,
      height: packed.height,
      groups: packed.groups,
    },
  };
}

/** The key of a spec's record among its model's assets. */
export const recordKey = (spec: FramesSpec): string => decodedFramesKey(spec.widget);

/** The largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
