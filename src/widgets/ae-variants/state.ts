// The ae-variants widget's URL state (prefix ae-variants.): the held-out digit, the pushed code entry and its base code.
import { choiceField, intField } from '../runtime/url-state.ts';
import { CODE_DIM } from './variants.ts';

export const PUSH_BASES = ['digit', 'mean'] as const;
export type PushBase = (typeof PUSH_BASES)[number];
export const variantsSchema = {
  /** Held-out digit shown (−1: the reader's own drawing, which the URL cannot hold). */
  digit: intField(-1, 1999, 3),
  /** Code entry pushed to its held-out maximum, 1 … 16; 0 pushes nothing. */
  push: intField(0, CODE_DIM, 0),
  /** The code that gets pushed: this digit's own, or the average held-out code (as in the seed article). */
  base: choiceField(PUSH_BASES, 'digit'),
};
