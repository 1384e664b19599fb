// Attributes measured from pixels (slant, thickness, width, height) and attribute directions from group means.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxSize, measure, skeletonize, slant, thickness, inkMask } from '../../../src/widgets/attributes/measure.ts';
import { attributeDirection, linspace, mostSkewedClass, pathAlong } from '../../../src/widgets/attributes/directions.ts';

/** A 28×28 image of a bar through (14, 14), `deg` degrees from vertical (positive: top to the right), `w` px wide. */
function bar(deg: number, w = 2, len = 18): Float32Array {
  const img = new Float32Array(784);
  const t = (deg * Math.PI) / 180;
  // Unit vector along the bar, pointing up (image y grows downwards).
  const ux = Math.sin(t);
  const uy = -Math.cos(t);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const dx = x + 0.5 - 14;
      const dy = y + 0.5 - 14;
      const along = dx * ux + dy * uy;
      const across = Math.abs(dx * uy - dy * ux);
      if (Math.abs(along) <= len / 2 && across <= w / 2) img[y * 28 + x] = 1;
    }
  return img;
}

test('a vertical bar has no slant, and bars leaning right or left give positive or negative angles near the truth', () => {
  assert.ok(Math.abs(slant(bar(0))) < 1e-9);
  for (const deg of [10, 20, 30, -15, -25]) {
    const s = slant(bar(deg));
    assert.ok(Math.abs(s - deg) < 2.5, `bar at ${deg}°: measured ${s.toFixed(2)}°`);
  }
});

test('slant is exact for a one-pixel line x = x0 + b·y (the regression of x on y recovers the shear)', () => {
  const img = new Float32Array(784);
  // x = 20 − 0.5·y for y = 4…23: the top leans right, by atan(0.5) = 26.57°.
  for (let y = 4; y < 24; y++) img[y * 28 + (20 - 0.5 * y)] = Number.isInteger(20 - 0.5 * y) ? 1 : 0;
  const only = new Float32Array(784);
  for (let y = 4; y < 24; y += 2) only[y * 28 + (20 - y / 2)] = 1;
  assert.ok(Math.abs(slant(only) - (Math.atan(0.5) * 180) / Math.PI) < 1e-9, `got ${slant(only)}`);
});

test('slant of a blank image, a round blob and a horizontal line is 0 (no NaN)', () => {
  assert.equal(slant(new Float32Array(784)), 0);
  const row = new Float32Array(784);
  for (let x = 4; x < 24; x++) row[14 * 28 + x] = 1;
  assert.equal(slant(row), 0);
  const disc = new Float32Array(784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) if ((x - 13.5) ** 2 + (y - 13.5) ** 2 < 36) disc[y * 28 + x] = 1;
  assert.ok(Math.abs(slant(disc)) < 1e-9);
});

test('thickness grows with the stroke width of a bar, and is close to it', () => {
  const t2 = thickness(bar(0, 2));
  const t4 = thickness(bar(0, 4));
  const t6 = thickness(bar(0, 6));
  assert.ok(t2 < t4 && t4 < t6, `${t2}, ${t4}, ${t6}`);
  assert.ok(Math.abs(t4 - 4) < 1, `a 4-px bar measures ${t4}`);
  assert.equal(thickness(new Float32Array(784)), 0);
});

test('the skeleton of a thick bar is one pixel wide and about as long as the bar', () => {
  const sk = skeletonize(inkMask(bar(0, 5, 16)));
  const rows = new Set<number>();
  for (let i = 0; i < 784; i++) if (sk[i]) rows.add(Math.floor(i / 28));
  const count = sk.reduce((a, v) => a + v, 0);
  assert.ok(count >= 10 && count <= 17, `skeleton has ${count} pixels`);
  assert.equal(count, rows.size, 'one pixel per row');
});

test('width and height are the bounding box of the ink', () => {
  const img = new Float32Array(784);
  for (let y = 5; y < 25; y++) for (let x = 10; x < 17; x++) img[y * 28 + x] = 0.9;
  img[0] = 0.3; // faint pixel: below the ink threshold
  assert.deepEqual(boxSize(img), { width: 7, height: 20 });
  assert.equal(measure('width', img), 7);
  assert.equal(measure('height', img), 20);
  const two = new Float32Array(784 * 2);
  two.set(img, 784);
  assert.equal(measure('width', two, 784), 7, 'reads the digit at the offset');
});

test('the most skewed class is found whichever group it crowds', () => {
  const dir = {
    v: new Float32Array(1),
    highMean: 0,
    lowMean: 0,
    highCounts: [5, 5, 0, 0, 0, 0, 0, 0, 0, 0],
    lowCounts: [1, 1, 8, 0, 0, 0, 0, 0, 0, 0],
  };
  assert.deepEqual(mostSkewedClass(dir), { digit: 2, highShare: 0, lowShare: 0.8 });
});

test('pooled direction: the difference of the top and bottom quarters’ mean codes', () => {
  // Codes (x, class) in 2-D; the attribute equals x.
  const codes: number[] = [];
  const values: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 8; i++) {
    codes.push(i, 0);
    values.push(i);
    labels.push(0);
  }
  const dir = attributeDirection(codes, 2, values, labels, 'pooled', 0.25);
  // Top quarter: 6, 7 (mean 6.5); bottom: 0, 1 (mean 0.5).
  assert.deepEqual(Array.from(dir.v), [6, 0]);
  assert.equal(dir.highMean, 6.5);
  assert.equal(dir.lowMean, 0.5);
});

test('within-class directions remove class entanglement that the pooled direction picks up', () => {
  // Two classes at code y = 0 and y = 10; class 1 is more slanted on average. Inside each class the attribute moves x only.
  const codes: number[] = [];
  const values: number[] = [];
  const labels: number[] = [];
  for (const c of [0, 1])
    for (let i = 0; i < 20; i++) {
      codes.push(i, 10 * c);
      values.push(i + 15 * c);
      labels.push(c);
    }
  const pooled = attributeDirection(codes, 2, values, labels, 'pooled');
  const within = attributeDirection(codes, 2, values, labels, 'within-class');
  assert.ok(pooled.v[1]! > 5, `pooled direction leaks toward class 1: ${Array.from(pooled.v)}`);
  assert.ok(Math.abs(within.v[1]!) < 1e-9, 'within-class direction has no class component');
  assert.ok(within.v[0]! > 10);
  const skew = mostSkewedClass(pooled);
  assert.equal(Math.abs(skew.highShare - skew.lowShare), 1, 'one class fills the top quarter, the other the bottom');
  assert.equal(skew.highShare, skew.digit === 1 ? 1 : 0);
  assert.deepEqual(within.highCounts.slice(0, 2), [5, 5]);
});

test('pathAlong and linspace', () => {
  assert.deepEqual(linspace(-2, 2, 5), [-2, -1, 0, 1, 2]);
  assert.deepEqual(pathAlong([1, 1], [1, -1], [0, 2]), [
    [1, 1],
    [3, -1],
  ]);
});

test('the shipped attribute directions (vae-16d/attribute-directions.json) are what the widget computes from the shipped vae-16d and all held-out digits', async () => {
  await import('../models/setup.ts');
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const { split, toFloat } = await import('../../../scripts/train/data.ts');
  const { decodeModel, disposeModel, encodeMeans } = await import('../../../src/lib/models/index.ts');
  const { ATTRIBUTES, measureAll } = await import('../../../src/widgets/attributes/measure.ts');
  const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8'));
  const rec = manifest.models['vae-16d'];
  const asset = rec.assets?.attributeDirections;
  assert.ok(asset, 'weights/manifest.json lists vae-16d.assets.attributeDirections (npm run train -- vae-16d writes it)');
  const buf = readFileSync(`weights/${asset.path}`);
  assert.equal(buf.length, asset.bytes);
  assert.equal(createHash('sha256').update(buf).digest('hex'), asset.sha256);
  const shipped = JSON.parse(buf.toString('utf8'));
  const mj = JSON.parse(readFileSync(`weights/${rec.modelJson}`, 'utf8'));
  const shards = Object.fromEntries(
    rec.files
      .filter((f: { part?: string }) => f.part)
      .map((f: { path: string }) => [f.path.slice('vae-16d/'.length), readFileSync(`weights/${f.path}`)]),
  );
  const model = decodeModel(mj, shards);
  const { heldout } = split();
  const H = toFloat(heldout);
  const codes = encodeMeans(model, H);
  disposeModel(model);
  assert.equal(shipped.digits, heldout.count);
  for (const attr of ATTRIBUTES) {
    const values = measureAll(attr, H, heldout.count);
    for (const g of ['pooled', 'within-class'] as const) {
      const want = attributeDirection(codes, 16, values, heldout.labels, g);
      const got = shipped.directions[attr][g];
      assert.deepEqual([got.highCounts, got.lowCounts], [want.highCounts, want.lowCounts], `${attr} ${g}: the same digits in each group`);
      assert.ok(Math.abs(got.highMean - want.highMean) < 1e-9 && Math.abs(got.lowMean - want.lowMean) < 1e-9, `${attr} ${g}: group means`);
      for (let j = 0; j < 16; j++) assert.ok(Math.abs(got.v[j] - want.v[j]!) < 1e-5, `${attr} ${g}: v[${j}] ${got.v[j]} vs ${want.v[j]}`);
    }
  }
});
