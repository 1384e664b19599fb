// The posterior inspector's URL state (prefix posterior.): the held-out digit, K, the sample seed, what is shown.
import { boolField, choiceField, intField } from '../runtime/url-state.ts';
import { K_VALUES } from './grid-math.ts';

const K_STRINGS = K_VALUES.map(String) as unknown as readonly ['1', '2', '5', '10', '20', '50', '100', '200', '500', '1000'];

export const posteriorSchema = {
  digit: intField(0, 1999, 1834),
  k: choiceField(K_STRINGS, '100'),
  seed: intField(0, 9999, 0),
  /** The encoder's ellipse over the heat map. */
  q: boolField(true),
  /** The ELBO / IWAE-K panel (off where the bounds have not been introduced yet). */
  bounds: boolField(true),
  /** Colour by log density (shows the tails) instead of density. */
  log: boolField(false),
};
