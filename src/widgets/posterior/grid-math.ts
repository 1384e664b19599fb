// Pure math of the posterior inspector (no tfjs, no DOM): latent grids, log-sum-exp quadrature of log p(x), the
// window that holds the posterior's mass, its normalised density and highest-density contour levels.

/** A square grid of n × n cells over [x0, x0 + n·step] × [y0, y0 + n·step]; cell (i, j) is column i, row j (row 0 at the bottom). */
export interface Grid {
  x0: number;
  y0: number;
  step: number;
  n: number;
}

/** The grid of n × n cells covering the square of half-width `half` centred on `center`. */
export function squareGrid(center: readonly [number, number], half: number, n: number): Grid {
  return { x0: center[0] - half, y0: center[1] - half, step: (2 * half) / n, n };
}

/** Cell centres of a grid as a flat [z₁, z₂, z₁, z₂, …] array, row by row from the bottom (index j·n + i). */
export function gridPoints(g: Grid): Float32Array {
  const out = new Float32Array(g.n * g.n * 2);
  for (let j = 0; j < g.n; j++)
    for (let i = 0; i < g.n; i++) {
      const k = j * g.n + i;
      out[2 * k] = g.x0 + (i + 0.5) * g.step;
      out[2 * k + 1] = g.y0 + (j + 0.5) * g.step;
    }
  return out;
}

/** log Σ exp(aᵢ), stable for very negative values; −Infinity for an empty or all −Infinity array. */
export function logSumExp(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.exp(a[i]! - m);
  return m + Math.log(s);
}

/**
 * log ∫ exp(f(z)) dz by the midpoint rule on a grid: log-sum-exp over cells of f(zᵢ) + log(cell area).
 * With f = log p(x|z) + log p(z) this is the grid estimate of log p(x).
 */
export function gridLogIntegral(logValues: ArrayLike<number>, g: Grid): number {
  return logSumExp(logValues) + 2 * Math.log(g.step);
}

/** The posterior's probability per cell, p(zᵢ|x)·area, from log p(x, zᵢ) on the grid (sums to 1). */
export function cellProbabilities(logJoint: ArrayLike<number>): Float32Array {
  const lse = logSumExp(logJoint);
  const out = new Float32Array(logJoint.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(logJoint[i]! - lse);
  return out;
}

/**
 * Density thresholds of the highest-density regions that hold each fraction of the mass (e.g. 0.39, 0.86: the mass
 * inside a 2-D Gaussian's 1σ and 2σ ellipses), from cell probabilities. Returned in the order of `masses`.
 */
export function hdrLevels(prob: ArrayLike<number>, masses: readonly number[]): number[] {
  const sorted = Float64Array.from(prob).sort().reverse();
  return masses.map((m) => {
    let acc = 0;
    for (const p of sorted) {
      acc += p;
      if (acc >= m) return p;
    }
    return sorted[sorted.length - 1] ?? 0;
  });
}

/** Mean and standard deviations of the grid posterior along each axis (for captions and tests). */
export function gridMoments(prob: ArrayLike<number>, g: Grid): { mean: [number, number]; sd: [number, number] } {
  let m1 = 0;
  let m2 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < g.n; j++)
    for (let i = 0; i < g.n; i++) {
      const p = prob[j * g.n + i]!;
      const a = g.x0 + (i + 0.5) * g.step;
      const b = g.y0 + (j + 0.5) * g.step;
      m1 += p * a;
      m2 += p * b;
      s1 += p * a * a;
      s2 += p * b * b;
    }
  return { mean: [m1, m2], sd: [Math.sqrt(Math.max(0, s1 - m1 * m1)), Math.sqrt(Math.max(0, s2 - m2 * m2))] };
}

/**
 * The square window for the fine grid: it holds every coarse cell whose log joint is within `drop` nats of the best
 * cell (all the posterior mass that matters), padded by one coarse cell, and q's ±4σ box; at least `minHalf` wide.
 */
export function massWindow(
  logJoint: ArrayLike<number>,
  coarse: Grid,
  q: { mu: readonly [number, number]; sigma: readonly [number, number] },
  drop = 12,
  minHalf = 0.25,
): { center: [number, number]; half: number } {
  let best = -Infinity;
  for (let k = 0; k < logJoint.length; k++) if (logJoint[k]! > best) best = logJoint[k]!;
  let lo1 = q.mu[0] - 4 * q.sigma[0];
  let hi1 = q.mu[0] + 4 * q.sigma[0];
  let lo2 = q.mu[1] - 4 * q.sigma[1];
  let hi2 = q.mu[1] + 4 * q.sigma[1];
  for (let j = 0; j < coarse.n; j++)
    for (let i = 0; i < coarse.n; i++) {
      if (logJoint[j * coarse.n + i]! < best - drop) continue;
      lo1 = Math.min(lo1, coarse.x0 + (i - 1) * coarse.step);
      hi1 = Math.max(hi1, coarse.x0 + (i + 2) * coarse.step);
      lo2 = Math.min(lo2, coarse.y0 + (j - 1) * coarse.step);
      hi2 = Math.max(hi2, coarse.y0 + (j + 2) * coarse.step);
    }
  const half = Math.max(minHalf, (hi1 - lo1) / 2, (hi2 - lo2) / 2);
  return { center: [(lo1 + hi1) / 2, (lo2 + hi2) / 2], half };
}

/** The K values of the bound's curve: 1, 2, 5, 10, 20, 50, …, 1000. */
export const K_VALUES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;
