// Gaussian mixtures with full covariance over a model's codes (the "two-stage" idea: fit a density to the codes after
// training, then sample from it instead of the prior). Plain JavaScript, no TensorFlow.js: fitted by EM in the trainer
// (scripts/train/density.ts), read and sampled in the browser (the better-prior widget), stored as float16 shards.
import { Rng } from './rng.ts';
import { float32ToFloat16Bits } from './io.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** A K-component mixture in d dimensions: log mixing weights, means (K × d) and lower Cholesky factors L_k (K × d × d, Σ_k = L_k L_kᵀ). */
export interface Gmm {
  k: number;
  d: number;
  logWeights: Float64Array;
  means: Float64Array;
  chol: Float64Array;
}

/** Lower Cholesky factor of a symmetric positive-definite d × d matrix (row-major); throws if it is not positive definite. */
export function cholesky(a: ArrayLike<number>, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('cholesky: matrix is not positive definite');
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j]!;
    }
  return l;
}

/** log N(z; m, LLᵀ) for one point z (offset zo in z), one component (means/chol offsets), with a scratch vector u. */
function logNormal(z: ArrayLike<number>, zo: number, m: Float64Array, mo: number, l: Float64Array, lo: number, d: number, u: Float64Array): number {
  // Solve L u = z − m by forward substitution; log N = −½ (d log 2π + |u|²) − Σ log L_ii.
  let quad = 0;
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    let s = z[zo + i]! - m[mo + i]!;
    for (let k = 0; k < i; k++) s -= l[lo + i * d + k]! * u[k]!;
    const lii = l[lo + i * d + i]!;
    u[i] = s / lii;
    quad += u[i]! * u[i]!;
    logDet += Math.log(lii);
  }
  return -0.5 * (d * LOG_2PI + quad) - logDet;
}

/** Per-component log π_k + log N(z_n; m_k, Σ_k) for point n into out (length K); returns their log-sum-exp, log p(z_n). */
function componentLogs(g: Gmm, z: ArrayLike<number>, n: number, out: Float64Array, u: Float64Array): number {
  const { k: K, d } = g;
  let hi = -Infinity;
  for (let c = 0; c < K; c++) {
    const v = g.logWeights[c]! + logNormal(z, n * d, g.means, c * d, g.chol, c * d * d, d, u);
    out[c] = v;
    if (v > hi) hi = v;
  }
  let acc = 0;
  for (let c = 0; c < K; c++) acc += Math.exp(out[c]! - hi);
  return hi + Math.log(acc);
}

/** log p(z) under the mixture for each of the n points of z (n × d, row-major). */
export function gmmLogPdf(g: Gmm, z: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  const comp = new Float64Array(g.k);
  const u = new Float64Array(g.d);
  for (let i = 0; i < n; i++) out[i] = componentLogs(g, z, i, comp, u);
  return out;
}

/** The mean of log p(z) over n points: the average log-likelihood in nats per code. */
export function gmmMeanLogLik(g: Gmm, z: ArrayLike<number>, n: number): number {
  return gmmLogPdf(g, z, n).reduce((a, v) => a + v, 0) / n;
}

/** n samples (n × d, row-major): a component by its weight, then m_k + L_k ε with ε ~ N(0, I). */
export function sampleGmm(g: Gmm, n: number, rng: Rng): Float32Array {
  const { k: K, d } = g;
  const w = Array.from(g.logWeights, Math.exp);
  const total = w.reduce((a, v) => a + v, 0);
  const out = new Float32Array(n * d);
  const eps = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    let r = rng.uniform() * total;
    let c = 0;
    while (c < K - 1 && r >= w[c]!) r -= w[c++]!;
    for (let i = 0; i < d; i++) eps[i] = rng.normal();
    for (let i = 0; i < d; i++) {
      let v = g.means[c * d + i]!;
      for (let j = 0; j <= i; j++) v += g.chol[c * d * d + i * d + j]! * eps[j]!;
      out[s * d + i] = v;
    }
  }
  return out;
}

/** The standard normal N(0, I) in d dimensions, as a one-component mixture (the VAE's prior). */
export function standardNormal(d: number): Gmm {
  const chol = new Float64Array(d * d);
  for (let i = 0; i < d; i++) chol[i * d + i] = 1;
  return { k: 1, d, logWeights: Float64Array.of(0), means: new Float64Array(d), chol };
}

/** Mean (d) and covariance (d × d) of a mixture: m = Σ π_k m_k, Σ = Σ π_k (Σ_k + m_k m_kᵀ) − m mᵀ. */
export function mixtureMoments(g: Gmm): { mean: Float64Array; cov: Float64Array } {
  const { k: K, d } = g;
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  for (let c = 0; c < K; c++) {
    const p = Math.exp(g.logWeights[c]!);
    const m = g.means.subarray(c * d, (c + 1) * d);
    const l = g.chol.subarray(c * d * d, (c + 1) * d * d);
    for (let i = 0; i < d; i++) {
      mean[i]! += p * m[i]!;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k <= Math.min(i, j); k++) s += l[i * d + k]! * l[j * d + k]!;
        cov[i * d + j]! += p * (s + m[i]! * m[j]!);
      }
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j]! -= mean[i]! * mean[j]!;
  return { mean, cov };
}

/** The one Gaussian with the mixture's mean and covariance (EM's mixture matches the codes' own first two moments). */
export function momentGaussian(g: Gmm): Gmm {
  const { mean, cov } = mixtureMoments(g);
  return { k: 1, d: g.d, logWeights: Float64Array.of(0), means: mean, chol: cholesky(cov, g.d) };
}

/** Mean and covariance of n points (n × d). */
export function sampleMoments(z: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (let s = 0; s < n; s++) for (let i = 0; i < d; i++) mean[i]! += z[s * d + i]! / n;
  const cov = new Float64Array(d * d);
  for (let s = 0; s < n; s++)
    for (let i = 0; i < d; i++) {
      const a = z[s * d + i]! - mean[i]!;
      for (let j = 0; j <= i; j++) cov[i * d + j]! += (a * (z[s * d + j]! - mean[j]!)) / n;
    }
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) cov[i * d + j] = cov[j * d + i]!;
  return { mean, cov };
}

/** KL(N(m, Σ) ‖ N(0, I)) = ½ (tr Σ + |m|² − d − log det Σ), in nats. */
export function gaussianKlToStandard(mean: ArrayLike<number>, cov: ArrayLike<number>, d: number): number {
  const l = cholesky(cov, d);
  let tr = 0;
  let m2 = 0;
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    tr += cov[i * d + i]!;
    m2 += mean[i]! ** 2;
    logDet += 2 * Math.log(l[i * d + i]!);
  }
  return 0.5 * (tr + m2 - d - logDet);
}

export interface FitOptions {
  /** EM iterations at most. */
  iterations?: number;
  /** Stop when the mean log-likelihood improves by less than this (nats per point). */
  tolerance?: number;
  /** Added to each covariance's diagonal, as a fraction of the data's mean variance (keeps every Σ_k positive definite). */
  regularization?: number;
}

/** k-means++ seeding then a few Lloyd steps: K centres (K × d) and each point's nearest centre. */
function kmeans(z: ArrayLike<number>, n: number, d: number, K: number, rng: Rng, steps = 10): { centres: Float64Array; assign: Int32Array } {
  const centres = new Float64Array(K * d);
  const dist2 = (i: number, c: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (z[i * d + j]! - centres[c * d + j]!) ** 2;
    return s;
  };
  const first = rng.int(n);
  for (let j = 0; j < d; j++) centres[j] = z[first * d + j]!;
  const best = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < K; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      best[i] = Math.min(best[i]!, dist2(i, c - 1));
      total += best[i]!;
    }
    let r = rng.uniform() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= best[i]!;
      if (r < 0) {
        pick = i;
        break;
      }
    }
    for (let j = 0; j < d; j++) centres[c * d + j] = z[pick * d + j]!;
  }
  const assign = new Int32Array(n);
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < n; i++) {
      let bc = 0;
      let bd = Infinity;
      for (let c = 0; c < K; c++) {
        const v = dist2(i, c);
        if (v < bd) [bd, bc] = [v, c];
      }
      assign[i] = bc;
    }
    const sums = new Float64Array(K * d);
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      counts[assign[i]!]!++;
      for (let j = 0; j < d; j++) sums[assign[i]! * d + j]! += z[i * d + j]!;
    }
    for (let c = 0; c < K; c++) if (counts[c]! > 0) for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j]! / counts[c]!;
  }
  return { centres, assign };
}

/** M step: weights, means and regularised covariances from responsibilities r (n × K). */
function mStep(z: ArrayLike<number>, n: number, d: number, K: number, r: Float64Array, reg: number): Gmm {
  const logWeights = new Float64Array(K);
  const means = new Float64Array(K * d);
  const chol = new Float64Array(K * d * d);
  const cov = new Float64Array(d * d);
  for (let c = 0; c < K; c++) {
    let nk = 0;
    for (let i = 0; i < n; i++) nk += r[i * K + c]!;
    nk = Math.max(nk, 1e-10);
    logWeights[c] = Math.log(nk / n);
    for (let i = 0; i < n; i++) {
      const w = r[i * K + c]! / nk;
      if (w === 0) continue;
      for (let j = 0; j < d; j++) means[c * d + j]! += w * z[i * d + j]!;
    }
    cov.fill(0);
    for (let i = 0; i < n; i++) {
      const w = r[i * K + c]! / nk;
      if (w < 1e-12) continue;
      for (let a = 0; a < d; a++) {
        const da = z[i * d + a]! - means[c * d + a]!;
        for (let b = 0; b <= a; b++) cov[a * d + b]! += w * da * (z[i * d + b]! - means[c * d + b]!);
      }
    }
    for (let a = 0; a < d; a++) {
      cov[a * d + a]! += reg;
      for (let b = a + 1; b < d; b++) cov[a * d + b] = cov[b * d + a]!;
    }
    chol.set(cholesky(cov, d), c * d * d);
  }
  return { k: K, d, logWeights, means, chol };
}

/**
 * Fits a K-component full-covariance mixture to n points (n × d) by EM from a k-means++ start (seeded by rng). Returns
 * the mixture and the mean log-likelihood (nats per point) after each iteration.
 */
export function fitGmm(z: ArrayLike<number>, n: number, d: number, K: number, rng: Rng, opts: FitOptions = {}): { gmm: Gmm; history: number[] } {
  const iterations = opts.iterations ?? 300;
  const tolerance = opts.tolerance ?? 1e-5;
  const { cov } = sampleMoments(z, n, d);
  let meanVar = 0;
  for (let i = 0; i < d; i++) meanVar += cov[i * d + i]! / d;
  const reg = (opts.regularization ?? 1e-4) * meanVar;
  // Start from hard k-means assignments.
  const { assign } = kmeans(z, n, d, K, rng);
  const r = new Float64Array(n * K);
  for (let i = 0; i < n; i++) r[i * K + assign[i]!] = 1;
  let g = mStep(z, n, d, K, r, reg);
  const history: number[] = [];
  const comp = new Float64Array(K);
  const u = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    // E step: responsibilities and the log-likelihood of the current mixture.
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const lse = componentLogs(g, z, i, comp, u);
      ll += lse;
      for (let c = 0; c < K; c++) r[i * K + c] = Math.exp(comp[c]! - lse);
    }
    history.push(ll / n);
    g = mStep(z, n, d, K, r, reg);
    const m = history.length;
    if (m > 1 && Math.abs(history[m - 1]! - history[m - 2]!) < tolerance) break;
  }
  return { gmm: g, history };
}

/** Number of free parameters of a full-covariance mixture: (K − 1) weights, K·d means, K·d(d + 1)/2 covariances. */
export function gmmParams(K: number, d: number): number {
  return K - 1 + K * d + (K * d * (d + 1)) / 2;
}

/** The file format of a shipped mixture: a small JSON header (gmm.json) and one float16 shard. */
export interface GmmJson {
  format: 'vae-explorable-weights';
  formatVersion: 1;
  generatedBy: string;
  /** One group, as in a model.json: the shard and the three arrays it holds, in order. */
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: 'float32'; quantization: { dtype: 'float16' } }[] }[];
  userDefinedMetadata: {
    name: string;
    spec: { kind: 'gmm'; of: string; components: number; dim: number; covariance: 'full'; cholesky: 'lower, packed row by row' };
    parts: ['density'];
  };
}

const packedSize = (d: number) => (d * (d + 1)) / 2;

/** Serialises a mixture (log-weights, means, packed lower Cholesky factors) as gmm.json + `<name>.density.bin` (float16). */
export function encodeGmm(
  name: string,
  of: string,
  g: Gmm,
  generatedBy = 'scripts/train.ts',
): { json: GmmJson; shard: { path: string; bytes: Uint8Array } } {
  const { k: K, d } = g;
  const p = packedSize(d);
  const values: number[] = [...g.logWeights, ...g.means];
  for (let c = 0; c < K; c++) for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) values.push(g.chol[c * d * d + i * d + j]!);
  const half = Uint16Array.from(values, float32ToFloat16Bits);
  const path = `${name}.density.bin`;
  const q = { dtype: 'float16' as const };
  return {
    json: {
      format: 'vae-explorable-weights',
      formatVersion: 1,
      generatedBy,
      weightsManifest: [
        {
          paths: [path],
          weights: [
            { name: 'density/logWeights', shape: [K], dtype: 'float32', quantization: q },
            { name: 'density/means', shape: [K, d], dtype: 'float32', quantization: q },
            { name: 'density/cholesky', shape: [K, p], dtype: 'float32', quantization: q },
          ],
        },
      ],
      userDefinedMetadata: {
        name,
        spec: { kind: 'gmm', of, components: K, dim: d, covariance: 'full', cholesky: 'lower, packed row by row' },
        parts: ['density'],
      },
    },
    shard: { path, bytes: new Uint8Array(half.buffer) },
  };
}

/** IEEE half bits -> number. */
export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Rebuilds a mixture from gmm.json and its shard's bytes (browser or Node); the log-weights are renormalised. */
export function decodeGmm(json: GmmJson, shard: ArrayBuffer | Uint8Array): Gmm {
  const spec = json.userDefinedMetadata?.spec;
  if (json.format !== 'vae-explorable-weights' || spec?.kind !== 'gmm') throw new Error('not a shipped Gaussian mixture');
  const K = spec.components;
  const d = spec.dim;
  const p = packedSize(d);
  const bytes = shard instanceof Uint8Array ? shard : new Uint8Array(shard);
  if (bytes.byteLength !== 2 * (K + K * d + K * p))
    throw new Error(`mixture shard has ${bytes.byteLength} bytes, expected ${2 * (K + K * d + K * p)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const next = () => float16BitsToNumber(view.getUint16(2 * at++, true));
  const logWeights = Float64Array.from({ length: K }, next);
  const means = Float64Array.from({ length: K * d }, next);
  const chol = new Float64Array(K * d * d);
  for (let c = 0; c < K; c++) for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) chol[c * d * d + i * d + j] = next();
  const top = Math.max(...logWeights);
  const lse = top + Math.log(logWeights.reduce((a, v) => a + Math.exp(v - top), 0));
  for (let c = 0; c < K; c++) logWeights[c]! -= lse;
  return { k: K, d, logWeights, means, chol };
}
