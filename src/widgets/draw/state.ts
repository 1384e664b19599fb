// The draw widget's URL state: which model encodes, and the held-out digit to start from (−1: a blank canvas).
import { choiceField, intField } from '../runtime/url-state.ts';

export const DRAW_MODELS = ['vae-2d', 'ae-2d'] as const;
export const drawSchema = {
  model: choiceField(DRAW_MODELS, 'vae-2d'),
  digit: intField(-1, 1999, -1),
};
