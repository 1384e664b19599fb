// The attribute directions as the trainer ships them (weights/vae-16d/attribute-directions.json, scripts/train/attribute-asset.ts):
// the same numbers directions.ts computes from all 2,000 held-out digits, so the first frame needs one digit, not 400 KB of them.
import { fetchManifest, fetchVerified, LoadError } from '../runtime/fetch-verified.ts';
import type { Manifest } from '../runtime/shipped-model.ts';
import type { Direction, GroupMode } from './directions.ts';
import type { Attribute } from './measure.ts';

interface AssetRecord {
  path: string;
  sha256: string;
}
interface DirectionsFile {
  digits: number;
  latentDim: number;
  directions: Record<string, Record<string, { v: number[]; highMean: number; lowMean: number; highCounts: number[]; lowCounts: number[] }>>;
}

/** Key of one direction: `${attribute}/${grouping}`. */
export const directionKey = (attr: Attribute, groups: GroupMode) => `${attr}/${groups}`;

/** The model's shipped directions by directionKey(), or null when its manifest entry lists none (the widget then computes them). */
export async function loadShippedDirections(model: string): Promise<{ digits: number; directions: Map<string, Direction> } | null> {
  const manifest = await fetchManifest<Manifest>();
  const rec = (manifest.models?.[model]?.assets as Record<string, AssetRecord> | undefined)?.attributeDirections;
  if (!rec) return null;
  const buf = await fetchVerified(`/weights/${rec.path.replace(/^\/+/, '')}`, rec.sha256);
  let file: DirectionsFile;
  try {
    file = JSON.parse(new TextDecoder().decode(buf)) as DirectionsFile;
  } catch {
    throw new LoadError(`${rec.path} is not valid JSON. The site’s weights are out of date; rebuild it.`, 'format');
  }
  const directions = new Map<string, Direction>();
  for (const [attr, byGroup] of Object.entries(file.directions ?? {}))
    for (const [groups, d] of Object.entries(byGroup)) directions.set(`${attr}/${groups}`, { ...d, v: Float32Array.from(d.v) });
  return { digits: file.digits, directions };
}
