// The five autoencoders compared, and the plain-number logic around them: which load before the first frame,
// code statistics over held-out digits, sparsity counts, pushed codes, the bar chart's shared range. No DOM, no tfjs.

/** Length of every compared model's code. */
export const CODE_DIM = 16;
/** Held-out digits encoded to find each code entry's mean and extremes (the first this many of the sprite). */
export const STATS_DIGITS = 500;
/** An entry counts as near zero when its size is below this fraction of the digit's largest entry (as the manifest's nearZeroCode). */
export const NEAR_ZERO_FRACTION = 0.1;

export interface Variant {
  /** Model name in weights/manifest.json. */
  name: string;
  title: string;
  blurb: string;
}

/** The five models, in the order the chapter introduces them (and the order they load in). */
export const VARIANTS: readonly Variant[] = [
  { name: 'ae-16', title: 'Shallow dense', blurb: 'one hidden layer of 64 on each side' },
  { name: 'ae-deep', title: 'Deep dense', blurb: 'two hidden layers of 32 on each side' },
  { name: 'ae-conv', title: 'Convolutional', blurb: 'two 3×3 conv + pool blocks, mirrored' },
  { name: 'ae-sparse', title: 'Sparse', blurb: 'as shallow, ReLU code + L1 penalty' },
  { name: 'dae', title: 'Denoising', blurb: 'as shallow, trained on corrupted digits' },
];

/** Splits models (in order) into those whose files fit the first-frame byte budget together and those that load after. */
export function loadPlan(models: readonly { name: string; bytes: number }[], limit: number): { first: string[]; later: string[] } {
  const first: string[] = [];
  const later: string[] = [];
  let used = 0;
  for (const m of models) {
    if (later.length === 0 && used + m.bytes <= limit) {
      first.push(m.name);
      used += m.bytes;
    } else later.push(m.name);
  }
  return { first, later };
}

export interface CodeStats {
  n: number;
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
}

/** Per-entry minimum, maximum and mean of n codes (n × d, row-major). */
export function codeStats(codes: ArrayLike<number>, n: number, d: number): CodeStats {
  const min = new Float32Array(d).fill(Infinity);
  const max = new Float32Array(d).fill(-Infinity);
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = codes[i * d + j]!;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
      sum[j]! += v;
    }
  return { n, min, max, mean: Float32Array.from(sum, (s) => s / Math.max(1, n)) };
}

/** Merges statistics of two disjoint batches. */
export function mergeStats(a: CodeStats | null, b: CodeStats): CodeStats {
  if (!a || a.n === 0) return b;
  const n = a.n + b.n;
  return {
    n,
    min: a.min.map((v, j) => Math.min(v, b.min[j]!)),
    max: a.max.map((v, j) => Math.max(v, b.max[j]!)),
    mean: a.mean.map((v, j) => (v * a.n + b.mean[j]! * b.n) / n),
  };
}

/** Whether each entry is near zero: |z_k| below `fraction` of the largest |z_j| (all-zero codes: every entry). */
export function nearZeroMask(code: ArrayLike<number>, fraction = NEAR_ZERO_FRACTION): boolean[] {
  let big = 0;
  for (let k = 0; k < code.length; k++) big = Math.max(big, Math.abs(code[k]!));
  return Array.from({ length: code.length }, (_, k) => big === 0 || Math.abs(code[k]!) < fraction * big);
}

/** How many entries of a code are near zero (see nearZeroMask). */
export function nearZeroCount(code: ArrayLike<number>, fraction = NEAR_ZERO_FRACTION): number {
  return nearZeroMask(code, fraction).filter(Boolean).length;
}

/** A copy of `base` with entry `k` (0-based) replaced by `value`. */
export function pushCode(base: ArrayLike<number>, k: number, value: number): Float32Array {
  const out = Float32Array.from(base);
  if (k >= 0 && k < out.length) out[k] = value;
  return out;
}

/** The bar chart's value range, shared by every model: all held-out extremes and current codes, with zero inside. */
export function sharedRange(stats: readonly (CodeStats | null)[], codes: readonly (ArrayLike<number> | null)[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const s of stats)
    if (s)
      for (let j = 0; j < s.min.length; j++) {
        lo = Math.min(lo, s.min[j]!);
        hi = Math.max(hi, s.max[j]!);
      }
  for (const c of codes)
    if (c)
      for (let j = 0; j < c.length; j++) {
        lo = Math.min(lo, c[j]!);
        hi = Math.max(hi, c[j]!);
      }
  if (hi - lo < 1e-6) return [-1, 1];
  // Round outward to whole numbers so the axis keeps still while codes change inside it.
  return [Math.floor(lo), Math.ceil(hi)];
}

/** "106 KB" (decimal kilobytes, as the article's <Metric name="bytes">). */
export function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${Math.round(bytes / 1e3)} KB`;
}

/** A signed number with a true minus sign. */
export function signed(v: number, decimals = 1): string {
  const s = v.toFixed(decimals);
  return v < 0 && Number(s) !== 0 ? `−${s.slice(1)}` : s.replace(/^-/, '');
}
