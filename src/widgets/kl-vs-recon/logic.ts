// kl-vs-recon's pure logic (no DOM, no tensors): seeded prior codes, input choice, sample spread, rate–distortion data.
import { Rng } from '../../lib/models/rng.ts';
import { BETAS, betaModel, KL_ONLY, RECON_ONLY, type Beta } from './state.ts';

/** `n` codes drawn from the prior N(0, I) in `dim` dimensions; the same seed always gives the same codes. */
export function priorCodes(seed: number, n: number, dim = 2): number[][] {
  const rng = new Rng(`kl-vs-recon-prior-${seed}`);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => rng.normal()));
}

/** The first `count` held-out indices from `start` on (wrapping around) whose labels all differ. */
export function pickDigits(labels: ArrayLike<number>, start: number, count = 5): number[] {
  const n = labels.length;
  const out: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < n && out.length < count; k++) {
    const i = (((start + k) % n) + n) % n;
    const label = labels[i]!;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push(i);
  }
  return out;
}

/** Mean distance between all pairs of `count` images (each `size` values from `pixels`): root-mean-square over pixels. */
export function meanPairwiseDistance(pixels: ArrayLike<number>, count: number, size = 784): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < count; a++)
    for (let b = a + 1; b < count; b++) {
      let d = 0;
      for (let j = 0; j < size; j++) {
        const e = (pixels[a * size + j] ?? 0) - (pixels[b * size + j] ?? 0);
        d += e * e;
      }
      sum += Math.sqrt(d / size);
      pairs++;
    }
  return pairs ? sum / pairs : 0;
}

/** One model on the rate–distortion plane. */
export interface RdPoint {
  model: string;
  /** 'sweep' for β-sweep members, else which one-term model. */
  kind: 'sweep' | 'recon' | 'kl';
  beta: Beta | null;
  /** Rate R: the held-out KL term, nats per digit. */
  rate: number;
  /** Distortion D: the held-out reconstruction term, nats per digit. */
  distortion: number;
}

type Metrics = Record<string, { metrics?: Record<string, number> } | undefined>;

/** The held-out (rate, distortion) of every sweep member and the two one-term models that the manifest lists. */
export function rdPoints(models: Metrics): RdPoint[] {
  const out: RdPoint[] = [];
  const add = (model: string, kind: RdPoint['kind'], beta: Beta | null) => {
    const m = models[model]?.metrics;
    if (m && Number.isFinite(m.kl) && Number.isFinite(m.recon)) out.push({ model, kind, beta, rate: m.kl!, distortion: m.recon! });
  };
  add(RECON_ONLY, 'recon', null);
  for (const b of BETAS) add(betaModel(b), 'sweep', b);
  add(KL_ONLY, 'kl', null);
  return out;
}

/** Axis domains [rate, distortion] that hold the points with a margin; rate starts at 0. */
export function rdDomain(points: readonly RdPoint[]): { rate: [number, number]; distortion: [number, number] } {
  if (!points.length) return { rate: [0, 1], distortion: [0, 1] };
  const rs = points.map((p) => p.rate);
  const ds = points.map((p) => p.distortion);
  const rMax = Math.max(...rs);
  const dMin = Math.min(...ds);
  const dMax = Math.max(...ds);
  const pad = Math.max(1, 0.08 * (dMax - dMin));
  return { rate: [0, rMax * 1.1 || 1], distortion: [Math.floor(dMin - pad), Math.ceil(dMax + pad)] };
}

/**
 * The segment of the line D + βR = const through a point, clipped to the rate range: the sweep member minimises
 * D + βR, so no other member of the same family should lie below this line (up to training noise).
 */
export function isoLine(p: RdPoint, beta: number, rate: [number, number]): [[number, number], [number, number]] {
  const c = p.distortion + beta * p.rate;
  return [
    [rate[0], c - beta * rate[0]],
    [rate[1], c - beta * rate[1]],
  ];
}

/** "1 nat" / "2.25 nats" style number with units, for captions. */
export const nats = (v: number, digits = 1): string => `${v.toFixed(digits)} nats`;
