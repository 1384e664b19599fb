// The anomaly widget's URL state: the kind of anomaly, its strength, and the threshold on −ELBO.
import { choiceField, numberField } from '../runtime/url-state.ts';
import { ANOMALY_KINDS } from './corruptions.ts';

export const anomalySchema = {
  kind: choiceField(ANOMALY_KINDS, 'rotate'),
  /** In the kind's own unit; −1: the kind's default strength (the one the manifest's AUC is for). */
  strength: numberField(-1, 180, -1, 2),
  /** In nats; −1: the 95th percentile of the digits' scores (5% of digits flagged). */
  threshold: numberField(-1, 100000, -1, 0),
};

/** The share of normal digits the default threshold lets through. */
export const DEFAULT_KEEP = 0.95;

/** The default threshold: the smallest whole number of nats above DEFAULT_KEEP of the normal digits' scores. */
export function defaultThreshold(normal: ArrayLike<number>): number {
  const s = Float64Array.from(normal).sort();
  return Math.ceil(s[Math.min(s.length - 1, Math.ceil(DEFAULT_KEEP * s.length) - 1)] ?? 0);
}
