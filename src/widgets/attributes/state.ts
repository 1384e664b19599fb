// The attributes widget's URL state (prefix attributes.): the attribute, how groups are formed, the digit and α.
import { choiceField, intField, numberField } from '../runtime/url-state.ts';
import { ATTRIBUTES } from './measure.ts';

export const GROUP_MODES = ['pooled', 'within-class'] as const;
/** The α range of the slider and the plot: ±ALPHA_MAX times the direction. */
export const ALPHA_MAX = 2;
export const attributesSchema = {
  attr: choiceField(ATTRIBUTES, 'slant'),
  groups: choiceField(GROUP_MODES, 'pooled'),
  digit: intField(0, 1999, 1),
  alpha: numberField(-ALPHA_MAX, ALPHA_MAX, 0, 2),
};
/** α values of the plot's curve and of the strip. */
export const CURVE_STEPS = 21;
export const STRIP_STEPS = 9;
