// Pure helpers of the latent widgets: the normal CDF and its inverse (manifold grid), lerp and slerp (interpolation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridCell, gridCoords, invNormCdf, normCdf, normLogPdf, normPdf } from '../../../src/widgets/shared/normal.ts';
import { interpolate, lerp, slerp } from '../../../src/widgets/shared/interp.ts';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b}`);

test('Φ matches known values', () => {
  close(normCdf(0), 0.5, 1e-15);
  close(normCdf(1), 0.8413447460685429, 1e-13);
  close(normCdf(-1.959963984540054), 0.025, 1e-13);
  close(normCdf(-5), 2.866515718791939e-7, 1e-18);
});

test('the normal density matches known values, standard by default', () => {
  close(normPdf(0), 0.3989422804014327, 1e-15);
  close(normPdf(1), 0.24197072451914337, 1e-15);
  close(normPdf(3, 1, 2), normPdf(1) / 2, 1e-15, 'N(3; 1, 2²) = φ(1)/2');
  close(normLogPdf(-2, 0, 0.5), Math.log(normPdf(-4) / 0.5), 1e-12);
});

test('Φ⁻¹ matches known quantiles and inverts Φ across (0, 1)', () => {
  close(invNormCdf(0.5), 0, 1e-12);
  close(invNormCdf(0.975), 1.959963984540054, 1e-10);
  close(invNormCdf(0.05), -1.6448536269514722, 1e-10);
  close(invNormCdf(1e-10), -6.361340902404056, 1e-8);
  for (let p = 0.0005; p < 1; p += 0.0137) close(normCdf(invNormCdf(p)), p, 1e-12, `p=${p}`);
  assert.equal(invNormCdf(0), -Infinity);
  assert.equal(invNormCdf(1), Infinity);
  assert.ok(Number.isNaN(invNormCdf(1.5)));
});

test('grid coordinates are symmetric, ascending, and each falls in its own cell', () => {
  for (const n of [1, 2, 5, 10, 15, 20]) {
    const c = gridCoords(n);
    assert.equal(c.length, n);
    c.forEach((v, i) => {
      close(v, -c[n - 1 - i]!, 1e-12);
      if (i) assert.ok(v > c[i - 1]!);
      assert.equal(gridCell(v, n), i);
    });
  }
  assert.equal(gridCell(-100, 7), 0);
  assert.equal(gridCell(100, 7), 6);
});

test('lerp goes straight from a to b', () => {
  assert.deepEqual(lerp([0, 0], [2, 4], 0.5), [1, 2]);
  assert.deepEqual(lerp([1, 1], [3, 3], 0), [1, 1]);
  assert.deepEqual(lerp([1, 1], [3, 3], 1), [3, 3]);
});

test('slerp keeps the norm when |a| = |b|, sweeps the angle evenly, and hits both ends', () => {
  const a = [2, 0];
  const b = [0, 2];
  const m = slerp(a, b, 0.5);
  close(Math.hypot(m[0]!, m[1]!), 2, 1e-12);
  close(Math.atan2(m[1]!, m[0]!), Math.PI / 4, 1e-12);
  const q = slerp(a, b, 0.25);
  close(Math.atan2(q[1]!, q[0]!), Math.PI / 8, 1e-12);
  slerp(a, b, 0).forEach((v, i) => close(v, a[i]!, 1e-12));
  slerp(a, b, 1).forEach((v, i) => close(v, b[i]!, 1e-12));
  // Linear interpolation cuts the corner: its midpoint is shorter.
  const l = lerp(a, b, 0.5);
  assert.ok(Math.hypot(l[0]!, l[1]!) < 2 - 0.5);
});

test('slerp falls back gracefully for parallel, zero and opposite vectors', () => {
  slerp([1, 1], [2, 2], 0.5).forEach((v, i) => close(v, [1.5, 1.5][i]!, 1e-9));
  slerp([0, 0], [2, 2], 0.5).forEach((v, i) => close(v, [1, 1][i]!, 1e-9));
  const o = slerp([1, 0], [-1, 0], 0.5);
  close(Math.hypot(o[0]!, o[1]!), 1, 1e-9, 'antiparallel midpoint keeps the norm');
  assert.ok(o.every(Number.isFinite));
});

test('interpolate returns n + 1 frames from a to b', () => {
  const f = interpolate([0, 0], [1, 2], 4, 'linear');
  assert.equal(f.length, 5);
  assert.deepEqual(f[0], [0, 0]);
  assert.deepEqual(f[4], [1, 2]);
  assert.equal(interpolate([1, 0], [0, 1], 10, 'spherical').length, 11);
});
