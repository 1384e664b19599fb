// The blur widget's URL state: the held-out digit (−1: a drawing), the model, the seed of the draws, and the β of the
// τ ↔ β panel ('off' while that panel is closed).
import { choiceField, intField } from '../runtime/url-state.ts';

/** The models a reader can switch between: the book's two β = 1 VAEs and the ends of the β-sweep (all with Bernoulli pixels). */
export const BLUR_MODELS = ['vae-16d', 'vae-2d', 'beta-0.1', 'beta-8'] as const;
export type BlurModel = (typeof BLUR_MODELS)[number];

/** How each model is introduced to the reader. */
export const MODEL_LABELS: Record<BlurModel, string> = {
  'vae-16d': 'vae-16d (16-D code, β = 1)',
  'vae-2d': 'vae-2d (2-D code, β = 1)',
  'beta-0.1': 'beta-0.1 (small 2-D, β = 0.1)',
  'beta-8': 'beta-8 (small 2-D, β = 8)',
};

/** A held-out 3 whose posterior means visibly disagree: the average of six is clearly greyer than the mean at μ (vae-16d). */
export const DEFAULT_DIGIT = 24;

/** The trained β sweep (same small 2-D architecture and seed; only β differs); each value names the model `beta-<β>`. */
export const SWEEP_BETAS = ['0.1', '0.25', '0.5', '1', '2', '4', '8'] as const;
export type SweepBeta = (typeof SWEEP_BETAS)[number];
/** The β the τ ↔ β panel shows when the reader first opens it. */
export const FIRST_SWEEP_BETA: SweepBeta = '1';

/** The model name of a sweep member. */
export const sweepModel = (beta: SweepBeta): string => `beta-${beta}`;

export const blurSchema = {
  digit: intField(-1, 1999, DEFAULT_DIGIT),
  model: choiceField(BLUR_MODELS, 'vae-16d'),
  seed: intField(0, 999999, 1),
  beta: choiceField(['off', ...SWEEP_BETAS] as const, 'off'),
};
