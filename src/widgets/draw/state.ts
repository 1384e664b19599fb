// The draw widget's URL state: which model encodes, and the held-out digit it opens with (#64, a clear 3; −1: a blank pad).
import { choiceField, intField } from '../runtime/url-state.ts';

export const DRAW_MODELS = ['vae-2d', 'ae-2d'] as const;
export const drawSchema = {
  model: choiceField(DRAW_MODELS, 'vae-2d'),
  digit: intField(-1, 1999, 64),
};
