// Serialisation in TensorFlow.js's weights format: model.json (weightsManifest + spec) and binary shards,
// one shard per part (encoder / decoder / classifier) so a widget can fetch only the part it needs.
import * as tf from '@tensorflow/tfjs-core';
import { deflateSync, inflateSync } from 'fflate';
import type { ModelSpec } from './spec.ts';
import type { Model } from './model.ts';
import type { Params } from './layers.ts';

/**
 * How one tensor is stored: raw float32, float16, or affine codes (value = q * scale + min) with 2^8, 2^7 or 2^6 levels. Every
 * code takes one byte, so tfjs reads all three as its own uint8 quantization; fewer levels pay only in a deflated shard, where
 * the unused bits of each byte cost nearly nothing.
 */
export type Storage = 'float32' | 'float16' | 'uint8' | 'uint7' | 'uint6';

/** Affine levels of each code storage. */
const LEVELS: Partial<Record<Storage, number>> = { uint8: 256, uint7: 128, uint6: 64 };

/** How a shard file is packed: as it is, or raw deflate (RFC 1951) of those bytes. */
export type ShardCompression = 'deflate';

/** Storage choice per tensor: `large` for tensors with >= largeThreshold values, `small` otherwise; `overrides` by exact name. */
export interface StoragePolicy {
  large: Storage;
  small: Storage;
  largeThreshold?: number;
  overrides?: Record<string, Storage>;
  /** Deflate each shard (the browser then downloads the compressed file and inflates it). */
  compression?: ShardCompression;
}

/** One weights group of model.json: the shard files and the tensors they hold, in order. */
export interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
  /** Present when the shard file is compressed; `bytes` is then the size of the inflated data tfjs decodes. */
  compression?: { method: ShardCompression; bytes: number };
}

/** Contents of weights/<name>/model.json. */
export interface ModelJson {
  format: 'vae-explorable-weights';
  formatVersion: 1;
  generatedBy: string;
  weightsManifest: WeightsGroup[];
  userDefinedMetadata: {
    name: string;
    spec: ModelSpec;
    /** parts[i] names weightsManifest[i], e.g. 'encoder' or 'decoder'. */
    parts: string[];
  };
}

/** A file to write next to model.json. */
export interface ShardFile {
  path: string;
  bytes: Uint8Array;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 -> IEEE half bits, round to nearest even, with subnormals and overflow to infinity. */
export function float32ToFloat16Bits(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** Encodes values with the given storage; returns bytes and the manifest quantization field. */
export function quantize(values: Float32Array, storage: Storage): { bytes: Uint8Array; quantization?: tf.io.WeightsManifestEntry['quantization'] } {
  if (storage === 'float32') return { bytes: new Uint8Array(values.slice().buffer) };
  if (storage === 'float16') {
    const out = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]!);
    return { bytes: new Uint8Array(out.buffer), quantization: { dtype: 'float16' } };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const top = LEVELS[storage]! - 1;
  // Store scale and min as float32-exact numbers so every decoder reproduces the same values.
  const scale = Math.fround((max - min) / top || 1);
  min = Math.fround(min);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.max(0, Math.min(top, Math.round((values[i]! - min) / scale)));
  return { bytes: out, quantization: { dtype: 'uint8', scale, min } };
}

/** The storage a policy picks for one tensor. */
export function storageFor(policy: StoragePolicy, name: string, size: number): Storage {
  return policy.overrides?.[name] ?? (size >= (policy.largeThreshold ?? 4096) ? policy.large : policy.small);
}

/** Part of a parameter name: its first path segment ('encoder', 'decoder', 'classifier'). */
export function partOf(name: string): string {
  return name.split('/')[0]!;
}

/** A shard's bytes as shipped: deflated by fflate, plain JavaScript, so the same weights give the same file on every machine. */
export function packShard(bytes: Uint8Array, method: ShardCompression): Uint8Array {
  if (method !== 'deflate') throw new Error(`unknown shard compression ${String(method)}`);
  return deflateSync(bytes, { level: 9, mem: 12 });
}

/** Serialises a model: model.json plus one shard per part, named `<name>.<part>.bin`. */
export function encodeModel(
  name: string,
  model: Model,
  policy: StoragePolicy,
  generatedBy = 'scripts/train.ts',
): { modelJson: ModelJson; files: ShardFile[] } {
  const names = Object.keys(model.params).sort();
  const parts = [...new Set(names.map(partOf))].sort();
  const groups: WeightsGroup[] = [];
  const files: ShardFile[] = [];
  for (const part of parts) {
    const weights: tf.io.WeightsManifestEntry[] = [];
    const chunks: Uint8Array[] = [];
    for (const n of names.filter((k) => partOf(k) === part)) {
      const t = model.params[n]!;
      const { bytes, quantization } = quantize(t.dataSync() as Float32Array, storageFor(policy, n, t.size));
      weights.push({ name: n, shape: t.shape.slice(), dtype: 'float32', ...(quantization ? { quantization } : {}) });
      chunks.push(bytes);
    }
    const total = chunks.reduce((a, c) => a + c.length, 0);
    const buf = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      buf.set(c, off);
      off += c.length;
    }
    const path = `${name}.${part}.bin`;
    if (policy.compression) {
      groups.push({ paths: [path], weights, compression: { method: policy.compression, bytes: buf.length } });
      files.push({ path, bytes: packShard(buf, policy.compression) });
    } else {
      groups.push({ paths: [path], weights });
      files.push({ path, bytes: buf });
    }
  }
  const modelJson: ModelJson = {
    format: 'vae-explorable-weights',
    formatVersion: 1,
    generatedBy,
    weightsManifest: groups,
    userDefinedMetadata: { name, spec: model.spec, parts },
  };
  return { modelJson, files };
}

/** Shard paths (relative to model.json) needed for the given parts (default: all). */
export function shardPaths(modelJson: ModelJson, parts?: string[]): string[] {
  const want = parts ?? modelJson.userDefinedMetadata.parts;
  return modelJson.weightsManifest.filter((_, i) => want.includes(modelJson.userDefinedMetadata.parts[i]!)).flatMap((g) => g.paths);
}

/** Bytes tfjs's decodeWeights reads for these tensors (4 per float32, 2 per float16, 1 per quantized code). */
function expectedBytes(weights: tf.io.WeightsManifestEntry[]): number {
  const per = (w: tf.io.WeightsManifestEntry) => (w.quantization?.dtype === 'float16' ? 2 : w.quantization ? 1 : 4);
  return weights.reduce((s, w) => s + per(w) * w.shape.reduce((a, b) => a * b, 1), 0);
}

/** Inflates one group's shard bytes if model.json says they are compressed, checking the result's size. */
export function unpackShard(group: WeightsGroup, bytes: Uint8Array): Uint8Array {
  const c = group.compression;
  const want = expectedBytes(group.weights);
  let out = bytes;
  if (c) {
    if (c.method !== 'deflate') throw new Error(`shard ${group.paths.join(', ')}: unknown compression ${String(c.method)}`);
    try {
      out = inflateSync(bytes, { out: new Uint8Array(c.bytes) });
    } catch (e) {
      throw new Error(`shard ${group.paths.join(', ')}: its deflate data is corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
    if (out.length !== c.bytes) throw new Error(`shard ${group.paths.join(', ')}: inflated to ${out.length} bytes, model.json says ${c.bytes}`);
  }
  if (out.length !== want)
    throw new Error(`shard ${group.paths.join(', ')}: ${out.length} bytes of tensors, its ${group.weights.length} tensors need ${want}`);
  return out;
}

/** Copies a Uint8Array view into its own ArrayBuffer. */
function toArrayBuffer(b: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (b instanceof ArrayBuffer) return b;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * Rebuilds a model from model.json and its shards (path -> bytes). Works in the browser and in Node.
 * With `parts` (e.g. ['decoder']) only those parts are decoded and only their shards are needed.
 */
export function decodeModel(modelJson: ModelJson, shards: Record<string, ArrayBuffer | Uint8Array>, parts?: string[]): Model {
  if (modelJson.format !== 'vae-explorable-weights') throw new Error(`unknown weights format ${String(modelJson.format)}`);
  const meta = modelJson.userDefinedMetadata;
  const want = parts ?? meta.parts;
  const params: Params = {};
  modelJson.weightsManifest.forEach((group, i) => {
    if (!want.includes(meta.parts[i]!)) return;
    const buffers = group.paths.map((p) => {
      const b = shards[p];
      if (!b) throw new Error(`missing shard ${p}`);
      return toArrayBuffer(b);
    });
    const joined = buffers.length === 1 ? buffers[0]! : tf.io.concatenateArrayBuffers(buffers);
    const data = toArrayBuffer(unpackShard(group, new Uint8Array(joined)));
    const tensors = tf.io.decodeWeights(data, group.weights);
    Object.assign(params, tensors);
  });
  return { spec: meta.spec, params };
}
