// The seeded corruptions shared by the DAE trainer and the denoise widget (src/lib/models/noise.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corrupt, randomCorruption, Rng } from '../../../src/lib/models/index.ts';

/** A grey test digit: a filled square in the middle at 0.8, paper elsewhere. */
function digit(): Float32Array {
  const x = new Float32Array(784);
  for (let r = 8; r < 20; r++) for (let c = 8; c < 20; c++) x[r * 28 + c] = 0.8;
  return x;
}

test('the same seed gives the same corruption, a different seed a different one', () => {
  const x = digit();
  for (const c of [
    { kind: 'gaussian', std: 0.4 },
    { kind: 'saltPepper', fraction: 0.2 },
    { kind: 'block', size: 10 },
  ] as const) {
    const a = corrupt(x, c, new Rng('s1'));
    const b = corrupt(x, c, new Rng('s1'));
    const d = corrupt(x, c, new Rng('s2'));
    assert.deepEqual(a, b, c.kind);
    assert.notDeepEqual(a, d, c.kind);
  }
});

test('corrupt copies: the input is left untouched, and "none" returns an equal copy', () => {
  const x = digit();
  const before = x.slice();
  corrupt(x, { kind: 'gaussian', std: 1 }, new Rng(1));
  assert.deepEqual(x, before);
  const y = corrupt(x, { kind: 'none' }, new Rng(1));
  assert.deepEqual(y, x);
  assert.notEqual(y, x);
});

test('Gaussian noise: clipped to [0, 1], unbiased inside the range, with the requested spread', () => {
  const x = new Float32Array(784 * 50).fill(0.5);
  const y = corrupt(x, { kind: 'gaussian', std: 0.1 }, new Rng('g'));
  let s = 0;
  let s2 = 0;
  for (const v of y) {
    assert.ok(v >= 0 && v <= 1);
    s += v - 0.5;
    s2 += (v - 0.5) ** 2;
  }
  const m = s / y.length;
  const sd = Math.sqrt(s2 / y.length - m * m);
  assert.ok(Math.abs(m) < 0.003, `mean shift ${m}`);
  assert.ok(Math.abs(sd - 0.1) < 0.003, `std ${sd}`); // 0.5 ± 5σ never clips
  const z = corrupt(digit(), { kind: 'gaussian', std: 2 }, new Rng('clip'));
  assert.ok(z.every((v) => v >= 0 && v <= 1));
  assert.ok(z.filter((v) => v === 0 || v === 1).length > 500, 'large noise saturates most pixels');
});

test('salt-and-pepper: about a fraction ρ of pixels set to exactly 0 or 1, half each', () => {
  const x = new Float32Array(784 * 50).fill(0.5);
  const y = corrupt(x, { kind: 'saltPepper', fraction: 0.2 }, new Rng('sp'));
  const zeros = y.filter((v) => v === 0).length / y.length;
  const ones = y.filter((v) => v === 1).length / y.length;
  const kept = y.filter((v) => v === 0.5).length / y.length;
  assert.ok(Math.abs(zeros + ones - 0.2) < 0.01, `hit ${zeros + ones}`);
  assert.ok(Math.abs(zeros - ones) < 0.01, `salt ${ones} pepper ${zeros}`);
  assert.ok(Math.abs(kept - 0.8) < 0.01);
});

test('block mask: one b×b square of zeros inside the image, everything else unchanged', () => {
  const x = new Float32Array(784).fill(1);
  for (const size of [0, 1, 6, 14, 28]) {
    const y = corrupt(x, { kind: 'block', size }, new Rng(`b${size}`));
    const zeroIdx = [...y.keys()].filter((i) => y[i] === 0);
    assert.equal(zeroIdx.length, size * size, `size ${size}`);
    if (size === 0) continue;
    const rows = zeroIdx.map((i) => Math.floor(i / 28));
    const cols = zeroIdx.map((i) => i % 28);
    assert.equal(Math.max(...rows) - Math.min(...rows) + 1, size);
    assert.equal(Math.max(...cols) - Math.min(...cols) + 1, size);
    assert.ok(y.every((v) => v === 0 || v === 1));
  }
});

test('several digits in one array are corrupted one by one (one block each)', () => {
  const x = new Float32Array(784 * 3).fill(1);
  const y = corrupt(x, { kind: 'block', size: 5 }, new Rng('multi'));
  for (let d = 0; d < 3; d++) assert.equal(y.subarray(d * 784, (d + 1) * 784).filter((v) => v === 0).length, 25);
});

test('randomCorruption stays within the training ranges and uses every kind', () => {
  const rng = new Rng('rc');
  const seen = new Map<string, number>();
  for (let i = 0; i < 4000; i++) {
    const c = randomCorruption(rng);
    seen.set(c.kind, (seen.get(c.kind) ?? 0) + 1);
    if (c.kind === 'gaussian') assert.ok(c.std >= 0.1 && c.std <= 0.6);
    if (c.kind === 'saltPepper') assert.ok(c.fraction >= 0.05 && c.fraction <= 0.4);
    if (c.kind === 'block') assert.ok(Number.isInteger(c.size) && c.size >= 6 && c.size <= 14);
  }
  // 30% / 30% / 30% / 10%.
  assert.ok(Math.abs(seen.get('gaussian')! / 4000 - 0.3) < 0.03);
  assert.ok(Math.abs(seen.get('saltPepper')! / 4000 - 0.3) < 0.03);
  assert.ok(Math.abs(seen.get('block')! / 4000 - 0.3) < 0.03);
  assert.ok(Math.abs(seen.get('none')! / 4000 - 0.1) < 0.02);
});
