// Loads a trained model shipped under weights/ (listed in weights/manifest.json), verified by sha256.
import type * as TF from '@tensorflow/tfjs-core';
import type { TfRuntime } from './backend.ts';

export interface ShippedModel {
  /** Decodes a batch of codes to pixel probabilities (batch × 784), read back asynchronously. */
  decode(tf: typeof TF, z: number[][]): Promise<Float32Array>;
  dispose(): void;
}

/** Fetches, verifies and builds one model (or one part of it). */
export async function loadShippedModel(_rt: TfRuntime, name: string, _opts: { part?: 'decoder' | 'encoder' | 'all'; onProgress?: (fraction: number) => void } = {}): Promise<ShippedModel> {
  throw new Error(`Model ${name} is not available yet.`);
}
