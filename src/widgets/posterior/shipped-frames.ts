// Fetches a shipped first frame of the posterior inspector (src/widgets/posterior/frames-asset.ts), verified by sha256.
import { fetchManifest, fetchVerified } from '../runtime/fetch-verified.ts';
import type { Manifest } from '../runtime/shipped-model.ts';
import { frameAssetKey, unpackFrame, type FrameRecord, type ShippedFrame } from './frames-asset.ts';

/** The shipped frame of held-out digit `digit` for `seed`, or null when none ships (the widget then computes it with vae-2d). */
export async function loadShippedFrame(model: string, digit: number, seed: number): Promise<ShippedFrame | null> {
  if (digit < 0) return null;
  const manifest = await fetchManifest<Manifest>();
  const rec = (manifest.models?.[model]?.assets as Record<string, FrameRecord> | undefined)?.[frameAssetKey(digit)];
  if (!rec || rec.seed !== seed) return null;
  const buf = await fetchVerified(`/weights/${rec.path.replace(/^\/+/, '')}`, rec.sha256);
  return unpackFrame(rec, buf);
}
