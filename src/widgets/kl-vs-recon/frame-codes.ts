// The codes kl-vs-recon decodes in each panel, named as groups of its shipped first frame (shared/decoded-frames.ts): the prior
// samples of a seed and the five inputs' μ. The widget, scripts/eval-frames.ts and the unit tests share them.
import type { FrameRequest } from '../shared/decoded-frames.ts';
import { priorCodes } from './logic.ts';
import { betaModel, klrSchema, KL_ONLY, RECON_ONLY, SAMPLES } from './state.ts';

/** The group of the SAMPLES prior samples drawn with `seed`. */
export const priorKey = (seed: number): string => `prior:${seed}`;
/** The group of the reconstructions of held-out digits `digits` (their μ decoded). */
export const reconKey = (digits: readonly number[]): string => `recon:${digits.join(',')}`;

/** The models whose frames ship: the three panels' in the default state. */
export const FRAME_MODELS: readonly string[] = [RECON_ONLY, KL_ONLY, betaModel(klrSchema.beta.default)];

/** The inputs' codes: held-out digit i's μ (`mu`: the held-out μ, 2 per digit). */
export const inputCodes = (mu: ArrayLike<number>, digits: readonly number[]): number[][] => digits.map((i) => [mu[2 * i]!, mu[2 * i + 1]!]);

/** What one panel model's shipped first frame holds: the default seed's prior samples and the default inputs, at 256 grey levels. */
export function klrFrameRequests(mu: ArrayLike<number>): FrameRequest[] {
  const seed = klrSchema.seed.default;
  const digits = klrSchema.digits.default;
  return [
    { key: priorKey(seed), codes: priorCodes(seed, SAMPLES), levels: 256 },
    { key: reconKey(digits), codes: inputCodes(mu, digits), levels: 256 },
  ];
}
