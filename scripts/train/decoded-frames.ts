// The widgets' shipped first frames (src/widgets/shared/decoded-frames.ts), computed in Node with the shipped models:
// used by scripts/eval-frames.ts (which checks or writes them) and by their unit test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decode, disposeModel } from '../../src/lib/models/model.ts';
import { decodedFramesKey, packFrames, type DecodedFramesRecord, type FrameRequest } from '../../src/widgets/shared/decoded-frames.ts';
import { walkFrameRequests } from '../../src/widgets/latent-walk/frame-codes.ts';
import { FRAME_MODELS as KLR_MODELS, klrFrameRequests } from '../../src/widgets/kl-vs-recon/frame-codes.ts';
import { FRAME_QUERIES, RETRIEVAL_MODEL, queryKey, rowKey } from '../../src/widgets/retrieval/frame.ts';
import { DATABASE_SIZE, nearest, type Neighbour } from '../../src/widgets/retrieval/neighbours.ts';
import { encodeGreyPng } from './png.ts';
import { sha256 } from './record.ts';
import { readHeldoutImages, readShippedModel } from './shipped.ts';
import type { Manifest } from './manifest.ts';
import { encodeGaussians } from '../eval-codes.ts';
import {
  FRAME_MODEL as DENOISE_MODEL,
  FRAME_MODELS as DENOISE_MODELS,
  cleanKey,
  defaultFrameState,
  frameKey,
  outputKey,
} from '../../src/widgets/denoise/frame.ts';
import { corruptDigit } from '../../src/widgets/denoise/noise-levels.ts';
import { psnr } from '../../src/widgets/denoise/error-metrics.ts';
import { encode, decodeLogits } from '../../src/lib/models/model.ts';
import { bernoulliLogLik } from '../../src/lib/models/losses.ts';
import { FRAME_DIGIT, FRAME_MODEL as VARIANTS_MODEL, inputKey, reconKey as variantReconKey } from '../../src/widgets/ae-variants/frame.ts';
import { STATS_DIGITS, VARIANTS, codeStats } from '../../src/widgets/ae-variants/variants.ts';
import { FRAME_MODEL as CVAE_MODEL, cursorKey, defaultCvaeState, sampleCodes, samplesKey, styleKey } from '../../src/widgets/cvae/frame.ts';
import { classify, oneHot } from '../../src/lib/models/model.ts';

/** A group of a shipped frame as computed: its name, its images (count × 784 in [0, 1]) and its grey levels. */
export interface FrameGroupPixels {
  key: string;
  pixels: Float32Array;
  levels: number;
}

/**
 * A widget whose first frame ships, per model: either the groups it decodes, from that model's held-out μ (`requests`), or
 * groups and extra record fields computed some other way (`compute`, e.g. retrieval's search).
 */
export type FramesSpec = { widget: string; model: string } & (
  | { requests(mu: Float32Array): FrameRequest[]; compute?: never }
  | { compute(weights: string, manifest: Manifest): { groups: FrameGroupPixels[]; extra: Record<string, unknown> }; requests?: never }
);

/** Every shipped first frame. */
export const FRAMES: FramesSpec[] = [
  { widget: 'latent-walk', model: 'vae-2d', requests: walkFrameRequests },
  ...KLR_MODELS.map((model) => ({ widget: 'kl-vs-recon', model, requests: klrFrameRequests })),
  { widget: 'retrieval', model: RETRIEVAL_MODEL, compute: retrievalFrame },
  { widget: 'denoise', model: DENOISE_MODEL, compute: denoiseFrame },
  { widget: 'ae-variants', model: VARIANTS_MODEL, compute: variantsFrame },
  { widget: 'cvae', model: CVAE_MODEL, compute: cvaeFrame },
];

/**
 * The cvae widget's first frame: the default label and cursor's digit, style row and samples, decoded by cvae-2d as the widget
 * decodes them (cvae/cvae-model.ts), and the classifier's probabilities and readings of them.
 */
export function cvaeFrame(weights: string): { groups: FrameGroupPixels[]; extra: Record<string, unknown> } {
  const { label, x, y } = defaultCvaeState();
  const model = readShippedModel(weights, CVAE_MODEL);
  const classifier = readShippedModel(weights, 'classifier');
  const decodeWith = (zs: number[][], labels: number[]) =>
    tf.tidy(() => decode(model, tf.tensor2d(zs), oneHot(labels, 10)).dataSync() as Float32Array);
  const probsOf = (px: Float32Array) => tf.tidy(() => classify(classifier, tf.tensor2d(px, [px.length / 784, 784])).dataSync() as Float32Array);
  const top = (p: Float32Array, i: number) => {
    let best = 0;
    for (let k = 1; k < 10; k++) if (p[10 * i + k]! > p[10 * i + best]!) best = k;
    return best;
  };
  const reads = (px: Float32Array) => {
    const p = probsOf(px);
    return Array.from({ length: px.length / 784 }, (_, i) => top(p, i));
  };
  const cursor = decodeWith([[x, y]], [label]);
  const labels = Array.from({ length: 10 }, (_, k) => k);
  const style = decodeWith(
    labels.map(() => [x, y]),
    labels,
  );
  const zs = sampleCodes();
  const samples = decodeWith(
    zs,
    zs.map(() => label),
  );
  const extra = {
    probs: { [cursorKey(label, x, y)]: Array.from(probsOf(cursor), (v) => Number(v.toFixed(6))) },
    reads: { [styleKey(x, y)]: reads(style), [samplesKey(label)]: reads(samples) },
  };
  disposeModel(model);
  disposeModel(classifier);
  return {
    groups: [
      { key: cursorKey(label, x, y), pixels: cursor, levels: 256 },
      { key: styleKey(x, y), pixels: style, levels: 256 },
      { key: samplesKey(label), pixels: samples, levels: 256 },
    ],
    extra,
  };
}

/** One digit through one shipped autoencoder as the widgets run it: its code, its reconstruction and the BCE against it. */
function reconstruct(model: ReturnType<typeof readShippedModel>, x: Float32Array): { code: Float32Array; pixels: Float32Array; bce: number } {
  return tf.tidy(() => {
    const input = tf.tensor2d(x, [1, 784]);
    const { mu } = encode(model, input);
    const logits = decodeLogits(model, mu);
    return {
      code: mu.dataSync() as Float32Array,
      pixels: tf.sigmoid(logits).dataSync() as Float32Array,
      bce: tf.neg(bernoulliLogLik(logits, input)).dataSync()[0]!,
    };
  });
}

/** The ae-variants widget's first frame: the default digit through each of the five autoencoders (ae-variants/run-model.ts's runDigit). */
export function variantsFrame(weights: string, manifest: Manifest): { groups: FrameGroupPixels[]; extra: Record<string, unknown> } {
  const images = readHeldoutImages(weights, manifest);
  const x = images.slice(FRAME_DIGIT * 784, (FRAME_DIGIT + 1) * 784);
  const groups: FrameGroupPixels[] = [{ key: inputKey(FRAME_DIGIT), pixels: x, levels: 256 }];
  const results: Record<string, { code: number[]; bce: number }> = {};
  const ranges: Record<string, { min: number[]; max: number[] }> = {};
  const round = (a: ArrayLike<number>) => Array.from(a, (c) => Number(c.toFixed(6)));
  for (const v of VARIANTS) {
    const model = readShippedModel(weights, v.name);
    const r = reconstruct(model, x);
    // The code range over the first STATS_DIGITS held-out digits, as the widget measures it (for its bar charts' scale).
    const codes = tf.tidy(
      () => encode(model, tf.tensor2d(images.subarray(0, STATS_DIGITS * 784), [STATS_DIGITS, 784])).mu.dataSync() as Float32Array,
    );
    const stats = codeStats(codes, STATS_DIGITS, codes.length / STATS_DIGITS);
    disposeModel(model);
    groups.push({ key: variantReconKey(v.name, FRAME_DIGIT), pixels: r.pixels, levels: 256 });
    results[v.name] = { code: round(r.code), bce: Number(r.bce.toFixed(6)) };
    ranges[v.name] = { min: round(stats.min), max: round(stats.max) };
  }
  return { groups, extra: { results: { [String(FRAME_DIGIT)]: results }, ranges } };
}

/**
 * The denoise widget's first frame: the default digit, and each model's output for its noisy copy (made by the widget's own
 * corruptDigit from the default seed), with PSNR and BCE against the clean digit computed as the widget computes them.
 */
export function denoiseFrame(weights: string, manifest: Manifest): { groups: FrameGroupPixels[]; extra: Record<string, unknown> } {
  const images = readHeldoutImages(weights, manifest);
  const { digit, kind, level, seed } = defaultFrameState();
  const clean = images.slice(digit * 784, (digit + 1) * 784);
  const noisy = corruptDigit(clean, kind, level, seed);
  const key = frameKey(digit, kind, level, seed);
  const groups: FrameGroupPixels[] = [{ key: cleanKey(digit), pixels: clean, levels: 256 }];
  const scores: Record<string, { psnr: number; bce: number }> = {};
  for (const name of DENOISE_MODELS) {
    const model = readShippedModel(weights, name);
    const { pixels, bce } = tf.tidy(() => {
      const logits = decodeLogits(model, encode(model, tf.tensor2d(noisy, [1, 784])).mu);
      return {
        pixels: tf.sigmoid(logits).dataSync() as Float32Array,
        bce: tf.neg(bernoulliLogLik(logits, tf.tensor2d(clean, [1, 784]))).dataSync()[0]!,
      };
    });
    disposeModel(model);
    groups.push({ key: outputKey(name, key), pixels, levels: 256 });
    scores[name] = { psnr: Number(psnr(clean, pixels).toFixed(6)), bce: Number(bce.toFixed(6)) };
  }
  return { groups, extra: { scores: { [key]: scores } } };
}

/**
 * The retrieval widget's first frame for each of FRAME_QUERIES: the query and its neighbours among held-out digits
 * 0 … DATABASE_SIZE − 1, by code (the shipped encoder's μ) and by pixels, found by the widget's own nearest().
 */
export function retrievalFrame(weights: string, manifest: Manifest): { groups: FrameGroupPixels[]; extra: Record<string, unknown> } {
  const images = readHeldoutImages(weights, manifest);
  const model = readShippedModel(weights, RETRIEVAL_MODEL);
  const mu = encodeGaussians(model, images).mu;
  disposeModel(model);
  const d = mu.length / (images.length / 784);
  const base = images.subarray(0, DATABASE_SIZE * 784);
  const codes = mu.subarray(0, DATABASE_SIZE * d);
  const pictures = (ns: Neighbour[]) => {
    const px = new Float32Array(ns.length * 784);
    ns.forEach((n, k) => px.set(images.subarray(n.index * 784, (n.index + 1) * 784), k * 784));
    return px;
  };
  const groups: FrameGroupPixels[] = [];
  const neighbours: Record<string, Record<'code' | 'pixel', Neighbour[]>> = {};
  for (const q of FRAME_QUERIES) {
    const skip = q < DATABASE_SIZE ? q : -1;
    const round = (ns: Neighbour[]) => ns.map((n) => ({ index: n.index, distance: Number(n.distance.toFixed(6)) }));
    const code = round(nearest(mu.subarray(q * d, (q + 1) * d), codes, d, DATABASE_SIZE, undefined, skip));
    const pixel = round(nearest(images.subarray(q * 784, (q + 1) * 784), base, 784, DATABASE_SIZE, undefined, skip));
    neighbours[String(q)] = { code, pixel };
    groups.push(
      { key: queryKey(q), pixels: images.slice(q * 784, (q + 1) * 784), levels: 256 },
      { key: rowKey('code', q), pixels: pictures(code), levels: 256 },
      { key: rowKey('pixel', q), pixels: pictures(pixel), levels: 256 },
    );
  }
  return { groups, extra: { neighbours } };
}

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
): { exact: Map<string, Float32Array>; png: Uint8Array; record: DecodedFramesRecord & Record<string, unknown> } {
  let groups: FrameGroupPixels[];
  let extra: Record<string, unknown> = {};
  if (spec.compute) ({ groups, extra } = spec.compute(weights, manifest));
  else {
    const model = readShippedModel(weights, spec.model);
    groups = spec.requests(readHeldoutMu(weights, manifest, spec.model)).map((r) => {
      const out = tf.tidy(() => decode(model, tf.tensor2d(r.codes)));
      const pixels = out.dataSync() as Float32Array;
      out.dispose();
      return { key: r.key, pixels, levels: r.levels };
    });
    disposeModel(model);
  }
  const exact = new Map(groups.map((g) => [g.key, g.pixels]));
  const packed = packFrames(groups);
  const png = new Uint8Array(encodeGreyPng(packed.grey, packed.width, packed.height));
  const path = `${spec.model}/${spec.widget}-frames.png`;
  const how = spec.compute ? `computed ahead of time with ${spec.model}` : `decoded ahead of time by ${spec.model}`;
  return {
    exact,
    png,
    record: {
      description: `${spec.widget}'s first frame in its default state, ${how} (scripts/eval-frames.ts; src/widgets/shared/decoded-frames.ts): 28 × 28 tiles, 16 to a row, in named groups.`,
      path,
      sha256: sha256(png),
      bytes: png.length,
      width: packed.width,
      height: packed.height,
      groups: packed.groups,
      ...extra,
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

/** The record fields a spec adds beside the pictures (retrieval's neighbours), by name. */
export function extraFields(record: Record<string, unknown>): Record<string, unknown> {
  const base = new Set(['description', 'path', 'sha256', 'bytes', 'width', 'height', 'groups']);
  return Object.fromEntries(Object.entries(record).filter(([k]) => !base.has(k)));
}

/** Whether two JSON values are equal, numbers within `tol`. */
export function sameWithin(a: unknown, b: unknown, tol: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tol;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameWithin(v, b[i], tol));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameWithin(ka, kb, 0) && ka.every((k) => sameWithin((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol));
  }
  return a === b;
}
