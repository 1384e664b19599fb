// Which model scores the anomaly widget's inputs, and the names of the noise streams its −ELBO estimates draw from.
import type { AnomalyKind } from './corruptions.ts';

/** The 16-D VAE: its −ELBO separates digits from non-digits better than the 2-D one's, and it is 82 KB. */
export const ANOMALY_MODEL = 'vae-16d';
/** The Rng name of the ε for the normal digits' −ELBO. */
export const NORMAL_SEED = 'anomaly-eps-normal';
/** The Rng name of the ε for one kind and strength of anomaly. */
export const anomalySeed = (kind: AnomalyKind, strength: number): string => `anomaly-eps-${kind}-${strength}`;
