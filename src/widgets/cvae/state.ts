// The conditional VAE's URL state (prefix cvae.): the class asked for and the style code at the cursor.
import { intField, numberField } from '../runtime/url-state.ts';

export const cvaeSchema = {
  label: intField(0, 9, 3),
  x: numberField(-50, 50, 0, 2),
  y: numberField(-50, 50, 0, 2),
};
/** Side of the grid of samples of the chosen class (codes at the prior's quantiles). */
export const SAMPLE_SIDE = 5;
