// `node scripts/eval-anomaly.ts [--write]`: the ELBO as an anomaly score (chapter 9's anomaly widget). Scores the first 200
// held-out digits and, for each kind of anomaly at its default strength, 200 anomalies made from held-out digits 200–399 (or
// from nothing), by −ELBO under vae-16d, with exactly the widget's images and noise (src/widgets/anomaly/); prints each
// kind's ROC AUC and compares it with vae-16d's metrics in weights/manifest.json, and the scores with the widget's first-frame
// asset (weights/vae-16d/anomaly-scores.bin). --write stores both (metrics anomalyAuc<Kind>, assets.anomalyScores), re-reading
// the manifest just before writing and changing only those keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './train/backend.ts';
import type { Manifest } from './train/manifest.ts';
import { MANIFEST_PATH, WEIGHTS_DIR, readHeldoutImages, readShippedModel, readWeightsManifest } from './train/shipped.ts';
import { ANOMALY_KINDS, KINDS, makeAnomalies, normalDigits } from '../src/widgets/anomaly/corruptions.ts';
import { ANOMALY_MODEL, NORMAL_SEED, anomalySeed } from '../src/widgets/anomaly/anomaly-model.ts';
import { negElboScores } from '../src/widgets/anomaly/score.ts';
import { rocAuc } from '../src/widgets/anomaly/roc.ts';
import { SCORE_TOLERANCE, packScores, unpackScores, type ScoresAssetInfo } from '../src/widgets/anomaly/scores-asset.ts';
import { sha256 } from './train/record.ts';

/** The widget draws the same ε; only the backend's float rounding differs, so the AUCs agree to a few thousandths. */
export const AUC_TOLERANCE = 0.005;

const weights = WEIGHTS_DIR;
const write = process.argv.includes('--write');
await initBackend();
const manifest = readWeightsManifest();
const images = readHeldoutImages(weights, manifest);
const rec = manifest.models[ANOMALY_MODEL]!;
const model = readShippedModel(weights, ANOMALY_MODEL);

const normal = await negElboScores(tf, model, normalDigits(images), NORMAL_SEED);
const mean = (a: Float32Array) => a.reduce((x, v) => x + v, 0) / a.length;
console.log(`${ANOMALY_MODEL}: −ELBO of held-out digits 0–199, mean ${mean(normal).toFixed(2)} nats`);
const got: Record<string, number> = {};
const byKind = {} as Record<(typeof ANOMALY_KINDS)[number], Float32Array>;
let problems = 0;
for (const kind of ANOMALY_KINDS) {
  const k = KINDS[kind];
  const anomalous = await negElboScores(tf, model, makeAnomalies(kind, k.initial, images), anomalySeed(kind, k.initial));
  byKind[kind] = anomalous;
  const auc = Math.round(rocAuc(normal, anomalous) * 1e4) / 1e4;
  got[k.metric] = auc;
  const want = rec.metrics[k.metric];
  const ok = want === undefined || Math.abs(want - auc) <= AUC_TOLERANCE;
  if (!ok) problems++;
  console.log(
    `  ${k.metric} ${auc.toFixed(4)} (${kind} at ${k.initial}; anomalies' mean −ELBO ${mean(anomalous).toFixed(2)})${want === undefined ? '' : ok ? '' : `  ✖ manifest ${want}`}`,
  );
}
const packed = packScores(normal, byKind);
const assetPath = `${ANOMALY_MODEL}/anomaly-scores.bin`;
const shipped = (rec as { assets?: Record<string, ScoresAssetInfo & { path: string }> }).assets?.anomalyScores;
if (shipped && !write) {
  // The widget's first frame shows these without its model: they must be what it would compute.
  const have = unpackScores(new Uint8Array(readFileSync(join(weights, shipped.path))).buffer, shipped);
  const want = unpackScores(packed.bytes.buffer as ArrayBuffer, packed.info);
  const rows: [string, Float32Array, Float32Array | undefined][] = [['normal', want.normal, have.normal]];
  for (const [key, v] of want.anomalies) rows.push([key, v, have.anomalies.get(key)]);
  for (const [key, v, h] of rows) {
    const worst = h ? Math.max(...Array.from(v, (x, i) => Math.abs(x - h[i]!))) : Infinity;
    if (!(worst <= SCORE_TOLERANCE)) {
      problems++;
      console.log(`  ✖ ${assetPath} row ${key}: ${h ? `differs by up to ${worst.toFixed(4)} nats` : 'missing'}`);
    }
  }
  console.log(`${assetPath}: ${problems ? 'out of date (run with --write)' : `agrees within ${SCORE_TOLERANCE} nats`}`);
}
if (write) {
  writeFileSync(join(weights, assetPath), packed.bytes);
  const fresh = readWeightsManifest();
  const entry = fresh.models[ANOMALY_MODEL]! as Manifest['models'][string] & { assets?: Record<string, unknown> };
  Object.assign(entry.metrics, got);
  entry.assets = {
    ...entry.assets,
    anomalyScores: {
      path: assetPath,
      sha256: sha256(packed.bytes),
      bytes: packed.bytes.length,
      dtype: 'float32',
      shape: [packed.info.rows.length, normal.length],
      ...packed.info,
      description:
        'The anomaly widget’s first frame: −ELBO (src/widgets/anomaly/score.ts) of held-out digits 0–199 (row "normal") and of each kind’s 200 anomalies at the strength recorded for it, little-endian float32 rows.',
    },
  };
  writeFileSync(MANIFEST_PATH, JSON.stringify(fresh, null, 1) + '\n');
  console.log(`wrote ${Object.keys(got).join(', ')} into ${ANOMALY_MODEL}'s metrics, and ${assetPath} (${packed.bytes.length} bytes)`);
}
process.exit(problems && !write ? 1 : 0);
