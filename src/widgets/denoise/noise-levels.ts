// The widget's three corruptions and their levels, mapped onto the training code's Corruption (src/lib/models/noise.ts).
import { corrupt, type Corruption } from '../../lib/models/noise.ts';
import { Rng } from '../../lib/models/rng.ts';

export const NOISE_KINDS = ['gaussian', 'salt-pepper', 'block'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export interface LevelRange {
  /** Radio-button label. */
  name: string;
  /** Slider label, naming the symbol used in chapter 2. */
  label: string;
  min: number;
  max: number;
  step: number;
  decimals: number;
  /** The level a fresh widget (or a switch to this kind with no level) starts at. */
  initial: number;
  /** The range `dae` was trained on (randomCorruption in src/lib/models/noise.ts). */
  trained: [number, number];
  /** Symbol and unit, for "trained on η from 0.10 to 0.60". */
  symbol: string;
  unit: string;
  /** The level in words, for aria-valuetext and the status line. */
  describe(v: number): string;
}

/** Slider ranges per kind: η (noise std), ρ (fraction of pixels hit), b (side of the erased square, pixels). */
export const LEVELS: Record<NoiseKind, LevelRange> = {
  gaussian: {
    name: 'Gaussian noise',
    label: 'Noise std η',
    min: 0,
    max: 1,
    step: 0.05,
    decimals: 2,
    initial: 0.5,
    trained: [0.1, 0.6],
    symbol: 'η',
    unit: '',
    describe: (v) => `η = ${v.toFixed(2)}: Gaussian noise with standard deviation ${v.toFixed(2)} on every pixel`,
  },
  'salt-pepper': {
    name: 'Salt-and-pepper',
    label: 'Fraction hit ρ',
    min: 0,
    max: 0.6,
    step: 0.01,
    decimals: 2,
    initial: 0.2,
    trained: [0.05, 0.4],
    symbol: 'ρ',
    unit: '',
    describe: (v) => `ρ = ${v.toFixed(2)}: about ${Math.round(v * 100)}% of pixels set to black or white`,
  },
  block: {
    name: 'Block mask',
    label: 'Block side b (px)',
    min: 0,
    max: 20,
    step: 1,
    decimals: 0,
    initial: 14,
    trained: [6, 14],
    symbol: 'b',
    unit: ' px',
    describe: (v) => `b = ${Math.round(v)}: a ${Math.round(v)} by ${Math.round(v)} pixel square erased`,
  },
};

/** Snaps a level to its kind's step and range. */
export function clampLevel(kind: NoiseKind, v: number): number {
  const r = LEVELS[kind];
  if (!Number.isFinite(v)) return r.initial;
  const snapped = r.min + Math.round((v - r.min) / r.step) * r.step;
  return Number(Math.min(r.max, Math.max(r.min, snapped)).toFixed(r.decimals));
}

/** The level to use: a negative level (none given) means the kind's initial level; others are clamped. */
export function resolveLevel(kind: NoiseKind, v: number): number {
  return v < 0 ? LEVELS[kind].initial : clampLevel(kind, v);
}

/** The same fraction of the new kind's range, so a switch keeps "how strong" roughly the same. */
export function convertLevel(from: NoiseKind, to: NoiseKind, v: number): number {
  const a = LEVELS[from];
  const b = LEVELS[to];
  const t = (v - a.min) / (a.max - a.min);
  return clampLevel(to, b.min + t * (b.max - b.min));
}

/** The training code's Corruption for a kind and level. */
export function corruptionFor(kind: NoiseKind, level: number): Corruption {
  if (kind === 'gaussian') return { kind: 'gaussian', std: level };
  if (kind === 'salt-pepper') return { kind: 'saltPepper', fraction: level };
  return { kind: 'block', size: level };
}

/** Whether a level lies inside the range the denoising model was trained on. */
export function inTrainedRange(kind: NoiseKind, level: number): boolean {
  const [lo, hi] = LEVELS[kind].trained;
  return level >= lo - 1e-9 && level <= hi + 1e-9;
}

/** Corrupts one clean digit exactly as training does, with a generator seeded by the widget's seed alone. */
export function corruptDigit(clean: Float32Array, kind: NoiseKind, level: number, seed: number): Float32Array {
  return corrupt(clean, corruptionFor(kind, level), new Rng(`denoise-${seed}`));
}

/** Where the block mask fell (row, column of its top-left pixel, side), found by masking an all-ink image with the same seed. */
export function blockBox(level: number, seed: number): { row: number; col: number; size: number } | null {
  const masked = corruptDigit(new Float32Array(784).fill(1), 'block', level, seed);
  let row = 28;
  let col = 28;
  let last = -1;
  for (let i = 0; i < 784; i++) {
    if (masked[i] !== 0) continue;
    row = Math.min(row, Math.floor(i / 28));
    col = Math.min(col, i % 28);
    last = i;
  }
  return last < 0 ? null : { row, col, size: Math.floor(last / 28) - row + 1 };
}
