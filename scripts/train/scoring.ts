// Held-out scores shared by the per-epoch log and the storage comparison, and what each storage policy would cost.
import { Rng, decodeModel, disposeModel, encodeModel, evaluateAutoencoder, evaluateClassifier, type Model } from '../../src/lib/models/index.ts';
import type { AutoencoderConfig, TrainConfig } from './config.ts';
import { corruptHeldout } from './inputs.ts';
import { round, type ModelRecord } from './record.ts';

/** An autoencoder's held-out evaluation as the manifest scores it: the DAE on corrupted inputs, the CVAE with labels. */
export function heldoutScores(cfg: AutoencoderConfig, model: Model, H: Float32Array, labels: Uint8Array, seed: string) {
  return evaluateAutoencoder(model, H, {
    rng: new Rng(seed),
    labels,
    numClasses: cfg.spec.numClasses,
    inputs: cfg.denoise ? corruptHeldout(H) : undefined,
  });
}

/** Shard bytes and the headline held-out metric of `model` stored as float32, float16, uint8 with float16, or 8/7/6-bit codes deflated. */
export function compareStorage(
  cfg: TrainConfig,
  model: Model,
  H: Float32Array,
  labels: Uint8Array,
  seed: string,
): ModelRecord['storageAlternatives'] {
  const out: ModelRecord['storageAlternatives'] = [];
  for (const [label, policy] of [
    ['float32', { large: 'float32', small: 'float32' }],
    ['float16', { large: 'float16', small: 'float16' }],
    ['uint8 (large tensors) + float16', { large: 'uint8', small: 'float16' }],
    ['uint8 (large tensors) + float16, deflated', { large: 'uint8', small: 'float16', compression: 'deflate' }],
    ['7-bit codes (large tensors) + float16, deflated', { large: 'uint7', small: 'float16', compression: 'deflate' }],
    ['6-bit codes (large tensors) + float16, deflated', { large: 'uint6', small: 'float16', compression: 'deflate' }],
  ] as const) {
    const enc = encodeModel(cfg.name, model, policy);
    const m2 = decodeModel(enc.modelJson, Object.fromEntries(enc.files.map((f) => [f.path, f.bytes])));
    const bytes = enc.files.reduce((a, f) => a + f.bytes.length, 0);
    if (cfg.type === 'autoencoder') {
      const ac = cfg as AutoencoderConfig;
      const ev = heldoutScores(ac, m2, H, labels, seed);
      out.push({
        storage: label,
        bytes,
        metric: ev.negElbo !== undefined ? 'negElbo' : ac.denoise ? 'noisyBce' : 'bce',
        value: round(ev.negElbo ?? ev.bce),
      });
    } else {
      out.push({ storage: label, bytes, metric: 'accuracy', value: round(evaluateClassifier(m2, H, labels).accuracy) });
    }
    disposeModel(m2);
  }
  return out;
}
