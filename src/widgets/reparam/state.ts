// The reparameterization lab's state in the URL (prefix `reparam.`): the graph's mode, f, μ, σ, the sample size and seed.
import { choiceField, intField, numberField } from '../runtime/url-state.ts';
import { F_NAMES } from './reparam-math.ts';

export const MU_MIN = -3;
export const MU_MAX = 3;
export const SIGMA_MIN = 0.05;
export const SIGMA_MAX = 3;
export const N_MIN = 10;
export const N_MAX = 100_000;

export const reparamSchema = {
  /** `direct`: z is sampled, the gradient stops there; `trick`: z = μ + σ·ε. */
  graph: choiceField(['direct', 'trick'] as const, 'trick'),
  f: choiceField(F_NAMES, 'sq'),
  mu: numberField(MU_MIN, MU_MAX, 1, 2),
  sigma: numberField(SIGMA_MIN, SIGMA_MAX, 1, 2),
  n: intField(N_MIN, N_MAX, 1000),
  seed: intField(0, 2 ** 31 - 1, 1),
};
