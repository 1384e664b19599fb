// What the better-prior widget samples from (no DOM, no TensorFlow.js): two models, each with a baseline density in the
// left column and the mixture fitted to its codes in the right; the draws of a seed, and running tallies of the
// classifier's confidence that can be compared with the manifest's 2,000-sample numbers.
import { Rng } from '../../lib/models/rng.ts';
import { momentGaussian, sampleGmm, standardNormal, type Gmm } from '../../lib/models/gmm.ts';
import type { Baseline } from './state.ts';

/** The two models compared, each with its fitted mixture (weights/gmm-<model>/). */
export const MODELS = ['vae-16d', 'ae-16'] as const;
export type ModelName = (typeof MODELS)[number];
export const densityOf = (m: ModelName) => `gmm-${m}`;

/** What each model is, for the row headings. */
export const MODEL_TITLES: Record<ModelName, string> = {
  'vae-16d': 'vae-16d: a VAE, trained so its codes fill N(0, I)',
  'ae-16': 'ae-16: a plain autoencoder, no prior at all',
};

export type Column = Baseline | 'mixture';
/** Column headings. */
export const COLUMN_TITLES: Record<Column, string> = {
  prior: 'From the prior N(0, I)',
  gaussian: 'From one Gaussian fitted to the codes',
  mixture: 'From the mixture fitted to the codes',
};

/** The manifest metric prefix of each column's 2,000-sample numbers (e.g. priorSampleConfidence). */
export const METRIC_PREFIX: Record<Column, string> = { prior: 'priorSample', gaussian: 'gaussianSample', mixture: 'sample' };

/** Samples shown per panel (a 4 × 4 grid). */
export const PER_PANEL = 16;
/** A sample counts as confidently a digit at this top probability (as in the manifest). */
export const CONFIDENT = 0.9;

/** The density of a column for a model whose codes the mixture `gmm` was fitted to. */
export function columnDensity(column: Column, gmm: Gmm): Gmm {
  if (column === 'mixture') return gmm;
  return column === 'gaussian' ? momentGaussian(gmm) : standardNormal(gmm.d);
}

/** The PER_PANEL codes a seed draws for one panel (the same seed gives the same codes, in any browser). */
export function panelCodes(density: Gmm, model: ModelName, column: Column, seed: number): number[][] {
  const z = sampleGmm(density, PER_PANEL, new Rng(`better-prior/${model}/${column}/${seed}`));
  return Array.from({ length: PER_PANEL }, (_, i) => Array.from(z.subarray(i * density.d, (i + 1) * density.d)));
}

/** Mean top probability and confident count of a set of top probabilities. */
export function summarise(top: readonly number[]): { n: number; sum: number; confident: number } {
  return { n: top.length, sum: top.reduce((a, p) => a + p, 0), confident: top.filter((p) => p >= CONFIDENT).length };
}

/** Running totals over every draw a reader has made of one panel (each seed counted once). */
export class Tally {
  n = 0;
  sum = 0;
  confident = 0;
  private seen = new Set<number>();

  /** Adds one seed's draw unless that seed was counted already; returns whether it was added. */
  add(seed: number, s: { n: number; sum: number; confident: number }): boolean {
    if (this.seen.has(seed)) return false;
    this.seen.add(seed);
    this.n += s.n;
    this.sum += s.sum;
    this.confident += s.confident;
    return true;
  }

  get mean(): number {
    return this.n ? this.sum / this.n : 0;
  }

  get share(): number {
    return this.n ? this.confident / this.n : 0;
  }
}
