// The denoise widget's URL state: the held-out digit (−1: a drawing), noise kind, level and seed.
import { choiceField, intField, numberField } from '../runtime/url-state.ts';
import { NOISE_KINDS } from './noise-levels.ts';

/** A held-out 4 that the denoising model restores well at the default noise (chapter 2 asks about 4s and 9s). */
export const DEFAULT_DIGIT = 52;

export const denoiseSchema = {
  digit: intField(-1, 1999, DEFAULT_DIGIT),
  noise: choiceField(NOISE_KINDS, 'gaussian'),
  /** In the kind's own unit (η, ρ or pixels); −1: the kind's initial level. */
  level: numberField(-1, 28, -1, 2),
  seed: intField(0, 999999, 1),
};
