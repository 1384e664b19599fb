// Interpolation between two codes: linear, or spherical (slerp, as White (2016) suggests for Gaussian latent spaces).

export type InterpMode = 'linear' | 'spherical';

/** (1 − t)·a + t·b. */
export function lerp(a: readonly number[], b: readonly number[], t: number): number[] {
  return a.map((v, i) => (1 - t) * v + t * (b[i] ?? 0));
}

/**
 * Spherical interpolation of unnormalised vectors: sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, Ω the angle between a and b.
 * Falls back to lerp when the angle is near 0 (or a vector is zero); for antiparallel vectors the path is not unique and
 * goes through the perpendicular on the side of increasing angle.
 */
export function slerp(a: readonly number[], b: readonly number[], t: number): number[] {
  const na = Math.hypot(...a);
  const nb = Math.hypot(...b);
  if (na < 1e-9 || nb < 1e-9) return lerp(a, b, t);
  const cos = Math.max(-1, Math.min(1, a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0) / (na * nb)));
  const omega = Math.acos(cos);
  if (omega < 1e-6) return lerp(a, b, t);
  const s = Math.sin(omega);
  if (s < 1e-9) {
    // Antiparallel: rotate a through a perpendicular direction (2-D: +90°), scaling the norm linearly.
    const r = (1 - t) * na + t * nb;
    const ang = Math.atan2(a[1] ?? 0, a[0] ?? 0) + t * Math.PI;
    return a.length === 2 ? [r * Math.cos(ang), r * Math.sin(ang)] : lerp(a, b, t);
  }
  const wa = Math.sin((1 - t) * omega) / s;
  const wb = Math.sin(t * omega) / s;
  return a.map((v, i) => wa * v + wb * (b[i] ?? 0));
}

/** n + 1 points from a to b (t = 0, 1/n, …, 1). */
export function interpolate(a: readonly number[], b: readonly number[], n: number, mode: InterpMode): number[][] {
  const f = mode === 'spherical' ? slerp : lerp;
  return Array.from({ length: n + 1 }, (_, i) => f(a, b, i / n));
}
