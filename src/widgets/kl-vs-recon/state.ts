// kl-vs-recon's URL state (prefix kl-vs-recon.): the β of the "both" panel, the prior-sample seed, the five input digits,
// and whether the rate–distortion plot includes the reconstruction-only and KL-only models.
import { boolField, choiceField, intField, type Field } from '../runtime/url-state.ts';

/** The trained β sweep, in slider order; each value names the model `beta-<β>`. */
export const BETAS = ['0.1', '0.25', '0.5', '1', '2', '4', '8'] as const;
export type Beta = (typeof BETAS)[number];
/** The models of the two one-term panels (same small architecture as the sweep). */
export const RECON_ONLY = 'vae-recon-only';
export const KL_ONLY = 'vae-kl-only';
/** How many input digits are reconstructed, and how many prior samples are decoded, per panel. */
export const INPUTS = 5;
export const SAMPLES = 8;
/** The held-out set's size (indices are 0 … HELDOUT − 1). */
export const HELDOUT = 2000;
/** The default inputs: the first five held-out digits with five different labels (7, 0, 8, 9, 6). */
export const DEFAULT_DIGITS: readonly number[] = [0, 1, 2, 3, 5];

/** The model name of a sweep member. */
export const betaModel = (beta: Beta): string => `beta-${beta}`;

/** A field holding exactly `count` distinct integers in [0, max], written "3,17,250,4,9". */
export function indexListField(count: number, max: number, fallback: readonly number[]): Field<number[]> {
  return {
    parse(raw) {
      const parts = raw.split(',').map((s) => s.trim());
      if (parts.length !== count || parts.some((s) => !/^\d+$/.test(s))) return undefined;
      const v = parts.map(Number);
      if (v.some((n) => n > max) || new Set(v).size !== count) return undefined;
      return v;
    },
    format: (v) => v.join(','),
    default: [...fallback],
  };
}

export const klrSchema = {
  beta: choiceField(BETAS, '1'),
  seed: intField(0, 999999, 1),
  digits: indexListField(INPUTS, HELDOUT - 1, DEFAULT_DIGITS),
  ends: boolField(true),
};
