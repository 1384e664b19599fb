// The square view a latent map shows (plain math, no DOM, no tfjs; shared with the scripts that precompute first frames).

/**
 * Half-width of a square view that holds the prior's 3σ circle and every code with its dot (no dot cut at an edge),
 * rounded up to 0.5; a few far outliers (beyond 1.25 × the 99.8th percentile of |μ|) are left outside.
 */
export function domainFor(mu: Float32Array, minHalf = 3.5): number {
  const abs = Array.from(mu, Math.abs).sort((a, b) => a - b);
  const q = abs[Math.floor(0.998 * (abs.length - 1))] ?? 0;
  const reach = Math.min(abs[abs.length - 1] ?? 0, 1.25 * q);
  return Math.max(minHalf, Math.ceil(reach * 1.05 * 2) / 2);
}
