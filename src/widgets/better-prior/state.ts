// The better-prior widget's URL state: the seed of the draws and what the left column samples from.
import { choiceField, intField } from '../runtime/url-state.ts';

/** The left column's density: the VAE's prior N(0, I), or the one Gaussian with the codes' mean and covariance. */
export const BASELINES = ['prior', 'gaussian'] as const;
export type Baseline = (typeof BASELINES)[number];

export const betterPriorSchema = {
  seed: intField(0, 999999, 1),
  baseline: choiceField(BASELINES, 'prior'),
};
