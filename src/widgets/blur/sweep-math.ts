// The τ ↔ β panel's arithmetic: the pixel-noise factor a β stands for, the manifest's held-out numbers of a sweep
// member, and the prior codes every β decodes (the same ones, so the models are compared on equal draws).
import { Rng } from '../../lib/models/rng.ts';
import type { SweepBeta } from './state.ts';

/** How many codes from the prior each β decodes. */
export const PRIOR_DRAWS = 3;

/** A sweep member's held-out numbers, as the manifest records them. */
export interface HeldoutNumbers {
  negElbo: number;
  recon: number;
  kl: number;
  priorHoleFraction: number;
  n: number;
}

/** "acts like τ² × 0.1, τ × 0.32": for a Gaussian decoder, weight β on the KL is pixel variance βτ² (eq. 9 tau-beta). */
export function tauFactorText(beta: SweepBeta): string {
  const b = Number(beta);
  return `Acts like pixel noise τ² × ${beta}, that is τ × √${beta} = τ × ${Math.sqrt(b).toFixed(2)}`;
}

/** The held-out −ELBO, reconstruction, KL, hole fraction and digit count of a model, or null when one is missing. */
export function heldoutNumbers(metrics: Record<string, number> | undefined): HeldoutNumbers | null {
  if (!metrics) return null;
  const { negElbo, recon, kl, priorHoleFraction, n } = metrics;
  if ([negElbo, recon, kl, priorHoleFraction, n].some((v) => typeof v !== 'number' || !Number.isFinite(v))) return null;
  return { negElbo: negElbo!, recon: recon!, kl: kl!, priorHoleFraction: priorHoleFraction!, n: n! };
}

/** PRIOR_DRAWS codes z ~ N(0, I) in 2-D, fixed by the seed alone. */
export function sweepPriorCodes(seed: number): number[][] {
  const rng = new Rng(`blur-sweep-prior-${seed}`);
  return Array.from({ length: PRIOR_DRAWS }, () => [rng.normal(), rng.normal()]);
}
