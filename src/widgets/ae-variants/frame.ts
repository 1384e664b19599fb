// The ae-variants widget's shipped first frame (shared/decoded-frames.ts): for the default digit, the digit itself and each
// of the five autoencoders' reconstructions (256 grey levels), with each model's code and BCE as the shipped models give them.
// With it the first frame needs neither TensorFlow.js nor any of the five models; they come after it, one after another.
// Plain data: the widget, scripts/eval-frames.ts and the unit tests share it.
import type { DecodedFramesRecord } from '../shared/decoded-frames.ts';
import { variantsSchema } from './state.ts';
import { VARIANTS } from './variants.ts';

/** The model whose assets hold the frame (the others are named in its groups). */
export const FRAME_MODEL = VARIANTS[0]!.name;
/** The digit the frame ships. */
export const FRAME_DIGIT = variantsSchema.digit.default;

/** The group of held-out digit d's picture. */
export const inputKey = (digit: number): string => `input:${digit}`;
/** The group of one model's reconstruction of digit d. */
export const reconKey = (model: string, digit: number): string => `recon:${model}:${digit}`;

/** One model's numbers for a shipped digit: its code (the encoder's output) and the reconstruction's BCE in nats. */
export interface ShippedResult {
  code: number[];
  bce: number;
}

/** A shipped ae-variants frame: the pictures, per digit each model's code and BCE, and each model's held-out code range. */
export interface VariantsFrameRecord extends DecodedFramesRecord {
  results: Record<string, Record<string, ShippedResult>>;
  /** Per model, each code entry's least and largest value over the first STATS_DIGITS held-out digits (the bars' scale). */
  ranges: Record<string, { min: number[]; max: number[] }>;
}

/** Whether `rec` ships digit `digit` for every model: its picture, each reconstruction, code and BCE. */
export function hasVariantsFrame(rec: DecodedFramesRecord | null, digit: number): rec is VariantsFrameRecord {
  const results = (rec as Partial<VariantsFrameRecord> | null)?.results?.[String(digit)];
  return (
    !!rec &&
    !!results &&
    !!rec.groups[inputKey(digit)] &&
    VARIANTS.every((v) => !!rec.groups[reconKey(v.name, digit)] && Array.isArray(results[v.name]?.code) && Number.isFinite(results[v.name]?.bce))
  );
}
