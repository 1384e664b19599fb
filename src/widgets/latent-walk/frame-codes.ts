// The codes the latent walk decodes, named as groups of its shipped first frame (shared/decoded-frames.ts): the digit under the
// cursor, the manifold grid and the interpolation strip. The widget, scripts/eval-frames.ts and the unit tests share them.
import type { FrameRequest } from '../shared/decoded-frames.ts';
import { gridCoords } from '../shared/normal.ts';
import { interpolate, type InterpMode } from '../shared/interp.ts';
import { STRIP, walkSchema } from './state.ts';

/** The group of the digit decoded at code z (to the URL's two decimals). */
export const cursorKey = (z: readonly number[]): string => `cursor:${z[0]!.toFixed(2)},${z[1]!.toFixed(2)}`;
/** The group of the n × n manifold grid. */
export const gridKey = (n: number): string => `grid:${n}`;
/** The group of the strip from held-out digit a to b. */
export const stripKey = (a: number, b: number, mode: InterpMode): string => `strip:${a},${b},${mode}`;

/** The n × n grid's codes, row by row from the top (largest z₂) and left (smallest z₁): evenly spaced quantiles of the prior. */
export function gridCodes(n: number): number[][] {
  const c = gridCoords(n);
  const zs: number[][] = [];
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) zs.push([c[col]!, c[n - 1 - row]!]);
  return zs;
}

/** The strip's STRIP codes from held-out digit a's μ to b's (`mu`: the held-out μ, 2 per digit). */
export function stripCodes(mu: ArrayLike<number>, a: number, b: number, mode: InterpMode): number[][] {
  return interpolate([mu[2 * a]!, mu[2 * a + 1]!], [mu[2 * b]!, mu[2 * b + 1]!], STRIP - 1, mode);
}

/** What vae-2d's shipped first frame holds: the default state's cursor and strip (shown large: 256 grey levels) and grid (16). */
export function walkFrameRequests(mu: ArrayLike<number>): FrameRequest[] {
  const d = {
    x: walkSchema.x.default,
    y: walkSchema.y.default,
    n: walkSchema.n.default,
    a: walkSchema.a.default,
    b: walkSchema.b.default,
    mode: walkSchema.mode.default,
  };
  return [
    { key: cursorKey([d.x, d.y]), codes: [[d.x, d.y]], levels: 256 },
    { key: stripKey(d.a, d.b, d.mode), codes: stripCodes(mu, d.a, d.b, d.mode), levels: 256 },
    { key: gridKey(d.n), codes: gridCodes(d.n), levels: 16 },
  ];
}
