// The latent walk's URL state (prefix latent-walk.): model, cursor, grid size, interpolation endpoints (by default #63,
// a clear 7, and #153, a round 0: both decode recognisably), mode and position, ellipses.
import { boolField, choiceField, intField, numberField } from '../runtime/url-state.ts';

export const WALK_MODELS = ['vae-2d', 'ae-2d'] as const;
export type WalkModel = (typeof WALK_MODELS)[number];
export const walkSchema = {
  model: choiceField(WALK_MODELS, 'vae-2d'),
  x: numberField(-50, 50, 0, 2),
  y: numberField(-50, 50, 0, 2),
  n: intField(3, 25, 15),
  a: intField(0, 1999, 63),
  b: intField(0, 1999, 153),
  mode: choiceField(['linear', 'spherical'] as const, 'linear'),
  t: numberField(0, 1, 0, 2),
  sigma: boolField(false),
};
/** Frames in the interpolation strip. */
export const STRIP = 10;
