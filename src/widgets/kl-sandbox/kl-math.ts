// The KL sandbox's math, free of the DOM: 1-D Gaussians, their KL in closed form, a seeded Monte Carlo estimate,
// a two-component Gaussian mixture, KL by quadrature, and gradient steps that fit a Gaussian to the mixture.
//
// Quadrature: every integral over z is the trapezoid rule on an even grid of QUAD_POINTS points that spans every
// Gaussian involved by ±QUAD_SPAN standard deviations. Widths are at least 0.1 and means lie in [-5, 5], so the
// spacing is at most about 0.01, a tenth of the narrowest width or less; for Gaussian integrands the trapezoid rule
// at that spacing is accurate far beyond the digits shown (the unit tests check it against the closed form).
// Expectations under q = N(m, s²) of a function of z are taken over ε with z = m + s·ε, on a grid over ε in [-10, 10].

import { Rng } from '../../lib/models/rng.ts';
import { normLogPdf, normPdf } from '../shared/normal.ts';

export const QUAD_POINTS = 4001;
export const QUAD_SPAN = 12;

export interface Gauss {
  m: number;
  s: number;
}

/** A two-component Gaussian mixture: weight w on component a, 1 - w on component b. */
export interface Mixture {
  a: Gauss;
  b: Gauss;
  w: number;
}

/** KL(q‖p) for q = N(m1, s1²), p = N(m2, s2²): log(s2/s1) + (s1² + (m1 - m2)²)/(2 s2²) - 1/2. */
export function klGauss(q: Gauss, p: Gauss): number {
  const d = q.m - p.m;
  return Math.log(p.s / q.s) + (q.s * q.s + d * d) / (2 * p.s * p.s) - 0.5;
}

export interface McEstimate {
  /** The N-sample average of log q(z) - log p(z), z ~ q. */
  mean: number;
  /** Its standard error: the sample standard deviation over √N. */
  se: number;
  n: number;
  /** The first samples drawn (at most `keep`), for drawing a rug. */
  samples: number[];
}

/** Monte Carlo estimate of KL(q‖p) = E_q[log q(z) - log p(z)] from n seeded draws of z ~ q. */
export function mcKl(q: Gauss, p: Gauss, n: number, seed: number, keep = 200): McEstimate {
  const rng = new Rng(seed);
  let mean = 0;
  let m2 = 0;
  const samples: number[] = [];
  for (let i = 1; i <= n; i++) {
    const z = q.m + q.s * rng.normal();
    if (samples.length < keep) samples.push(z);
    const x = normLogPdf(z, q.m, q.s) - normLogPdf(z, p.m, p.s);
    const d = x - mean; // Welford's running mean and variance
    mean += d / i;
    m2 += d * (x - mean);
  }
  const variance = n > 1 ? m2 / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n), n, samples };
}

/** log of the mixture density, by log-sum-exp. */
export function mixtureLogPdf(z: number, p: Mixture): number {
  const la = Math.log(p.w) + normLogPdf(z, p.a.m, p.a.s);
  const lb = Math.log(1 - p.w) + normLogPdf(z, p.b.m, p.b.s);
  const hi = Math.max(la, lb);
  return hi + Math.log(Math.exp(la - hi) + Math.exp(lb - hi));
}

/** d/dz log p(z) for the mixture: the responsibilities times each component's score. */
export function mixtureDLogPdf(z: number, p: Mixture): number {
  const la = Math.log(p.w) + normLogPdf(z, p.a.m, p.a.s);
  const lb = Math.log(1 - p.w) + normLogPdf(z, p.b.m, p.b.s);
  const ra = 1 / (1 + Math.exp(lb - la));
  return ra * (-(z - p.a.m) / (p.a.s * p.a.s)) + (1 - ra) * (-(z - p.b.m) / (p.b.s * p.b.s));
}

/** The mixture's mean and standard deviation. */
export function mixtureMoments(p: Mixture): Gauss {
  const m = p.w * p.a.m + (1 - p.w) * p.b.m;
  const second = p.w * (p.a.s ** 2 + p.a.m ** 2) + (1 - p.w) * (p.b.s ** 2 + p.b.m ** 2);
  return { m, s: Math.sqrt(Math.max(second - m * m, 1e-12)) };
}

/** An even grid spanning each Gaussian by ±QUAD_SPAN standard deviations. */
export function quadGrid(gs: Gauss[], points = QUAD_POINTS): { z: Float64Array; h: number } {
  const lo = Math.min(...gs.map((g) => g.m - QUAD_SPAN * g.s));
  const hi = Math.max(...gs.map((g) => g.m + QUAD_SPAN * g.s));
  const h = (hi - lo) / (points - 1);
  const z = new Float64Array(points);
  for (let i = 0; i < points; i++) z[i] = lo + i * h;
  return { z, h };
}

/** ∫ exp(logA) (logA - logB) dz by the trapezoid rule on a grid: KL(a‖b) for log-densities a and b. */
export function klQuad(logA: (z: number) => number, logB: (z: number) => number, grid: { z: Float64Array; h: number }): number {
  const { z, h } = grid;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const x = z[i]!;
    const la = logA(x);
    const a = Math.exp(la);
    const term = a > 0 ? a * (la - logB(x)) : 0;
    sum += i === 0 || i === z.length - 1 ? term / 2 : term;
  }
  return sum * h;
}

/** KL(q‖p) (reverse, q the Gaussian) and KL(p‖q) (forward) for a Gaussian q and a mixture p, by quadrature. */
export function mixtureKls(q: Gauss, p: Mixture): { reverse: number; forward: number } {
  const grid = quadGrid([q, p.a, p.b]);
  const lq = (z: number) => normLogPdf(z, q.m, q.s);
  const lp = (z: number) => mixtureLogPdf(z, p);
  return { reverse: klQuad(lq, lp, grid), forward: klQuad(lp, lq, grid) };
}

export type Direction = 'forward' | 'reverse';

/** Gradient of the chosen KL with respect to (m, log s). */
export function klGradient(q: Gauss, p: Mixture, dir: Direction): { dm: number; dlogs: number } {
  if (dir === 'forward') {
    // KL(p‖q) = const + log s + (Var_p + (E_p z - m)²) / (2 s²): exact, in closed form.
    const mo = mixtureMoments(p);
    const s2 = q.s * q.s;
    const spread = mo.s * mo.s + (mo.m - q.m) ** 2;
    return { dm: -(mo.m - q.m) / s2, dlogs: 1 - spread / s2 };
  }
  // KL(q‖p) = -H(q) - E_q[log p(z)] with H(q) = log s + const. With z = m + s ε (the reparameterization),
  // ∂/∂m = -E_ε[(log p)'(z)] and ∂/∂log s = -1 - E_ε[(log p)'(z) s ε], integrated over ε by quadrature.
  const n = 2001;
  const lo = -10;
  const h = 20 / (n - 1);
  let gm = 0;
  let gs = 0;
  for (let i = 0; i < n; i++) {
    const e = lo + i * h;
    const wt = (i === 0 || i === n - 1 ? 0.5 : 1) * h * normPdf(e, 0, 1);
    const d = mixtureDLogPdf(q.m + q.s * e, p);
    gm += wt * d;
    gs += wt * d * q.s * e;
  }
  return { dm: -gm, dlogs: -1 - gs };
}

export const S_MIN = 0.1;
export const S_MAX = 5;

/**
 * One gradient step on (m, log s), preconditioned by the inverse Fisher information of q, diag(s², 1/2)
 * (the natural gradient), so that one learning rate suits narrow and wide targets alike.
 */
export function fitStep(q: Gauss, p: Mixture, dir: Direction, lr = 0.05): Gauss {
  const g = klGradient(q, p, dir);
  const m = q.m - lr * q.s * q.s * g.dm;
  const logs = Math.log(q.s) - lr * 0.5 * g.dlogs;
  return { m, s: Math.min(S_MAX, Math.max(S_MIN, Math.exp(logs))) };
}

/** Runs fitStep until q moves less than tol in a step, or maxSteps; returns the fit and the steps taken. */
export function fit(q0: Gauss, p: Mixture, dir: Direction, maxSteps = 5000, tol = 1e-9, lr = 0.05): { q: Gauss; steps: number } {
  let q = q0;
  for (let k = 1; k <= maxSteps; k++) {
    const next = fitStep(q, p, dir, lr);
    const moved = Math.abs(next.m - q.m) + Math.abs(next.s - q.s);
    q = next;
    if (moved < tol) return { q, steps: k };
  }
  return { q, steps: maxSteps };
}
