// `npm run eval [-- model ...] [--quick] [--same-seed] [--write-codes]`: recomputes every model's held-out metrics from
// the shipped files (weights/manifest.json, model.json + shards, data/heldout.png) and compares them with the manifest.
// Exits non-zero when a file's hash or a metric disagrees beyond sampling noise. The numbers about codes that
// training does not write (scripts/eval-codes.ts: aggregateKl, priorHoleFraction, negElboNllN, the #1834 gaps) are
// compared when the manifest has them; --write-codes stores the recomputed ones in the manifest (run it after training).
// Densities over codes (type gmm, scripts/train/density.ts) are re-measured from their shipped files: held-out
// log-likelihoods and the classifier's confidence on samples (scripts/eval-density.ts).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from './train/backend.ts';
import { decodeGreyPng } from './train/png.ts';
import { corruptHeldout } from './train/inputs.ts';
import type { Manifest } from './train/manifest.ts';
import {
  Rng,
  decodeModel,
  evaluateAutoencoder,
  evaluateClassifier,
  spriteToDigits,
  toUnit,
  countParams,
  type ModelJson,
  type AutoencoderSpec,
} from '../src/lib/models/index.ts';
import { aggregatePosteriorKl, encodeGaussians, negElboOnFirst, posteriorGaps, priorHoleFraction } from './eval-codes.ts';
import { aggregateKlGaussianBound, codesOf, heldoutLogLik, SAMPLE_SEED } from './eval-density.ts';
import { densityMetrics } from './train/density.ts';
import { split, toFloat } from './train/data.ts';
import { decodeGmm, type GmmJson } from '../src/lib/models/gmm.ts';
import { DATABASE_SIZE, QUERY_FIRST, precisionAtK } from '../src/widgets/retrieval/neighbours.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const weights = join(root, 'weights');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sameSeed = args.includes('--same-seed');
const writeCodes = args.includes('--write-codes');
/** The digit whose gap chapter 5 splits into its approximation and amortisation parts (two posterior islands). */
const GAP_DIGIT = 1834;
const only = args.filter((a) => !a.startsWith('--'));

// Tolerances: metrics estimated with fresh Monte Carlo noise get an absolute tolerance (nats) of about
// four standard errors; deterministic metrics must match to rounding.
const STOCHASTIC: Record<string, number> = {
  recon: 0.3,
  negElbo: 0.3,
  trainNegElbo: 0.3,
  nll: 0.25,
  aggregateKl: 0.3,
  priorHoleFraction: 0.02,
  negElboNllN: 0.3,
  approxGap1834: 0.05,
  amortGap1834: 0.1,
  // Densities (gmm-*): 2,000 samples each, so about four standard errors of a mean top probability and of a share.
  sampleConfidence: 0.025,
  sampleConfident: 0.045,
  gaussianSampleConfidence: 0.025,
  gaussianSampleConfident: 0.045,
  priorSampleConfidence: 0.025,
  priorSampleConfident: 0.045,
};
const CODE_METRICS = [
  'aggregateKl',
  'priorHoleFraction',
  'negElboNllN',
  'approxGap1834',
  'amortGap1834',
  'aggregateKlGaussianBound',
  'retrievalPrecision8',
  'pixelRetrievalPrecision8',
];
/** The model whose codes the retrieval widget searches (chapter 9): precision@8 by code distance and by pixel distance. */
const RETRIEVAL_MODEL = 'vae-16d';
/** Loads a shipped model by name from its manifest record (hashes checked). */
function loadRecord(name: string) {
  const rec = manifest.models[name];
  if (!rec) throw new Error(`${name} is not in the manifest`);
  const shards: Record<string, Buffer> = {};
  let json: ModelJson | null = null;
  for (const f of rec.files) {
    const buf = readChecked(f.path, f.sha256, f.bytes);
    if (f.path === rec.modelJson) json = JSON.parse(buf.toString('utf8')) as ModelJson;
    else shards[f.path.slice(name.length + 1)] = buf;
  }
  if (!json) throw new Error(`${name}: model.json missing`);
  return decodeModel(json, shards);
}
const EXACT_REL = 1e-3;
const SKIP = new Set(['n', 'nllN', 'nllK', 'nllStdErr']);

await initBackend();
const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8')) as Manifest;
let problems = 0;
const fail = (msg: string) => {
  problems++;
  console.log(`  ✖ ${msg}`);
};

function readChecked(path: string, sha: string, bytes: number): Buffer {
  const buf = readFileSync(join(weights, path));
  if (buf.length !== bytes) fail(`${path}: ${buf.length} bytes, manifest says ${bytes}`);
  const h = createHash('sha256').update(buf).digest('hex');
  if (h !== sha) fail(`${path}: sha256 ${h.slice(0, 12)}… differs from the manifest`);
  return buf;
}

const s = manifest.data.sprite;
const png = decodeGreyPng(readChecked(s.path, s.sha256, s.bytes));
const H = toUnit(spriteToDigits(png.pixels, png.width, s.count, s.cols));
const labels = Uint8Array.from(manifest.data.heldoutLabels, (c) => Number(c));
console.log(`held-out digits: ${s.count} from ${s.path}`);

for (const [name, rec] of Object.entries(manifest.models)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`${name} (${rec.type}, ${rec.bytes} bytes, ${rec.epochs} epochs)`);
  const shards: Record<string, Buffer> = {};
  let modelJson: ModelJson | null = null;
  for (const f of rec.files) {
    const buf = readChecked(f.path, f.sha256, f.bytes);
    if (f.path === rec.modelJson) modelJson = JSON.parse(buf.toString('utf8')) as ModelJson;
    else shards[f.path.slice(name.length + 1)] = buf;
  }
  for (const a of Object.values(rec.assets ?? {})) readChecked(a.path, a.sha256, a.bytes);
  if (!modelJson) {
    fail('model.json missing');
    continue;
  }
  const seed = sameSeed ? `eval-${name}` : `eval-check-${name}`;
  const t0 = performance.now();
  if (rec.type === 'gmm') {
    const shard = Object.values(shards)[0]!;
    const density = decodeGmm(modelJson as unknown as GmmJson, shard);
    const of = (rec.hyper as { of: string }).of;
    const source = loadRecord(of);
    const classifier = loadRecord('classifier');
    const got: Record<string, number> = {
      ...densityMetrics(density, source, classifier, codesOf(source, H), sameSeed ? SAMPLE_SEED : `eval-check-${name}`),
      trainLogLik: heldoutLogLik(density, codesOf(source, toFloat(split().train))),
      components: density.k,
      bytes: shard.length,
    };
    compare(rec.metrics, got);
    console.log(`  [${((performance.now() - t0) / 1000).toFixed(1)}s]`);
    continue;
  }
  const model = decodeModel(modelJson, shards);
  let got: Record<string, number>;
  if (rec.type === 'classifier') {
    got = { ...evaluateClassifier(model, H, labels) };
  } else {
    const spec = model.spec as AutoencoderSpec;
    const hyper = rec.hyper as { iwaeK?: number; iwaeN?: number; denoise?: boolean };
    got = {
      ...evaluateAutoencoder(model, H, {
        rng: new Rng(seed),
        labels,
        numClasses: spec.numClasses,
        iwaeK: quick ? undefined : hyper.iwaeK,
        iwaeN: hyper.iwaeN,
      }),
    } as Record<string, number>;
    if (spec.kind === 'vae' && !spec.numClasses) {
      const q = encodeGaussians(model, H);
      got.aggregateKl = aggregatePosteriorKl(q.mu, q.logvar, spec.latentDim, 20000, new Rng(`${seed}-aggregate`)).kl;
      got.priorHoleFraction = priorHoleFraction(q.mu, q.logvar, spec.latentDim, 5000, new Rng(`${seed}-holes`));
    }
    if (hyper.iwaeN !== undefined && hyper.iwaeN < H.length / 784)
      got.negElboNllN = negElboOnFirst(model, H, hyper.iwaeN, new Rng(`${seed}-first`), labels);
    if (name === RETRIEVAL_MODEL) {
      const q = encodeGaussians(model, H);
      got.aggregateKlGaussianBound = aggregateKlGaussianBound(q.mu, q.logvar, spec.latentDim);
      const d = spec.latentDim;
      const dbLabels = labels.subarray(0, DATABASE_SIZE);
      const qLabels = labels.subarray(QUERY_FIRST);
      got.retrievalPrecision8 = precisionAtK(q.mu.subarray(QUERY_FIRST * d), qLabels, q.mu.subarray(0, DATABASE_SIZE * d), dbLabels, d);
      got.pixelRetrievalPrecision8 = precisionAtK(H.subarray(QUERY_FIRST * 784), qLabels, H.subarray(0, DATABASE_SIZE * 784), dbLabels, 784);
    }
    if (name === 'vae-2d' && (!quick || writeCodes)) {
      const gaps = await posteriorGaps(model, H.subarray(GAP_DIGIT * 784, (GAP_DIGIT + 1) * 784));
      Object.assign(got, { approxGap1834: gaps.approximationGap, amortGap1834: gaps.amortisationGap });
    }
    if (rec.metrics.noisyBce !== undefined) {
      const noisy = evaluateAutoencoder(model, H, { rng: new Rng(seed), labels, numClasses: spec.numClasses, inputs: corruptHeldout(H) });
      Object.assign(got, { noisyBce: noisy.bce, noisyMse: noisy.mse, noisyPsnr: noisy.psnr });
    }
  }
  got.params = countParams(model);
  if (writeCodes) for (const k of CODE_METRICS) if (got[k] !== undefined) rec.metrics[k] = Math.round(got[k]! * 1e4) / 1e4;
  got.bytes = rec.files.filter((f) => f.part).reduce((a, f) => a + f.bytes, 0);
  compare(rec.metrics, got);
  console.log(`  [${((performance.now() - t0) / 1000).toFixed(1)}s]`);
}

/** Prints each recomputed metric and fails the ones that differ from the manifest beyond their tolerance. */
function compare(metrics: Record<string, number>, got: Record<string, number>): void {
  const cols: string[] = [];
  for (const [k, want] of Object.entries(metrics)) {
    const v = got[k];
    if (SKIP.has(k) || v === undefined) continue;
    const tol = k in STOCHASTIC ? (sameSeed ? 0.01 : STOCHASTIC[k]!) : Math.max(1e-4, EXACT_REL * Math.abs(want));
    const ok = Math.abs(v - want) <= tol;
    cols.push(`${k} ${v.toFixed(k === 'accuracy' ? 4 : 2)}${ok ? '' : ` (manifest ${want})`}`);
    if (!ok) fail(`${k}: recomputed ${v.toFixed(4)}, manifest ${want} (tolerance ${tol})`);
  }
  console.log(`  ${cols.join(', ')}`);
}

// Benchmarks (reported, not enforced).
const vae = manifest.models['vae-2d'];
if (vae?.metrics.negElbo !== undefined)
  console.log(
    `benchmark: vae-2d held-out -ELBO ${vae.metrics.negElbo.toFixed(2)} nats (target <= 155: ${vae.metrics.negElbo <= 155 ? 'met' : 'NOT met'})`,
  );
const clf = manifest.models['classifier'];
if (clf?.metrics.accuracy !== undefined)
  console.log(
    `benchmark: classifier held-out accuracy ${(100 * clf.metrics.accuracy).toFixed(2)}% (target >= 97%: ${clf.metrics.accuracy >= 0.97 ? 'met' : 'NOT met'})`,
  );
const total = Object.values(manifest.models).reduce((a, m) => a + m.bytes, 0);
console.log(
  `budget: ${total} bytes of weight shards in all (limit ${manifest.budget.shardBytesLimit}: ${total <= manifest.budget.shardBytesLimit ? 'within' : 'OVER'})`,
);
if (total !== manifest.budget.shardBytesTotal) fail(`manifest budget total ${manifest.budget.shardBytesTotal} != ${total}`);
if (writeCodes) {
  // Re-read the manifest right before writing and change only the recomputed code metrics (other scripts write it too).
  const fresh = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8')) as Manifest;
  for (const [name, rec] of Object.entries(manifest.models)) {
    if (only.length && !only.includes(name)) continue;
    for (const k of CODE_METRICS) if (rec.metrics[k] !== undefined && fresh.models[name]) fresh.models[name].metrics[k] = rec.metrics[k];
  }
  writeFileSync(join(weights, 'manifest.json'), JSON.stringify(fresh, null, 1) + '\n');
  console.log(`wrote ${CODE_METRICS.join(', ')} into weights/manifest.json`);
}
console.log(problems ? `${problems} problem(s)` : 'all metrics agree with the manifest');
process.exit(problems ? 1 : 0);
