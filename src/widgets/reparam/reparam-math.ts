// The reparameterization lab's math, free of the DOM: toy objectives f, the exact gradient of E_{z~N(μ,σ²)}[f(z)],
// the score-function (REINFORCE) and pathwise (reparameterization) estimates per sample, and their variances.
//
// Exact values: every f here has a closed-form gradient. The exact variances of the per-sample estimates are
// integrals over ε ~ N(0, 1), computed by the trapezoid rule on QUAD_POINTS points over ε in [-12, 12] (split at the
// step function's jump, so that it stays accurate there); for f(z) = z² they also have the closed form of chapter 6.
import { Rng } from '../../lib/models/rng.ts';
import { normCdf as Phi, normPdf as phi } from '../shared/normal.ts';

export const F_NAMES = ['sq', 'shift', 'sin', 'abs', 'step'] as const;
export type FName = (typeof F_NAMES)[number];

export interface ToyF {
  name: FName;
  /** Label for the UI, in plain text. */
  label: string;
  f(z: number): number;
  /** f'(z), taken as 0 where f has no derivative. */
  df(z: number): number;
  /** The exact objective and gradient of E[f(z)], z ~ N(μ, σ²). */
  exact(mu: number, sigma: number): { value: number; gmu: number; gsigma: number };
  /** Where f or f' jumps (the quadrature splits there), if anywhere. */
  jump?: number;
}

export const FUNCS: Record<FName, ToyF> = {
  sq: {
    name: 'sq',
    label: 'f(z) = z²',
    f: (z) => z * z,
    df: (z) => 2 * z,
    exact: (m, s) => ({ value: m * m + s * s, gmu: 2 * m, gsigma: 2 * s }),
  },
  shift: {
    name: 'shift',
    label: 'f(z) = (z − 2)²',
    f: (z) => (z - 2) ** 2,
    df: (z) => 2 * (z - 2),
    exact: (m, s) => ({ value: (m - 2) ** 2 + s * s, gmu: 2 * (m - 2), gsigma: 2 * s }),
  },
  sin: {
    name: 'sin',
    label: 'f(z) = sin z',
    f: Math.sin,
    df: Math.cos,
    exact: (m, s) => {
      const d = Math.exp(-0.5 * s * s);
      return { value: Math.sin(m) * d, gmu: Math.cos(m) * d, gsigma: -s * Math.sin(m) * d };
    },
  },
  abs: {
    name: 'abs',
    label: 'f(z) = |z|',
    f: Math.abs,
    df: (z) => Math.sign(z),
    exact: (m, s) => {
      const r = m / s;
      return { value: s * 2 * phi(r) + m * (2 * Phi(r) - 1), gmu: 2 * Phi(r) - 1, gsigma: 2 * phi(r) };
    },
    jump: 0,
  },
  step: {
    name: 'step',
    label: 'f(z) = 1 if z > 0, else 0 (a step)',
    f: (z) => (z > 0 ? 1 : 0),
    df: () => 0,
    exact: (m, s) => ({ value: Phi(m / s), gmu: phi(m / s) / s, gsigma: (-m / (s * s)) * phi(m / s) }),
    jump: 0,
  },
};

/** The four per-sample estimates for one noise draw ε (z = μ + σ ε). */
export function perSample(fn: ToyF, mu: number, sigma: number, eps: number): { rfMu: number; rfSigma: number; pwMu: number; pwSigma: number } {
  const z = mu + sigma * eps;
  const fz = fn.f(z);
  const d = fn.df(z);
  return {
    // Score function: f(z) ∂log N(z; μ, σ²)/∂θ, with ∂/∂μ = ε/σ and ∂/∂σ = (ε² − 1)/σ.
    rfMu: (fz * eps) / sigma,
    rfSigma: (fz * (eps * eps - 1)) / sigma,
    // Pathwise: f'(z) ∂z/∂θ, with ∂z/∂μ = 1 and ∂z/∂σ = ε.
    pwMu: d,
    pwSigma: d * eps,
  };
}

export interface Stats {
  /** The S-sample estimate: the average of the per-sample estimates. */
  mean: number;
  /** The variance of one per-sample estimate (unbiased sample variance). */
  variance: number;
  /** The variance of the S-sample estimate: variance / S. */
  varianceOfMean: number;
  /** Its standard error, √(variance / S). */
  se: number;
}

export function stats(xs: Float64Array): Stats {
  const n = xs.length;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  const variance = n > 1 ? m2 / (n - 1) : 0;
  return { mean, variance, varianceOfMean: variance / n, se: Math.sqrt(variance / n) };
}

export type EstimatorKey = 'rfMu' | 'rfSigma' | 'pwMu' | 'pwSigma';
export const ESTIMATORS: EstimatorKey[] = ['rfMu', 'rfSigma', 'pwMu', 'pwSigma'];

/** Draws n seeded noise values and returns every per-sample estimate and their statistics. */
export function sampleEstimates(
  fn: ToyF,
  mu: number,
  sigma: number,
  n: number,
  seed: number,
): { values: Record<EstimatorKey, Float64Array>; stats: Record<EstimatorKey, Stats> } {
  const rng = new Rng(seed);
  const values = { rfMu: new Float64Array(n), rfSigma: new Float64Array(n), pwMu: new Float64Array(n), pwSigma: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const g = perSample(fn, mu, sigma, rng.normal());
    values.rfMu[i] = g.rfMu;
    values.rfSigma[i] = g.rfSigma;
    values.pwMu[i] = g.pwMu;
    values.pwSigma[i] = g.pwSigma;
  }
  return {
    values,
    stats: { rfMu: stats(values.rfMu), rfSigma: stats(values.rfSigma), pwMu: stats(values.pwMu), pwSigma: stats(values.pwSigma) },
  };
}

export const QUAD_POINTS = 6001;

/** E_ε[g(ε)] for ε ~ N(0, 1) by the trapezoid rule on [-12, 12], split at `split` if given. */
export function expectEps(g: (eps: number) => number, split?: number): number {
  const pieces: [number, number][] =
    split !== undefined && split > -12 && split < 12
      ? [
          [-12, split],
          [split, 12],
        ]
      : [[-12, 12]];
  let total = 0;
  for (const [a, b] of pieces) {
    const n = Math.max(3, Math.round((QUAD_POINTS * (b - a)) / 24));
    const h = (b - a) / (n - 1);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      // Evaluate just inside each piece so a jump at its end takes the piece's own side.
      const e = Math.min(b - 1e-12, Math.max(a + 1e-12, a + i * h));
      const w = i === 0 || i === n - 1 ? 0.5 : 1;
      sum += w * g(e) * phi(e);
    }
    total += sum * h;
  }
  return total;
}

/** Mean and variance of each per-sample estimator, by quadrature over ε. */
export function exactMoments(fn: ToyF, mu: number, sigma: number): Record<EstimatorKey, { mean: number; variance: number }> {
  const split = fn.jump !== undefined ? (fn.jump - mu) / sigma : undefined;
  const out = {} as Record<EstimatorKey, { mean: number; variance: number }>;
  for (const k of ESTIMATORS) {
    const m = expectEps((e) => perSample(fn, mu, sigma, e)[k], split);
    const m2 = expectEps((e) => perSample(fn, mu, sigma, e)[k] ** 2, split);
    out[k] = { mean: m, variance: Math.max(0, m2 - m * m) };
  }
  return out;
}

/** Chapter 6's closed-form per-sample variances for f(z) = z². */
export function squareVariances(mu: number, s: number): Record<EstimatorKey, number> {
  return {
    pwMu: 4 * s * s,
    pwSigma: 4 * mu * mu + 8 * s * s,
    rfMu: mu ** 4 / (s * s) + 14 * mu * mu + 15 * s * s,
    rfSigma: (2 * mu ** 4) / (s * s) + 60 * mu * mu + 74 * s * s,
  };
}
