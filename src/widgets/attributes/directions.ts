// Attribute directions in latent space: the mean code of the digits with the most of an attribute minus the mean code
// of those with the least, pooled over all digits or computed within each class and averaged.

export type GroupMode = 'pooled' | 'within-class';

export interface Direction {
  /** The direction v (length d). */
  v: Float32Array;
  /** Mean attribute value of the "most" and "least" groups (pooled over classes). */
  highMean: number;
  lowMean: number;
  /** How many digits of each class (0–9) fell into the "most" and "least" groups. */
  highCounts: number[];
  lowCounts: number[];
}

/** Indices of `idx` sorted by value, and the lowest and highest `fraction` of them (at least one each). */
function extremes(idx: number[], values: ArrayLike<number>, fraction: number): { low: number[]; high: number[] } {
  const sorted = [...idx].sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const k = Math.max(1, Math.floor(sorted.length * fraction));
  return { low: sorted.slice(0, k), high: sorted.slice(sorted.length - k) };
}

/** Mean of the codes (rows of `codes`, d per row) of the digits in `idx`. */
export function meanCode(codes: ArrayLike<number>, d: number, idx: number[]): Float32Array {
  const out = new Float32Array(d);
  for (const i of idx) for (let j = 0; j < d; j++) out[j]! += codes[i * d + j] ?? 0;
  for (let j = 0; j < d; j++) out[j]! /= idx.length || 1;
  return out;
}

/**
 * The attribute direction from n codes (n × d), their measured attribute values and class labels. 'pooled': top minus
 * bottom `fraction` of all digits. 'within-class': the same difference inside each class (classes with fewer than 8
 * digits are skipped), averaged with equal weight, so that class composition cannot leak into the direction.
 */
export function attributeDirection(
  codes: ArrayLike<number>,
  d: number,
  values: ArrayLike<number>,
  labels: ArrayLike<number>,
  mode: GroupMode,
  fraction = 0.25,
): Direction {
  const n = labels.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const highCounts = new Array<number>(10).fill(0);
  const lowCounts = new Array<number>(10).fill(0);
  const high: number[] = [];
  const low: number[] = [];
  const v = new Float32Array(d);
  if (mode === 'pooled') {
    const g = extremes(all, values, fraction);
    high.push(...g.high);
    low.push(...g.low);
    const a = meanCode(codes, d, g.high);
    const b = meanCode(codes, d, g.low);
    for (let j = 0; j < d; j++) v[j] = a[j]! - b[j]!;
  } else {
    let used = 0;
    for (let c = 0; c < 10; c++) {
      const idx = all.filter((i) => labels[i] === c);
      if (idx.length < 8) continue;
      const g = extremes(idx, values, fraction);
      high.push(...g.high);
      low.push(...g.low);
      const a = meanCode(codes, d, g.high);
      const b = meanCode(codes, d, g.low);
      for (let j = 0; j < d; j++) v[j]! += a[j]! - b[j]!;
      used++;
    }
    for (let j = 0; j < d; j++) v[j]! /= used || 1;
  }
  for (const i of high) highCounts[labels[i]!]!++;
  for (const i of low) lowCounts[labels[i]!]!++;
  const mean = (idx: number[]) => idx.reduce((s, i) => s + (values[i] ?? 0), 0) / (idx.length || 1);
  return { v, highMean: mean(high), lowMean: mean(low), highCounts, lowCounts };
}

/** The class whose share differs most between the "most" and the "least" group (either way), with both shares (0–1). */
export function mostSkewedClass(dir: Direction): { digit: number; highShare: number; lowShare: number } {
  const hn = dir.highCounts.reduce((a, b) => a + b, 0) || 1;
  const ln = dir.lowCounts.reduce((a, b) => a + b, 0) || 1;
  let best = 0;
  let gap = -Infinity;
  for (let c = 0; c < 10; c++) {
    const g = Math.abs(dir.highCounts[c]! / hn - dir.lowCounts[c]! / ln);
    if (g > gap) {
      gap = g;
      best = c;
    }
  }
  return { digit: best, highShare: dir.highCounts[best]! / hn, lowShare: dir.lowCounts[best]! / ln };
}

/** Codes z + α·v for each α (rows of the result, d per row). */
export function pathAlong(z: ArrayLike<number>, v: ArrayLike<number>, alphas: readonly number[]): number[][] {
  return alphas.map((a) => Array.from({ length: v.length }, (_, j) => (z[j] ?? 0) + a * (v[j] ?? 0)));
}

/** n evenly spaced values from lo to hi (inclusive). */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
}
