// kl-vs-recon's pure logic: seeded prior codes, input choice, sample spread, rate–distortion points, domains and iso-lines,
// and the URL field for the five input digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isoLine, meanPairwiseDistance, pickDigits, priorCodes, rdDomain, rdPoints } from '../../../src/widgets/kl-vs-recon/logic.ts';
import { BETAS, DEFAULT_DIGITS, indexListField, klrSchema } from '../../../src/widgets/kl-vs-recon/state.ts';
import { readState, writeState } from '../../../src/widgets/runtime/url-state.ts';

const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8')) as {
  models: Record<string, { metrics?: Record<string, number> }>;
  data: { heldoutLabels: string };
};
const labels = Uint8Array.from([...manifest.data.heldoutLabels].map(Number));

test('prior codes: the same seed gives the same codes, another seed different ones, and they look standard normal', () => {
  assert.deepEqual(priorCodes(7, 8), priorCodes(7, 8));
  assert.notDeepEqual(priorCodes(7, 8), priorCodes(8, 8));
  const many = priorCodes(3, 20000).flat();
  const mean = many.reduce((s, v) => s + v, 0) / many.length;
  const variance = many.reduce((s, v) => s + (v - mean) ** 2, 0) / many.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.04, `variance ${variance}`);
  assert.equal(priorCodes(1, 8)[0]!.length, 2);
});

test('pickDigits: five indices from the start on, all with different labels, wrapping around the end', () => {
  const d = pickDigits(labels, 0);
  assert.deepEqual(d, [...DEFAULT_DIGITS], 'the default inputs are the first five held-out digits with different labels');
  for (const start of [0, 17, 1995]) {
    const p = pickDigits(labels, start);
    assert.equal(p.length, 5);
    assert.equal(new Set(p.map((i) => labels[i])).size, 5, 'labels differ');
    assert.ok(p.every((i) => i >= 0 && i < labels.length));
  }
  assert.ok(
    pickDigits(labels, 1998).some((i) => i < 1998),
    'wraps to the start',
  );
  assert.deepEqual(pickDigits([1, 1, 1, 2], 0), [0, 3], 'fewer than five classes: as many as there are');
});

test('meanPairwiseDistance: zero for identical images, the RMS pixel difference otherwise', () => {
  const same = new Float32Array(3 * 4).fill(0.5);
  assert.equal(meanPairwiseDistance(same, 3, 4), 0);
  // Images 0, 1, 0.5 everywhere: pair distances 1, 0.5, 0.5 → mean 2/3.
  const px = Float32Array.from([0, 0, 1, 1, 0.5, 0.5]);
  assert.ok(Math.abs(meanPairwiseDistance(px, 3, 2) - 2 / 3) < 1e-9);
  assert.equal(meanPairwiseDistance(px, 1, 2), 0, 'one image has no pairs');
});

test('rdPoints: every sweep member in β order plus the two one-term models, from the manifest', () => {
  const pts = rdPoints(manifest.models);
  assert.deepEqual(
    pts.filter((p) => p.kind === 'sweep').map((p) => p.beta),
    [...BETAS],
  );
  const recon = pts.find((p) => p.kind === 'recon')!;
  const kl = pts.find((p) => p.kind === 'kl')!;
  assert.equal(recon.rate, manifest.models['vae-recon-only']!.metrics!.kl);
  assert.equal(kl.distortion, manifest.models['vae-kl-only']!.metrics!.recon);
  // The shipped sweep: as β grows the rate falls and the distortion does not fall.
  const sweep = pts.filter((p) => p.kind === 'sweep');
  for (let i = 1; i < sweep.length; i++) {
    assert.ok(sweep[i]!.rate < sweep[i - 1]!.rate, `rate falls at β = ${sweep[i]!.beta}`);
    assert.ok(sweep[i]!.distortion >= sweep[i - 1]!.distortion - 0.5, `distortion at β = ${sweep[i]!.beta}`);
  }
  assert.ok(kl.rate < 0.01, 'the KL-only model has (nearly) zero rate');
  assert.deepEqual(rdPoints({}), [], 'an empty manifest gives no points');
});

test('rdDomain holds every point with rate from 0; isoLine has slope −β and passes through the point', () => {
  const pts = rdPoints(manifest.models);
  const dom = rdDomain(pts);
  assert.equal(dom.rate[0], 0);
  for (const p of pts) {
    assert.ok(p.rate <= dom.rate[1]);
    assert.ok(p.distortion > dom.distortion[0] && p.distortion < dom.distortion[1]);
  }
  const p = { model: 'm', kind: 'sweep' as const, beta: '2' as const, rate: 4, distortion: 160 };
  const [[r0, d0], [r1, d1]] = isoLine(p, 2, [0, 10]);
  assert.equal(r0, 0);
  assert.equal(r1, 10);
  assert.ok(Math.abs((d1 - d0) / (r1 - r0) + 2) < 1e-12, 'slope −β');
  assert.ok(Math.abs(d0 - (160 + 2 * 4)) < 1e-12, 'D + βR is the same along the line');
  // Each sweep member minimises D + βR for its own β, so no other member lies far below its line (up to training noise);
  // chapter 5's try-this says so.
  const sweep = pts.filter((x) => x.kind === 'sweep');
  for (const p of sweep) {
    const b = Number(p.beta);
    for (const q of sweep) assert.ok(q.distortion + b * q.rate > p.distortion + b * p.rate - 0.5, `β = ${p.beta} vs ${q.beta}`);
  }
});

test('the digits URL field: five distinct indices in range, else the default; round-trips through the URL', () => {
  const f = indexListField(5, 1999, [0, 1, 2, 3, 5]);
  assert.deepEqual(f.parse('3,17,250,4,1999'), [3, 17, 250, 4, 1999]);
  for (const bad of ['3,17,250,4', '3,17,250,4,2000', '1,1,2,3,4', '1,2,3,4,x', '-1,2,3,4,5', '', '1.5,2,3,4,5'])
    assert.equal(f.parse(bad), undefined, bad);
  const state = { beta: '4' as const, seed: 42, digits: [9, 8, 7, 6, 5], ends: false };
  const params = writeState(klrSchema, state, new URLSearchParams(), 'kl-vs-recon');
  assert.equal(params.get('kl-vs-recon.digits'), '9,8,7,6,5');
  assert.deepEqual(readState(klrSchema, params, 'kl-vs-recon'), state);
  const defaults = readState(klrSchema, new URLSearchParams('kl-vs-recon.beta=3&kl-vs-recon.seed=-1&kl-vs-recon.digits=1,2'), 'kl-vs-recon');
  assert.deepEqual(defaults, { beta: '1', seed: 1, digits: [...DEFAULT_DIGITS], ends: true });
  assert.equal(writeState(klrSchema, defaults, new URLSearchParams(), 'kl-vs-recon').toString(), '', 'defaults are not written');
});
