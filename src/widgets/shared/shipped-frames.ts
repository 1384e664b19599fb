// Fetches a widget's shipped first-frame images (shared/decoded-frames.ts) for one model, verified by sha256.
import { fetchManifest, fetchVerified } from '../runtime/fetch-verified.ts';
import type { Manifest } from '../runtime/shipped-model.ts';
import { decodedFramesKey, unpackGroup, type DecodedFramesRecord } from './decoded-frames.ts';
import { decodePng } from './png-pixels.ts';

/** The decoded images a widget's first frame shows with one model, by group name. */
export interface ShippedImages {
  /** A group's images (count × 784 values in [0, 1]), or null when none ships under that name. */
  images(key: string): Float32Array | null;
}

/** The record of `widget`'s shipped frames for `model`, or null when none ships (the widget then decodes its first frame live). */
export async function shippedFramesRecord(model: string, widget: string): Promise<DecodedFramesRecord | null> {
  const manifest = await fetchManifest<Manifest>();
  const rec = (manifest.models?.[model]?.assets as Record<string, DecodedFramesRecord> | undefined)?.[decodedFramesKey(widget)];
  return rec?.groups ? rec : null;
}

/** Downloads and decodes the images of `rec` (shippedFramesRecord's answer for `widget`). */
export async function loadShippedImages(rec: DecodedFramesRecord, widget: string): Promise<ShippedImages> {
  const buf = await fetchVerified(`/weights/${rec.path.replace(/^\/+/, '')}`, rec.sha256);
  const rgba = await decodePng(buf, rec.width, rec.height, `The first frame of ${widget}`);
  return {
    images(key) {
      const g = rec.groups[key];
      return g ? unpackGroup(g, rec.width, (i) => rgba[4 * i] ?? 0) : null;
    },
  };
}
