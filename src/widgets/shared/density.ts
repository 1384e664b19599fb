// A density over a model's codes shipped under weights/ (gmm-<model>/gmm.json + its float16 shard, listed in the manifest
// like a model), fetched and verified by sha256 through the same loaders as the weights.
import { fetchManifest, fetchVerified, LoadError, type Progress } from '../runtime/fetch-verified.ts';
import type { Manifest, ManifestFile } from '../runtime/shipped-model.ts';
import { decodeGmm, type Gmm, type GmmJson } from '../../lib/models/gmm.ts';

/** Fetches and decodes a shipped Gaussian mixture (e.g. gmm-vae-16d); its metrics come with it. */
export async function loadDensity(name: string, onProgress?: (fraction: number) => void): Promise<{ gmm: Gmm; metrics: Record<string, number> }> {
  const manifest = await fetchManifest<Manifest>();
  const entry = manifest.models?.[name];
  if (!entry) throw new LoadError(`The density ${name} is missing from weights/manifest.json. Fit it with \`npm run train -- ${name}\`.`, 'format');
  const files = entry.files as (ManifestFile & { part?: string })[];
  const header = files.find((f) => !f.part);
  const shard = files.find((f) => f.part === 'density');
  if (!header || !shard)
    throw new LoadError(`The manifest lists no files for the density ${name}. The site's weights are out of date; rebuild it.`, 'format');
  const total = header.bytes + shard.bytes;
  const got = [0, 0];
  const report =
    (i: number): Progress =>
    (n) => {
      got[i] = n;
      onProgress?.((got[0]! + got[1]!) / total);
    };
  const [jsonBuf, bin] = await Promise.all([
    fetchVerified(`/weights/${header.path}`, header.sha256, report(0)),
    fetchVerified(`/weights/${shard.path}`, shard.sha256, report(1)),
  ]);
  try {
    return { gmm: decodeGmm(JSON.parse(new TextDecoder().decode(jsonBuf)) as GmmJson, bin), metrics: entry.metrics ?? {} };
  } catch (err) {
    throw new LoadError(`The density ${name} could not be read (${err instanceof Error ? err.message : String(err)}). Rebuild the site.`, 'format');
  }
}
