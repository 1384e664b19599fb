// The anomaly widget's inputs, in plain JavaScript: the held-out digits it treats as normal, and the anomalies it makes
// from other held-out digits (noise, rotation, inversion, an ink block) or from nothing (random strokes, uniform noise).
// Seeded, so the widget and scripts/eval-anomaly.ts (which writes the manifest's AUCs) build the very same images.
import { Rng } from '../../lib/models/rng.ts';

const PIXELS = 784;
/** How many held-out digits are scored as normal (digits 0 … 199) and how many anomalies are made (from digits 200 … 399). */
export const SET_SIZE = 200;
export const NORMAL_FIRST = 0;
export const ANOMALY_FIRST = 200;

export const ANOMALY_KINDS = ['noise', 'rotate', 'invert', 'block', 'strokes', 'uniform'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface KindInfo {
  /** Radio label. */
  name: string;
  /** Slider label. */
  label: string;
  min: number;
  max: number;
  step: number;
  /** The default strength, at which the manifest's AUC is computed. */
  initial: number;
  decimals: number;
  /** The manifest metric (vae-16d) holding the AUC at the default strength. */
  metric: string;
  /** Whether the anomalies are made from held-out digits (the others are drawn from nothing). */
  fromDigits: boolean;
  describe(v: number): string;
}

export const KINDS: Record<AnomalyKind, KindInfo> = {
  noise: {
    name: 'Gaussian noise',
    label: 'Noise std σ',
    min: 0,
    max: 0.5,
    step: 0.01,
    initial: 0.05,
    decimals: 2,
    metric: 'anomalyAucNoise',
    fromDigits: true,
    describe: (v) => `held-out digits with Gaussian pixel noise of std ${v.toFixed(2)}, clipped to [0, 1]`,
  },
  rotate: {
    name: 'Rotation',
    label: 'Angle (degrees)',
    min: 0,
    max: 180,
    step: 15,
    initial: 90,
    decimals: 0,
    metric: 'anomalyAucRotate',
    fromDigits: true,
    describe: (v) => `held-out digits turned by ${v.toFixed(0)}°`,
  },
  invert: {
    name: 'Inverted colours',
    label: 'Inversion α',
    min: 0,
    max: 1,
    step: 0.05,
    initial: 1,
    decimals: 2,
    metric: 'anomalyAucInvert',
    fromDigits: true,
    describe: (v) =>
      v >= 1 ? 'held-out digits with ink and paper swapped' : `held-out digits moved ${(100 * v).toFixed(0)}% of the way to their inverse`,
  },
  block: {
    name: 'Ink block',
    label: 'Block side (pixels)',
    min: 0,
    max: 20,
    step: 1,
    initial: 10,
    decimals: 0,
    metric: 'anomalyAucBlock',
    fromDigits: true,
    describe: (v) => `held-out digits with a solid ${v.toFixed(0)} × ${v.toFixed(0)} pixel square of ink at a random place`,
  },
  strokes: {
    name: 'Random strokes',
    label: 'Strokes',
    min: 1,
    max: 8,
    step: 1,
    initial: 3,
    decimals: 0,
    metric: 'anomalyAucStrokes',
    fromDigits: false,
    describe: (v) => `non-digits: ${v.toFixed(0)} random pen stroke${v === 1 ? '' : 's'} of digit thickness`,
  },
  uniform: {
    name: 'Uniform noise',
    label: 'Brightest pixel',
    min: 0.01,
    max: 1,
    step: 0.01,
    initial: 0.05,
    decimals: 2,
    metric: 'anomalyAucUniform',
    fromDigits: false,
    describe: (v) => `non-digits: every pixel uniform between 0 and ${v.toFixed(2)}`,
  },
};

/** A strength inside the kind's range on its step grid; −1 (or anything unusable) gives the kind's initial strength. */
export function resolveStrength(kind: AnomalyKind, v: number): number {
  const k = KINDS[kind];
  if (!Number.isFinite(v) || v < k.min || v > k.max) return k.initial;
  return Number((Math.round((v - k.min) / k.step) * k.step + k.min).toFixed(k.decimals));
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Rotates a 28×28 image by `deg` degrees about its centre (bilinear; exact for multiples of 90°). */
export function rotateDigit(x: ArrayLike<number>, deg: number): Float32Array {
  const out = new Float32Array(PIXELS);
  const t = (deg * Math.PI) / 180;
  // Round cos and sin so that 90° and 180° are exact pixel permutations.
  const c = Math.round(Math.cos(t) * 1e12) / 1e12;
  const s = Math.round(Math.sin(t) * 1e12) / 1e12;
  const at = (r: number, q: number) => (r >= 0 && r < 28 && q >= 0 && q < 28 ? (x[r * 28 + q] ?? 0) : 0);
  for (let r = 0; r < 28; r++)
    for (let q = 0; q < 28; q++) {
      // The source of output pixel (r, q): turn back by deg.
      const dy = r - 13.5;
      const dx = q - 13.5;
      const sy = c * dy - s * dx + 13.5;
      const sx = s * dy + c * dx + 13.5;
      const r0 = Math.floor(sy);
      const q0 = Math.floor(sx);
      const fy = sy - r0;
      const fx = sx - q0;
      out[r * 28 + q] = (1 - fy) * ((1 - fx) * at(r0, q0) + fx * at(r0, q0 + 1)) + fy * ((1 - fx) * at(r0 + 1, q0) + fx * at(r0 + 1, q0 + 1));
    }
  return out;
}

/** Ink of a pen stroke from (x0, y0) to (x1, y1), about two pixels wide with soft edges, added onto img. */
function drawStroke(img: Float32Array, x0: number, y0: number, x1: number, y1: number): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy || 1;
  for (let r = 0; r < 28; r++)
    for (let q = 0; q < 28; q++) {
      const t = Math.max(0, Math.min(1, ((q - x0) * dx + (r - y0) * dy) / len2));
      const d = Math.hypot(q - (x0 + t * dx), r - (y0 + t * dy));
      img[r * 28 + q] = Math.max(img[r * 28 + q]!, clamp01(1.6 - d));
    }
}

/** One anomaly of `kind` at `strength`: from held-out digit `digit` where the kind uses digits; rng makes the random parts. */
export function makeAnomaly(kind: AnomalyKind, strength: number, digit: ArrayLike<number>, rng: Rng): Float32Array {
  const out = new Float32Array(PIXELS);
  switch (kind) {
    case 'noise':
      for (let j = 0; j < PIXELS; j++) out[j] = clamp01((digit[j] ?? 0) + strength * rng.normal());
      return out;
    case 'rotate':
      return rotateDigit(digit, strength);
    case 'invert':
      for (let j = 0; j < PIXELS; j++) out[j] = (digit[j] ?? 0) + strength * (1 - 2 * (digit[j] ?? 0));
      return out;
    case 'block': {
      out.set(Array.from({ length: PIXELS }, (_, j) => digit[j] ?? 0));
      const side = Math.round(strength);
      const r0 = 4 + rng.int(Math.max(1, 21 - side));
      const q0 = 4 + rng.int(Math.max(1, 21 - side));
      for (let r = r0; r < Math.min(28, r0 + side); r++) for (let q = q0; q < Math.min(28, q0 + side); q++) out[r * 28 + q] = 1;
      return out;
    }
    case 'strokes': {
      const pt = () => 4 + 20 * rng.uniform();
      for (let k = 0; k < Math.round(strength); k++) drawStroke(out, pt(), pt(), pt(), pt());
      return out;
    }
    case 'uniform':
      for (let j = 0; j < PIXELS; j++) out[j] = strength * rng.uniform();
      return out;
  }
}

/** The SET_SIZE anomalies of `kind` at `strength`, made from held-out digits ANOMALY_FIRST … (images: all held-out pixels). */
export function makeAnomalies(kind: AnomalyKind, strength: number, images: Float32Array): Float32Array {
  const rng = new Rng(`anomaly-${kind}`);
  const out = new Float32Array(SET_SIZE * PIXELS);
  for (let i = 0; i < SET_SIZE; i++) {
    const at = (ANOMALY_FIRST + i) * PIXELS;
    out.set(makeAnomaly(kind, strength, images.subarray(at, at + PIXELS), rng), i * PIXELS);
  }
  return out;
}

/** The SET_SIZE held-out digits scored as normal (NORMAL_FIRST …), copied. */
export function normalDigits(images: Float32Array): Float32Array {
  return images.slice(NORMAL_FIRST * PIXELS, (NORMAL_FIRST + SET_SIZE) * PIXELS);
}
