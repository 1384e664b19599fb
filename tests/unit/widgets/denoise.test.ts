// The denoise widget's pure logic: noise kinds and levels mapped onto the training corruptions, and the error numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corrupt, randomCorruption, Rng } from '../../../src/lib/models/index.ts';
import {
  LEVELS,
  blockBox,
  NOISE_KINDS,
  clampLevel,
  convertLevel,
  corruptDigit,
  corruptionFor,
  inTrainedRange,
  resolveLevel,
} from '../../../src/widgets/denoise/noise-levels.ts';
import { formatBce, formatPsnr, mse, psnr, verdict } from '../../../src/widgets/denoise/error-metrics.ts';
import { denoiseSchema } from '../../../src/widgets/denoise/state.ts';
import { readState, writeState } from '../../../src/widgets/runtime/url-state.ts';

function digit(): Float32Array {
  const x = new Float32Array(784);
  for (let r = 6; r < 22; r++) for (let c = 12; c < 16; c++) x[r * 28 + c] = 1;
  return x;
}

test('each kind maps onto the training code’s corruption with the same level', () => {
  assert.deepEqual(corruptionFor('gaussian', 0.3), { kind: 'gaussian', std: 0.3 });
  assert.deepEqual(corruptionFor('salt-pepper', 0.2), { kind: 'saltPepper', fraction: 0.2 });
  assert.deepEqual(corruptionFor('block', 12), { kind: 'block', size: 12 });
});

test('corruptDigit is the training corruption with a generator seeded by the widget seed only', () => {
  const x = digit();
  for (const kind of NOISE_KINDS) {
    const level = LEVELS[kind].initial;
    const a = corruptDigit(x, kind, level, 7);
    assert.deepEqual(a, corrupt(x, corruptionFor(kind, level), new Rng('denoise-7')), kind);
    assert.deepEqual(a, corruptDigit(x, kind, level, 7), `${kind}: reproducible`);
    assert.notDeepEqual(a, corruptDigit(x, kind, level, 8), `${kind}: another seed, another picture`);
  }
  assert.deepEqual(corruptDigit(x, 'gaussian', 0, 3), x, 'level 0 leaves the digit clean');
});

test('Gaussian noise with one seed scales with the level: the same pattern, stronger', () => {
  const x = new Float32Array(784).fill(0.5);
  const a = corruptDigit(x, 'gaussian', 0.1, 4);
  const b = corruptDigit(x, 'gaussian', 0.2, 4);
  for (let i = 0; i < 784; i++) if (a[i]! > 0 && a[i]! < 1 && b[i]! > 0 && b[i]! < 1) assert.ok(Math.abs(b[i]! - 0.5 - 2 * (a[i]! - 0.5)) < 1e-5);
});

test('levels snap to the slider step and stay in range; negative means the initial level', () => {
  assert.equal(clampLevel('gaussian', 0.333), 0.35);
  assert.equal(clampLevel('gaussian', 7), 1);
  assert.equal(clampLevel('salt-pepper', -0.5), 0);
  assert.equal(clampLevel('block', 12.4), 12);
  assert.equal(clampLevel('block', Number.NaN), LEVELS.block.initial);
  assert.equal(resolveLevel('block', -1), LEVELS.block.initial);
  assert.equal(resolveLevel('salt-pepper', 0.25), 0.25);
});

test('switching kind keeps the same fraction of the slider range', () => {
  assert.equal(convertLevel('gaussian', 'block', 0.5), 10);
  assert.equal(convertLevel('gaussian', 'salt-pepper', 1), 0.6);
  assert.equal(convertLevel('block', 'gaussian', 0), 0);
  assert.equal(convertLevel('salt-pepper', 'salt-pepper', 0.17), 0.17);
});

test('the trained ranges are those of randomCorruption, and initial levels lie inside them', () => {
  const rng = new Rng('ranges');
  const seen: Record<string, [number, number]> = {};
  for (let i = 0; i < 20000; i++) {
    const c = randomCorruption(rng);
    const [kind, v] =
      c.kind === 'gaussian'
        ? ['gaussian', c.std]
        : c.kind === 'saltPepper'
          ? ['salt-pepper', c.fraction]
          : c.kind === 'block'
            ? ['block', c.size]
            : ['none', 0];
    const r = (seen[kind] ??= [Infinity, -Infinity]);
    seen[kind] = [Math.min(r[0], v), Math.max(r[1], v)];
  }
  for (const k of NOISE_KINDS) {
    const [lo, hi] = LEVELS[k].trained;
    const tol = (hi - lo) * 0.002;
    assert.ok(seen[k]![0] >= lo && seen[k]![0] - lo <= tol, `${k}: lowest trained level ${seen[k]![0]} vs ${lo}`);
    assert.ok(seen[k]![1] <= hi && hi - seen[k]![1] <= tol, `${k}: highest trained level ${seen[k]![1]} vs ${hi}`);
  }
  for (const k of NOISE_KINDS) assert.ok(inTrainedRange(k, LEVELS[k].initial), k);
  assert.ok(!inTrainedRange('gaussian', 0.8));
  assert.ok(!inTrainedRange('block', 4));
});

test('MSE and PSNR: known values, infinite PSNR for a perfect copy', () => {
  const a = new Float32Array(784);
  const b = new Float32Array(784).fill(0.1);
  assert.ok(Math.abs(mse(a, b) - 0.01) < 1e-9);
  assert.ok(Math.abs(psnr(a, b) - 20) < 1e-6);
  assert.equal(psnr(a, a), Infinity);
  assert.throws(() => mse(a, new Float32Array(10)), /784 and 10/);
  assert.equal(formatPsnr(16.549), '16.5 dB');
  assert.equal(formatPsnr(Infinity), '∞ dB');
  assert.equal(formatBce(106.6), '107 nats');
});

test('the verdict names the three images from closest to farthest', () => {
  assert.equal(
    verdict({ noisy: 9.37, dae: 16.55, ae: 10.91 }),
    'Closest to the clean digit: the denoising model (16.6 dB), then the plain autoencoder (10.9 dB), then the noisy input (9.4 dB).',
  );
  assert.match(verdict({ noisy: Infinity, dae: 18, ae: 18.7 }), /^Closest to the clean digit: the noisy input \(∞ dB\), then the plain/);
});

test('URL state: defaults, malformed values and a round trip', () => {
  const s = readState(denoiseSchema, new URLSearchParams('denoise.noise=%3Cx%3E&denoise.seed=-4&denoise.level=abc&denoise.digit=5000'), 'denoise');
  assert.deepEqual(s, { digit: denoiseSchema.digit.default, noise: 'gaussian', level: -1, seed: 1 });
  const t = { digit: 12, noise: 'block' as const, level: 9, seed: 42 };
  const back = readState(denoiseSchema, writeState(denoiseSchema, t, new URLSearchParams(), 'denoise'), 'denoise');
  assert.deepEqual(back, t);
});

test('blockBox finds the square the block mask erased', () => {
  const x = new Float32Array(784).fill(0.7);
  for (const [level, seed] of [
    [14, 1],
    [6, 26],
    [20, 3],
    [1, 9],
  ] as const) {
    const box = blockBox(level, seed)!;
    assert.equal(box.size, level);
    const y = corruptDigit(x, 'block', level, seed);
    for (let r = 0; r < 28; r++)
      for (let c = 0; c < 28; c++) {
        const inside: boolean = r >= box.row && r < box.row + box.size && c >= box.col && c < box.col + box.size;
        assert.equal(y[r * 28 + c], inside ? 0 : x[r * 28 + c], `level ${level} seed ${seed} at ${r},${c}`);
      }
  }
  assert.equal(blockBox(0, 1), null);
});
