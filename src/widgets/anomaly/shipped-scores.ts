// Fetches the anomaly widget's precomputed first-frame scores (src/widgets/anomaly/scores-asset.ts), verified by sha256.
import { fetchManifest, fetchVerified } from '../runtime/fetch-verified.ts';
import type { Manifest } from '../runtime/shipped-model.ts';
import { ANOMALY_MODEL } from './anomaly-model.ts';
import { unpackScores, type ScoresAssetInfo, type ShippedScores } from './scores-asset.ts';

interface ScoresRecord extends ScoresAssetInfo {
  path: string;
  sha256: string;
}

/** The shipped scores, or null when the manifest lists none (the widget then scores everything with the model first). */
export async function loadShippedScores(): Promise<ShippedScores | null> {
  const manifest = await fetchManifest<Manifest>();
  const rec = (manifest.models?.[ANOMALY_MODEL]?.assets as Record<string, ScoresRecord> | undefined)?.anomalyScores;
  if (!rec) return null;
  const buf = await fetchVerified(`/weights/${rec.path.replace(/^\/+/, '')}`, rec.sha256);
  return unpackScores(buf, rec);
}
