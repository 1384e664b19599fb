// Numbers about a VAE's codes for `npm run eval` (scripts/eval.ts): how far the aggregate posterior of the held-out
// digits is from the prior, and the −ELBO on exactly the digits the IWAE estimate used. Pure functions of a model and
// the held-out digits, so the manifest's values can be recomputed and checked.
import * as tf from '@tensorflow/tfjs-core';
import { Rng, encode, evaluateAutoencoder, oneHot, type Model, type AutoencoderSpec } from '../src/lib/models/index.ts';
import { encodeQ, logJointAt } from '../src/widgets/posterior/posterior-model.ts';
import { gridLogIntegral, gridPoints, massWindow, squareGrid } from '../src/widgets/posterior/grid-math.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** Encodes every digit to its Gaussian q(z|x): means and log-variances, row-major [n, d]. */
export function encodeGaussians(model: Model, x: Float32Array, labels?: Uint8Array, batch = 500): { mu: Float32Array; logvar: Float32Array } {
  const spec = model.spec as AutoencoderSpec;
  const n = x.length / 784;
  const d = spec.latentDim;
  const mu = new Float32Array(n * d);
  const logvar = new Float32Array(n * d);
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const [m, v] = tf.tidy(() => {
      const lab = labels && spec.numClasses ? oneHot(labels.subarray(s, s + b), spec.numClasses) : undefined;
      const e = encode(model, tf.tensor2d(x.subarray(s * 784, (s + b) * 784), [b, 784]), lab);
      if (!e.logvar) throw new Error('encodeGaussians needs a VAE (an encoder with a log-variance output)');
      return [e.mu.dataSync() as Float32Array, e.logvar.dataSync() as Float32Array];
    });
    mu.set(m, s * d);
    logvar.set(v, s * d);
  }
  return { mu, logvar };
}

/**
 * Monte Carlo estimate of KL(q(z) ‖ N(0, I)), where q(z) = (1/n) Σ_i N(z; μ_i, diag σ_i²) is the aggregate posterior of
 * the n encoded digits: draw a digit i uniformly and z ~ q(z|x_i), and average log q(z) − log p(z), with log q(z) by
 * log-sum-exp over all n Gaussians. Also returns the mutual information of this mixture, the mean per-digit KL minus
 * the aggregate KL (chapter 5's rate = I + KL(q(z) ‖ p(z))), which cannot exceed log n.
 */
export function aggregatePosteriorKl(
  mu: Float32Array,
  logvar: Float32Array,
  d: number,
  samples: number,
  rng: Rng,
): { kl: number; stdErr: number; mutualInfo: number } {
  const n = mu.length / d;
  const sd = Float64Array.from(logvar, (v) => Math.exp(0.5 * v));
  // Per-digit constant of log N(z; μ_i, σ_i²): −½ Σ_k (log 2π + log σ_ik²).
  const c = new Float64Array(n);
  let meanKl = 0;
  for (let i = 0; i < n; i++) {
    let a = 0;
    for (let k = 0; k < d; k++) {
      const lv = logvar[i * d + k]!;
      a -= 0.5 * (LOG_2PI + lv);
      meanKl += 0.5 * (mu[i * d + k]! ** 2 + Math.exp(lv) - lv - 1);
    }
    c[i] = a;
  }
  meanKl /= n;
  const z = new Float64Array(d);
  const logs = new Float64Array(n);
  let sum = 0;
  let sum2 = 0;
  for (let s = 0; s < samples; s++) {
    const i = Math.min(n - 1, Math.floor(rng.uniform() * n));
    let logP = 0;
    for (let k = 0; k < d; k++) {
      z[k] = mu[i * d + k]! + sd[i * d + k]! * rng.normal();
      logP -= 0.5 * (LOG_2PI + z[k]! * z[k]!);
    }
    let hi = -Infinity;
    for (let j = 0; j < n; j++) {
      let a = c[j]!;
      for (let k = 0; k < d; k++) {
        const u = (z[k]! - mu[j * d + k]!) / sd[j * d + k]!;
        a -= 0.5 * u * u;
      }
      logs[j] = a;
      if (a > hi) hi = a;
    }
    let acc = 0;
    for (let j = 0; j < n; j++) acc += Math.exp(logs[j]! - hi);
    const term = hi + Math.log(acc) - Math.log(n) - logP;
    sum += term;
    sum2 += term * term;
  }
  const kl = sum / samples;
  const stdErr = Math.sqrt(Math.max(0, sum2 / samples - kl * kl) / samples);
  return { kl, stdErr, mutualInfo: meanKl - kl };
}

/** The held-out −ELBO on the first m digits only: the digits an IWAE estimate on m digits used, for a like-for-like gap. */
export function negElboOnFirst(model: Model, x: Float32Array, m: number, rng: Rng, labels?: Uint8Array): number {
  const spec = model.spec as AutoencoderSpec;
  const r = evaluateAutoencoder(model, x.subarray(0, m * 784), {
    rng,
    labels: labels?.subarray(0, m),
    numClasses: spec.numClasses,
    reconSamples: 64,
  });
  if (r.negElbo === undefined) throw new Error('negElboOnFirst needs a VAE');
  return r.negElbo;
}

/** A prior sample lands in a hole when the aggregate posterior's density there is below this fraction of the prior's. */
export const HOLE_RATIO = 0.1;

/**
 * The fraction of prior samples z ~ N(0, I) that land where the aggregate posterior of the encoded digits is less than
 * HOLE_RATIO times the prior's density: how much of what a sampler draws falls in regions the codes hardly visit.
 */
export function priorHoleFraction(mu: Float32Array, logvar: Float32Array, d: number, samples: number, rng: Rng): number {
  const n = mu.length / d;
  const sd = Float64Array.from(logvar, (v) => Math.exp(0.5 * v));
  const logs = new Float64Array(n);
  let holes = 0;
  for (let s = 0; s < samples; s++) {
    const z = Array.from({ length: d }, () => rng.normal());
    let logP = 0;
    for (const v of z) logP -= 0.5 * (LOG_2PI + v * v);
    let hi = -Infinity;
    for (let j = 0; j < n; j++) {
      let a = 0;
      for (let k = 0; k < d; k++) {
        const u = (z[k]! - mu[j * d + k]!) / sd[j * d + k]!;
        a -= 0.5 * (LOG_2PI + logvar[j * d + k]! + u * u);
      }
      logs[j] = a;
      if (a > hi) hi = a;
    }
    let acc = 0;
    for (let j = 0; j < n; j++) acc += Math.exp(logs[j]! - hi);
    if (hi + Math.log(acc / n) - logP < Math.log(HOLE_RATIO)) holes++;
  }
  return holes / samples;
}

/** Maximises f over R^k by the Nelder–Mead simplex method from x0 (initial steps `step`); returns the best point and value. */
function nelderMead(f: (p: number[]) => number, x0: number[], step: number[], iterations = 600): { p: number[]; v: number } {
  let pts = [x0, ...x0.map((_, i) => x0.map((v, j) => v + (i === j ? step[j]! : 0)))];
  let vals = pts.map(f);
  const sortDesc = () => {
    const idx = vals.map((_, i) => i).sort((a, b) => vals[b]! - vals[a]!);
    pts = idx.map((i) => pts[i]!);
    vals = idx.map((i) => vals[i]!);
  };
  for (let it = 0; it < iterations; it++) {
    sortDesc();
    const last = pts.length - 1;
    const worst = pts[last]!;
    const c = x0.map((_, j) => pts.slice(0, last).reduce((a, p) => a + p[j]!, 0) / last);
    const along = (t: number) => c.map((v, j) => v + t * (v - worst[j]!));
    const r = along(1);
    const fr = f(r);
    if (fr > vals[0]!) {
      const e = along(2);
      const fe = f(e);
      [pts[last], vals[last]] = fe > fr ? [e, fe] : [r, fr];
    } else if (fr > vals[last - 1]!) {
      [pts[last], vals[last]] = [r, fr];
    } else {
      const k = along(-0.5);
      const fk = f(k);
      if (fk > vals[last]!) [pts[last], vals[last]] = [k, fk];
      else {
        pts = pts.map((p, i) => (i === 0 ? p : p.map((v, j) => pts[0]![j]! + 0.5 * (v - pts[0]![j]!))));
        vals = pts.map(f);
      }
    }
  }
  sortDesc();
  return { p: pts[0]!, v: vals[0]! };
}

/**
 * Chapter 5's split of one digit's gap log p(x) − ELBO for a 2-D VAE (Cremer et al. 2018): the approximation gap,
 * log p(x) − ELBO of the best diagonal Gaussian for this digit, and the amortisation gap, ELBO(best) − ELBO(encoder).
 * log p(x) and every ELBO are quadratures on the posterior inspector's grid (its coarse scan and mass window, here with
 * `fine` cells a side); the best Gaussian is found by Nelder–Mead from the encoder's q and the grid's highest cells.
 */
export async function posteriorGaps(
  model: Model,
  x: Float32Array,
  fine = 200,
): Promise<{ logPx: number; elboEncoder: number; elboBest: number; approximationGap: number; amortisationGap: number }> {
  const q = await encodeQ(tf, model, x);
  const coarse = squareGrid([0, 0], 5, 64);
  const win = massWindow(await logJointAt(tf, model, x, gridPoints(coarse)), coarse, q);
  const g = squareGrid(win.center, win.half, fine);
  const pts = gridPoints(g);
  const lj = await logJointAt(tf, model, x, pts);
  const logPx = gridLogIntegral(lj, g);
  const area = g.step * g.step;
  // ELBO of N(m, diag e^l) = Σ_cells q·area·(log p(x, z) − log q); −Infinity unless the grid holds 99.5 % of q.
  const elbo = ([m1, m2, l1, l2]: number[]) => {
    let e = 0;
    let mass = 0;
    for (let k = 0; k < lj.length; k++) {
      const u = (pts[2 * k]! - m1!) * Math.exp(-0.5 * l1!);
      const v = (pts[2 * k + 1]! - m2!) * Math.exp(-0.5 * l2!);
      const lq = -LOG_2PI - 0.5 * (l1! + l2!) - 0.5 * (u * u + v * v);
      const w = Math.exp(lq) * area;
      e += w * (lj[k]! - lq);
      mass += w;
    }
    return mass < 0.995 ? -Infinity : e;
  };
  const enc = [q.mu[0], q.mu[1], q.logvar[0], q.logvar[1]];
  const starts = [enc];
  const order = Array.from(lj.keys()).sort((a, b) => lj[b]! - lj[a]!);
  for (const k of order) {
    const z = [pts[2 * k]!, pts[2 * k + 1]!];
    if (starts.every((s) => Math.hypot(s[0]! - z[0]!, s[1]! - z[1]!) > 0.3)) starts.push([z[0]!, z[1]!, -4.6, -4.6]);
    if (starts.length >= 4) break;
  }
  const best = Math.max(...starts.map((s) => nelderMead(elbo, s, [0.1, 0.1, 0.5, 0.5]).v));
  const elboEncoder = elbo(enc);
  return { logPx, elboEncoder, elboBest: best, approximationGap: logPx - best, amortisationGap: best - elboEncoder };
}
