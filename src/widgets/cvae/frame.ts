// The cvae widget's shipped first frame (shared/decoded-frames.ts): in the default state, the digit at the cursor, the style row
// (the cursor's code with every label) and the grid of samples of the chosen label, decoded ahead of time by cvae-2d at 256 grey
// levels, with the classifier's probabilities for the cursor's digit and its reading of every other image. With it the first
// frame needs neither TensorFlow.js, nor cvae-2d, nor the classifier; they come after it (the maps come from the shipped μ, as
// before). Plain data: the widget, scripts/eval-frames.ts and the unit tests share it.
import type { DecodedFramesRecord } from '../shared/decoded-frames.ts';
import { gridCoords } from '../shared/normal.ts';
import { cvaeSchema, SAMPLE_SIDE } from './state.ts';

export const FRAME_MODEL = 'cvae-2d';

/** The group of the digit decoded at code (x, y) with label k (coordinates to the URL's two decimals). */
export const cursorKey = (k: number, x: number, y: number): string => `cursor:${k}:${x.toFixed(2)},${y.toFixed(2)}`;
/** The group of the style row: code (x, y) decoded with each label 0–9. */
export const styleKey = (x: number, y: number): string => `style:${x.toFixed(2)},${y.toFixed(2)}`;
/** The group of the SAMPLE_SIDE² samples of label k. */
export const samplesKey = (k: number): string => `samples:${k}`;

/** The samples' codes, row by row from the top (largest z₂) and left: evenly spaced quantiles of the prior. */
export function sampleCodes(): number[][] {
  const c = gridCoords(SAMPLE_SIDE);
  const zs: number[][] = [];
  for (let r = 0; r < SAMPLE_SIDE; r++) for (let q = 0; q < SAMPLE_SIDE; q++) zs.push([c[q]!, c[SAMPLE_SIDE - 1 - r]!]);
  return zs;
}

/** A shipped cvae frame: the pictures, the cursor digit's class probabilities and the classifier's reading of each row. */
export interface CvaeFrameRecord extends DecodedFramesRecord {
  /** By cursor group: the classifier's ten probabilities. */
  probs: Record<string, number[]>;
  /** By style or samples group: the classifier's top class for each image. */
  reads: Record<string, number[]>;
}

/** The default state the frame ships: label, and the cursor's code. */
export const defaultCvaeState = (): { label: number; x: number; y: number } => ({
  label: cvaeSchema.label.default,
  x: cvaeSchema.x.default,
  y: cvaeSchema.y.default,
});

/** Whether `rec` ships state (label, x, y): its three groups, the cursor's probabilities and both rows' readings. */
export function hasCvaeFrame(rec: DecodedFramesRecord | null, label: number, x: number, y: number): rec is CvaeFrameRecord {
  const r = rec as Partial<CvaeFrameRecord> | null;
  const keys = [cursorKey(label, x, y), styleKey(x, y), samplesKey(label)];
  return !!rec && keys.every((k) => !!rec.groups[k]) && !!r?.probs?.[keys[0]!] && !!r.reads?.[keys[1]!] && !!r.reads[keys[2]!];
}
