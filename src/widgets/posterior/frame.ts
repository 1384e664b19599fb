// One digit's frame of the posterior inspector, as the widget computes it (tfjs, no DOM): q(z|x), then log p(x, z) on a grid
// found in two zoom steps (a coarse pass over the whole map finds the mass, a pass inside its window tightens it, the fine grid
// measures it), and the ELBO / IWAE-K bounds from seeded samples. Shared by the widget and scripts/eval-posterior.ts, which
// ships the frames of the digits the book opens the widget on (so their first frame needs no model, no WASM and no grid).
import type * as TF from '@tensorflow/tfjs-core';
import type { Model } from '../../lib/models/model.ts';
import { Rng } from '../../lib/models/rng.ts';
import { bounds, encodeQ, logJointAt, type Bounds, type QParams } from './posterior-model.ts';
import { gridPoints, K_VALUES, massWindow, squareGrid, type Grid } from './grid-math.ts';

/** Cells per side of the coarse pass over the whole map, and of the fine grid the heat map shows. */
export const COARSE_N = 32;
export const FINE_N = 64;
/** Samples from q for the bounds: every IWAE-K averages the 2000 / K disjoint groups of K. */
export const SAMPLES = 2000;

/** The digit's q, the fine grid and log p(x, z) at its cells. */
export interface GridFrame {
  q: QParams;
  grid: Grid;
  logJoint: Float32Array;
}

/** The ε of the bounds' samples for a seed (the URL's posterior.seed). */
export const boundsNoise = (seed: number): Float32Array => new Rng(`posterior-${seed}`).normalArray(2 * SAMPLES);

/** q(z|x) and log p(x, z) on the digit's adaptive grid; `half` is the map's half-width, `between` runs after each chunk. */
export async function computeGridFrame(
  tf: typeof TF,
  model: Model,
  x: Float32Array,
  half: number,
  chunk: number,
  between?: () => Promise<void> | void,
): Promise<GridFrame> {
  const q = await encodeQ(tf, model, x);
  const cHalf = Math.max(half, Math.abs(q.mu[0]) + 1, Math.abs(q.mu[1]) + 1);
  const coarse = squareGrid([0, 0], cHalf, COARSE_N);
  const lc = await logJointAt(tf, model, x, gridPoints(coarse), chunk, between);
  const w1 = massWindow(lc, coarse, q);
  const mid = squareGrid(w1.center, w1.half, COARSE_N);
  const lm = await logJointAt(tf, model, x, gridPoints(mid), chunk, between);
  const win = massWindow(lm, mid, q);
  const grid = squareGrid(win.center, win.half, FINE_N);
  const logJoint = await logJointAt(tf, model, x, gridPoints(grid), chunk, between);
  return { q, grid, logJoint };
}

/** The ELBO and IWAE-K bounds for the digit from the seed's samples. */
export function computeBounds(
  tf: typeof TF,
  model: Model,
  x: Float32Array,
  q: QParams,
  seed: number,
  chunk: number,
  between?: () => Promise<void> | void,
): Promise<Bounds> {
  return bounds(tf, model, x, q, boundsNoise(seed), K_VALUES, chunk, between);
}
