// The KL sandbox's state in the URL (prefix `kl-sandbox.`): both Gaussians, the Monte Carlo sample, and the fit mode's target.
import { choiceField, intField, numberField } from '../runtime/url-state.ts';
import { S_MAX, S_MIN } from './kl-math.ts';

export const MEAN_MIN = -5;
export const MEAN_MAX = 5;
export const N_MIN = 10;
export const N_MAX = 100_000;

export const klSchema = {
  /** `gauss`: q against a Gaussian p; `fit`: q fitted to a two-component mixture p. */
  mode: choiceField(['gauss', 'fit'] as const, 'gauss'),
  /** q = N(qm, qs²); in fit mode, where the fit starts. */
  qm: numberField(MEAN_MIN, MEAN_MAX, 1, 2),
  qs: numberField(S_MIN, S_MAX, 0.7, 2),
  /** p = N(pm, ps²) in the first mode. */
  pm: numberField(MEAN_MIN, MEAN_MAX, 0, 2),
  ps: numberField(S_MIN, S_MAX, 1, 2),
  /** Monte Carlo sample size and seed. */
  n: intField(N_MIN, N_MAX, 1000),
  seed: intField(0, 2 ** 31 - 1, 1),
  /** Which divergence the fit minimises. */
  dir: choiceField(['reverse', 'forward'] as const, 'reverse'),
  /** The mixture target: components a and b, and a's weight. */
  am: numberField(MEAN_MIN, MEAN_MAX, -2, 2),
  as: numberField(S_MIN, S_MAX, 0.6, 2),
  bm: numberField(MEAN_MIN, MEAN_MAX, 2, 2),
  bs: numberField(S_MIN, S_MAX, 0.6, 2),
  w: numberField(0.05, 0.95, 0.5, 2),
};
