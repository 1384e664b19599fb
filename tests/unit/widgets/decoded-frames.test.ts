// Shipped first frames (src/widgets/shared/decoded-frames.ts): packing and quantising, and the shipped PNGs against what the
// shipped models decode from the codes the widgets themselves ask for (latent-walk/ and kl-vs-recon/frame-codes.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../models/setup.ts';
import { decodeGreyPng } from '../../../scripts/train/png.ts';
import { sha256 } from '../../../scripts/train/record.ts';
import { FRAMES, computeFrames, extraFields, maxAbsDiff, recordKey, sameWithin } from '../../../scripts/train/decoded-frames.ts';
import {
  FRAME_COLS,
  decodedFramesKey,
  frameTolerance,
  packFrames,
  quantise,
  unpackGroup,
  type DecodedFramesRecord,
} from '../../../src/widgets/shared/decoded-frames.ts';
import { cursorKey, gridCodes, gridKey, stripKey, walkFrameRequests } from '../../../src/widgets/latent-walk/frame-codes.ts';
import { walkSchema } from '../../../src/widgets/latent-walk/state.ts';
import { gridCoords } from '../../../src/widgets/shared/normal.ts';
import { FRAME_MODELS, klrFrameRequests, priorKey, reconKey } from '../../../src/widgets/kl-vs-recon/frame-codes.ts';
import { priorCodes } from '../../../src/widgets/kl-vs-recon/logic.ts';
import { klrSchema, SAMPLES } from '../../../src/widgets/kl-vs-recon/state.ts';
import { RETRIEVAL_MODEL, hasRetrievalFrame, queryKey, rowKey, type RetrievalFrameRecord } from '../../../src/widgets/retrieval/frame.ts';
import { DEFAULT_QUERY } from '../../../src/widgets/retrieval/state.ts';
import { DATABASE_SIZE, nearest } from '../../../src/widgets/retrieval/neighbours.ts';
import { readHeldoutImages } from '../../../scripts/train/shipped.ts';
import {
  FRAME_MODEL as DENOISE_FRAME_MODEL,
  cleanKey,
  defaultFrameState,
  frameKey,
  hasDenoiseFrame,
  outputKey,
  type DenoiseFrameRecord,
} from '../../../src/widgets/denoise/frame.ts';
import { psnr } from '../../../src/widgets/denoise/error-metrics.ts';
import {
  FRAME_DIGIT,
  hasVariantsFrame,
  inputKey as variantInputKey,
  reconKey as variantReconKey,
  type VariantsFrameRecord,
} from '../../../src/widgets/ae-variants/frame.ts';
import { VARIANTS } from '../../../src/widgets/ae-variants/variants.ts';
import {
  cursorKey as cvaeCursorKey,
  defaultCvaeState,
  hasCvaeFrame,
  sampleCodes,
  samplesKey,
  styleKey as cvaeStyleKey,
  type CvaeFrameRecord,
} from '../../../src/widgets/cvae/frame.ts';

test('quantising keeps 0 and 1 and is within half a grey level', () => {
  for (const levels of [16, 256]) {
    assert.equal(quantise(0, levels), 0);
    assert.equal(quantise(1, levels), 255);
    assert.equal(quantise(-0.3, levels), 0);
    assert.equal(quantise(1.7, levels), 255);
    for (let v = 0; v <= 1; v += 0.0137) assert.ok(Math.abs(quantise(v, levels) / 255 - v) <= frameTolerance(levels), `${v} at ${levels}`);
  }
  // Sixteen levels really are coarser: some value lands more than a 256-level step away.
  assert.ok(Math.abs(quantise(0.5, 16) / 255 - 0.5) > 0.5 / 255);
});

test('groups pack into tiles and unpack to the same images, each with its own grey levels', () => {
  const a = Float32Array.from({ length: 3 * 784 }, (_, i) => (i % 97) / 96);
  const b = Float32Array.from({ length: 17 * 784 }, (_, i) => ((i * 7) % 101) / 100);
  const packed = packFrames([
    { key: 'a', pixels: a, levels: 256 },
    { key: 'b', pixels: b, levels: 16 },
  ]);
  assert.equal(packed.width, 28 * FRAME_COLS);
  assert.equal(packed.height, 28 * 2);
  assert.deepEqual(packed.groups, { a: { first: 0, count: 3, levels: 256 }, b: { first: 3, count: 17, levels: 16 } });
  const read = (i: number) => packed.grey[i]!;
  assert.ok(maxAbsDiff(unpackGroup(packed.groups.a!, packed.width, read), a) <= frameTolerance(256));
  assert.ok(maxAbsDiff(unpackGroup(packed.groups.b!, packed.width, read), b) <= frameTolerance(16));
  assert.throws(() => packFrames([{ key: 'bad', pixels: new Float32Array(100), levels: 16 }]), /whole number of 28 × 28 images/);
  assert.equal(decodedFramesKey('latent-walk'), 'latentWalkFrames');
});

test('latent-walk ships the groups of its default state: the cursor, the strip and the 15 × 15 grid', () => {
  const mu = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i));
  const req = walkFrameRequests(mu);
  const d = walkSchema;
  assert.deepEqual(
    req.map((r) => r.key),
    [cursorKey([d.x.default, d.y.default]), stripKey(d.a.default, d.b.default, d.mode.default), gridKey(d.n.default)],
  );
  assert.equal(req[0]!.key, 'cursor:0.00,0.00');
  const grid = req[2]!.codes;
  assert.equal(grid.length, 15 * 15);
  // Row 0 is the top of the map (largest z₂), column 0 its left (smallest z₁).
  const c = gridCoords(15);
  assert.deepEqual(grid[0], [c[0], c[14]]);
  assert.deepEqual(gridCodes(3)[5], [gridCoords(3)[2], gridCoords(3)[1]]);
  // The strip runs from digit a's μ to b's.
  const strip = req[1]!.codes;
  assert.deepEqual(strip[0], [mu[2 * 63], mu[2 * 63 + 1]]);
  assert.ok(Math.abs(strip.at(-1)![0]! - mu[2 * 153]!) < 1e-6);
});

test('kl-vs-recon ships, for each of its three opening panels, the default seed’s prior samples and the default inputs', () => {
  assert.deepEqual(FRAME_MODELS, ['vae-recon-only', 'vae-kl-only', 'beta-1']);
  assert.ok(FRAMES.filter((f) => f.widget === 'kl-vs-recon').every((f, i) => f.model === FRAME_MODELS[i]));
  const mu = Float32Array.from({ length: 4000 }, (_, i) => Math.cos(i));
  const req = klrFrameRequests(mu);
  assert.deepEqual(
    req.map((r) => r.key),
    ['prior:1', 'recon:0,1,2,3,5'],
  );
  assert.equal(priorKey(klrSchema.seed.default), 'prior:1');
  assert.equal(reconKey(klrSchema.digits.default), 'recon:0,1,2,3,5');
  assert.deepEqual(req[0]!.codes, priorCodes(1, SAMPLES));
  assert.deepEqual(req[1]!.codes[2], [mu[4], mu[5]]);
  assert.equal(decodedFramesKey('kl-vs-recon'), 'klVsReconFrames');
});

test('the shipped first frames are what the shipped models decode from the widgets’ own codes', () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const hint = 'run `node scripts/with-node.mjs node scripts/eval-frames.ts --write`';
  for (const spec of FRAMES) {
    const rec = manifest.models[spec.model].assets?.[recordKey(spec)] as DecodedFramesRecord | undefined;
    assert.ok(rec, `${spec.model} has no assets.${recordKey(spec)} in weights/manifest.json: ${hint}`);
    const bytes = readFileSync(join(weights, rec.path));
    assert.equal(sha256(bytes), rec.sha256, `${rec.path}'s sha256 differs from the manifest's: ${hint}`);
    assert.equal(bytes.length, rec.bytes);
    const png = decodeGreyPng(bytes);
    assert.deepEqual([png.width, png.height], [rec.width, rec.height]);
    const { exact, record } = computeFrames(weights, manifest, spec);
    for (const [field, value] of Object.entries(extraFields(record)))
      assert.ok(sameWithin((rec as unknown as Record<string, unknown>)[field], value, 1e-4), `${spec.widget}: ${field} differs: ${hint}`);
    assert.deepEqual(Object.keys(rec.groups).sort(), [...exact.keys()].sort(), `${spec.widget}: other groups than the widget asks for: ${hint}`);
    for (const [key, px] of exact) {
      const g = rec.groups[key]!;
      const worst = maxAbsDiff(
        unpackGroup(g, rec.width, (i) => png.pixels[i]!),
        px,
      );
      assert.ok(worst <= frameTolerance(g.levels), `${spec.widget} ${key}: pixels differ by up to ${worst}: ${hint}`);
    }
  }
});

test('retrieval ships its default query with its eight code and eight pixel neighbours, as the widget’s own search finds them', () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const spec = FRAMES.find((f) => f.widget === 'retrieval')!;
  assert.equal(spec.model, RETRIEVAL_MODEL);
  const { record, exact } = computeFrames(weights, manifest, spec);
  const q = DEFAULT_QUERY;
  assert.deepEqual([...exact.keys()], [queryKey(q), rowKey('code', q), rowKey('pixel', q)]);
  assert.ok(hasRetrievalFrame(record, q));
  assert.ok(!hasRetrievalFrame(record, q + 1), 'no other query ships');
  const rows = (record as unknown as RetrievalFrameRecord).neighbours[String(q)]!;
  // The pixel row, recomputed here from the held-out digits alone; the query is in the searched set, so never its own neighbour.
  const H = readHeldoutImages(weights, manifest);
  const pixel = nearest(H.subarray(q * 784, (q + 1) * 784), H.subarray(0, DATABASE_SIZE * 784), 784, DATABASE_SIZE, 8, q);
  assert.deepEqual(
    rows.pixel.map((n) => n.index),
    pixel.map((n) => n.index),
  );
  for (const space of ['code', 'pixel'] as const) {
    assert.equal(rows[space].length, 8);
    assert.ok(!rows[space].some((n) => n.index === q));
    // Each neighbour's picture is its held-out digit, exactly (8-bit greys at 256 levels).
    const px = exact.get(rowKey(space, q))!;
    rows[space].forEach((n, k) => assert.equal(maxAbsDiff(px.subarray(k * 784, (k + 1) * 784), H.subarray(n.index * 784, (n.index + 1) * 784)), 0));
  }
});

test('denoise ships its default state: the clean digit and both models’ outputs, with the numbers the widget would show', () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const spec = FRAMES.find((f) => f.widget === 'denoise')!;
  assert.equal(spec.model, DENOISE_FRAME_MODEL);
  const { record, exact } = computeFrames(weights, manifest, spec);
  const d = defaultFrameState();
  assert.deepEqual(d, { digit: 52, kind: 'gaussian', level: 0.5, seed: 1 });
  const key = frameKey(d.digit, d.kind, d.level, d.seed);
  assert.equal(key, '52|gaussian|0.5|1');
  assert.deepEqual([...exact.keys()], [cleanKey(52), outputKey('dae', key), outputKey('ae-16', key)]);
  assert.ok(hasDenoiseFrame(record, key, 52));
  assert.ok(!hasDenoiseFrame(record, frameKey(52, 'gaussian', 0.45, 1), 52), 'no other state ships');
  const H = readHeldoutImages(weights, manifest);
  const clean = H.subarray(52 * 784, 53 * 784);
  assert.equal(maxAbsDiff(exact.get(cleanKey(52))!, clean), 0);
  const scores = (record as unknown as DenoiseFrameRecord).scores[key]!;
  for (const m of ['dae', 'ae-16']) assert.ok(Math.abs(scores[m]!.psnr - psnr(clean, exact.get(outputKey(m, key))!)) < 1e-4, m);
  // Chapter 2's point, in the shipped numbers: at η = 0.5 the denoising model is far closer to the clean digit.
  assert.ok(scores.dae!.psnr > scores['ae-16']!.psnr + 3 && scores.dae!.bce < scores['ae-16']!.bce);
});

test('ae-variants ships its default digit through all five autoencoders: picture, reconstructions, codes and errors', () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const spec = FRAMES.find((f) => f.widget === 'ae-variants')!;
  const { record, exact } = computeFrames(weights, manifest, spec);
  assert.equal(FRAME_DIGIT, 3);
  assert.deepEqual([...exact.keys()], [variantInputKey(3), ...VARIANTS.map((v) => variantReconKey(v.name, 3))]);
  assert.ok(hasVariantsFrame(record, 3));
  assert.ok(!hasVariantsFrame(record, 4), 'no other digit ships');
  const results = (record as unknown as VariantsFrameRecord).results['3']!;
  for (const v of VARIANTS) {
    assert.equal(results[v.name]!.code.length, 16, v.name);
    assert.ok(results[v.name]!.bce > 0, v.name);
  }
  // The sparse model's ReLU code has exact zeros; the plain one has none.
  assert.ok(results['ae-sparse']!.code.filter((c) => c === 0).length > results['ae-16']!.code.filter((c) => c === 0).length);
});

test('cvae ships its default state: the cursor’s digit, the style row and the samples, with the classifier’s readings', () => {
  const weights = join(process.cwd(), 'weights');
  const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8'));
  const spec = FRAMES.find((f) => f.widget === 'cvae')!;
  const { record, exact } = computeFrames(weights, manifest, spec);
  const { label, x, y } = defaultCvaeState();
  assert.deepEqual([label, x, y], [3, 0, 0]);
  assert.deepEqual([...exact.keys()], [cvaeCursorKey(3, 0, 0), cvaeStyleKey(0, 0), samplesKey(3)]);
  assert.deepEqual(
    [...exact.values()].map((px) => px.length / 784),
    [1, 10, 25],
  );
  assert.ok(hasCvaeFrame(record, 3, 0, 0));
  assert.ok(!hasCvaeFrame(record, 4, 0, 0) && !hasCvaeFrame(record, 3, 0.1, 0), 'no other state ships');
  const rec = record as unknown as CvaeFrameRecord;
  const probs = rec.probs[cvaeCursorKey(3, 0, 0)]!;
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.equal(rec.reads[cvaeStyleKey(0, 0)]!.length, 10);
  assert.equal(rec.reads[samplesKey(3)]!.length, 25);
  // The same 25 codes as the widget's: the prior's quantiles, top row first.
  assert.equal(sampleCodes().length, 25);
});
