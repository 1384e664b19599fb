// The posterior inspector's shipped first frames (scripts/eval-posterior.ts --write): for each digit the book opens the widget
// on, log p(x, z) on its fine grid as little-endian float32 (weights/vae-2d/posterior-<digit>.bin) and, in the manifest, q, the
// grid and the bounds for one seed. Plain data, no DOM and no tfjs: the widget, the script and the unit tests share it.
import type { Bounds, QParams } from './posterior-model.ts';
import type { Grid } from './grid-math.ts';
import { boundsCodes } from './posterior-model.ts';
import { boundsNoise, type GridFrame } from './frame.ts';

/** The digits whose frames ship: the widget's default (chapter 5, the embed page) and chapter 3's. */
export const SHIPPED_DIGITS = [1834, 70] as const;
/** The seed of the shipped bounds (the URL's default). */
export const SHIPPED_SEED = 0;
/** How far (nats) a shipped log p(x, z) or bound may be from one computed on another backend: float rounding only. */
export const FRAME_TOLERANCE = 0.02;

/** The key of a digit's frame among vae-2d's assets in the manifest. */
export const frameAssetKey = (digit: number) => `posteriorFrame${digit}`;

/** One digit's record in the manifest (models['vae-2d'].assets[frameAssetKey(digit)]). */
export interface FrameRecord {
  description?: string;
  path: string;
  sha256: string;
  bytes: number;
  q: { mu: [number, number]; logvar: [number, number] };
  grid: Grid;
  seed: number;
  bounds: { elbo: number; elboSe: number; klPrior: number; recon: number; iwae: number[] };
}

/** A frame the widget can show without its model. */
export interface ShippedFrame extends GridFrame {
  seed: number;
  bounds: Bounds;
}

/** The record (less path and hash) and the bytes of one computed frame. */
export function packFrame(frame: GridFrame, b: Bounds, seed: number): { bytes: Uint8Array; record: Omit<FrameRecord, 'path' | 'sha256' | 'bytes'> } {
  const { q, grid } = frame;
  return {
    bytes: new Uint8Array(Float32Array.from(frame.logJoint).buffer),
    record: {
      q: { mu: [...q.mu], logvar: [...q.logvar] },
      grid: { ...grid },
      seed,
      bounds: { elbo: b.elbo, elboSe: b.elboSe, klPrior: b.klPrior, recon: b.recon, iwae: [...b.iwae] },
    },
  };
}

/** Rebuilds a frame from its record and bytes (the samples z from q and the seed; no log-weights). Throws on a wrong size. */
export function unpackFrame(rec: Omit<FrameRecord, 'path' | 'sha256' | 'bytes'>, buf: ArrayBuffer): ShippedFrame {
  const n = rec.grid.n * rec.grid.n;
  if (buf.byteLength !== 4 * n)
    throw new Error(`A shipped posterior frame has ${buf.byteLength} bytes, not ${4 * n}. The site's weights are out of date; rebuild it.`);
  const logvar = rec.q.logvar;
  const q: QParams = { mu: [...rec.q.mu], logvar: [...logvar], sigma: [Math.exp(0.5 * logvar[0]), Math.exp(0.5 * logvar[1])] };
  const z = boundsCodes(q, boundsNoise(rec.seed));
  return {
    q,
    grid: { ...rec.grid },
    logJoint: new Float32Array(buf.slice(0)),
    seed: rec.seed,
    bounds: { ...rec.bounds, iwae: [...rec.bounds.iwae], z, logW: new Float32Array(0) },
  };
}
