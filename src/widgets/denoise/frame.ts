// The denoise widget's shipped first frame (shared/decoded-frames.ts): in the default state, the clean digit and both models'
// outputs for its noisy copy (256 grey levels), with their PSNR and BCE against the clean digit as the shipped models give them.
// The noisy copy itself is not shipped: the widget makes it in plain JavaScript from the seed, as training did. With it the first
// frame needs neither TensorFlow.js nor the two models; they come after it. Plain data: the widget, scripts/eval-frames.ts and
// the unit tests share it.
import type { DecodedFramesRecord } from '../shared/decoded-frames.ts';
import { DAE_MODEL, PLAIN_MODEL } from './model-names.ts';
import { resolveLevel, type NoiseKind } from './noise-levels.ts';
import { denoiseSchema } from './state.ts';

/** The model whose assets hold the frame (the other, ae-16, is named in its groups). */
export const FRAME_MODEL = DAE_MODEL;
/** The two models, in the order the widget shows them. */
export const FRAME_MODELS = [DAE_MODEL, PLAIN_MODEL] as const;

/** A request's key, as the widget writes it to data-rendered: digit|kind|level|seed. */
export const frameKey = (digit: number, kind: NoiseKind, level: number, seed: number): string => `${digit}|${kind}|${level}|${seed}`;
/** The group of held-out digit d's clean picture. */
export const cleanKey = (digit: number): string => `clean:${digit}`;
/** The group of one model's output for a request. */
export const outputKey = (model: string, key: string): string => `${model}:${key}`;

/** One model's numbers for a shipped request: PSNR (dB) and BCE (nats) against the clean digit. */
export interface ShippedScore {
  psnr: number;
  bce: number;
}

/** A shipped denoise frame: the pictures, and per request key each model's numbers. */
export interface DenoiseFrameRecord extends DecodedFramesRecord {
  scores: Record<string, Record<string, ShippedScore>>;
}

/** The default state the frame ships for: the default digit, noise kind, its initial level and seed. */
export function defaultFrameState(): { digit: number; kind: NoiseKind; level: number; seed: number } {
  const kind = denoiseSchema.noise.default;
  return { digit: denoiseSchema.digit.default, kind, level: resolveLevel(kind, denoiseSchema.level.default), seed: denoiseSchema.seed.default };
}

/** Whether `rec` ships request `key` of held-out digit `digit`: its clean picture, both outputs and their numbers. */
export function hasDenoiseFrame(rec: DecodedFramesRecord | null, key: string, digit: number): rec is DenoiseFrameRecord {
  const scores = (rec as Partial<DenoiseFrameRecord> | null)?.scores?.[key];
  return (
    !!rec &&
    !!scores &&
    !!rec.groups[cleanKey(digit)] &&
    FRAME_MODELS.every((m) => !!rec.groups[outputKey(m, key)] && Number.isFinite(scores[m]?.psnr) && Number.isFinite(scores[m]?.bce))
  );
}
