// The KL sandbox's math: closed form, quadrature and Monte Carlo agree; forward fits match moments; reverse fits seek a mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fit,
  klGauss,
  klGradient,
  klQuad,
  mcKl,
  mixtureKls,
  mixtureMoments,
  quadGrid,
  type Gauss,
  type Mixture,
} from '../../../src/widgets/kl-sandbox/kl-math.ts';
import { normLogPdf } from '../../../src/widgets/shared/normal.ts';

const pairs: [Gauss, Gauss][] = [
  [
    { m: 0, s: 1 },
    { m: 0, s: 1 },
  ],
  [
    { m: 1, s: 0.7 },
    { m: 0, s: 1 },
  ],
  [
    { m: 0, s: 0.5 },
    { m: 0, s: 1 },
  ],
  [
    { m: -3, s: 0.1 },
    { m: 4, s: 3 },
  ],
  [
    { m: 2, s: 2.5 },
    { m: -1, s: 0.3 },
  ],
];

test('closed-form KL matches the chapter’s worked numbers', () => {
  assert.equal(klGauss({ m: 0, s: 1 }, { m: 0, s: 1 }), 0);
  // Equal widths: both directions are (m1 - m2)² / (2 s²).
  assert.ok(Math.abs(klGauss({ m: 1.5, s: 0.8 }, { m: 0, s: 0.8 }) - 1.5 ** 2 / (2 * 0.64)) < 1e-12);
  assert.ok(Math.abs(klGauss({ m: 0, s: 0.8 }, { m: 1.5, s: 0.8 }) - 1.5 ** 2 / (2 * 0.64)) < 1e-12);
  // Narrow q, wide p: KL(q‖p) ≈ 0.32, KL(p‖q) ≈ 0.81.
  assert.equal(klGauss({ m: 0, s: 0.5 }, { m: 0, s: 1 }).toFixed(2), '0.32');
  assert.equal(klGauss({ m: 0, s: 1 }, { m: 0, s: 0.5 }).toFixed(2), '0.81');
});

test('closed form equals quadrature', () => {
  for (const [q, p] of pairs) {
    const quad = klQuad(
      (z) => normLogPdf(z, q.m, q.s),
      (z) => normLogPdf(z, p.m, p.s),
      quadGrid([q, p]),
    );
    const exact = klGauss(q, p);
    assert.ok(Math.abs(quad - exact) < 1e-6 * Math.max(1, exact), `${JSON.stringify([q, p])}: ${quad} vs ${exact}`);
  }
});

test('Monte Carlo agrees with the closed form within 4 standard errors, and is reproducible by seed', () => {
  for (const [q, p] of pairs.slice(1)) {
    for (const seed of [1, 2, 3]) {
      const mc = mcKl(q, p, 20_000, seed);
      const exact = klGauss(q, p);
      assert.ok(Math.abs(mc.mean - exact) < 4 * mc.se, `${JSON.stringify([q, p])} seed ${seed}: ${mc.mean} ± ${mc.se} vs ${exact}`);
    }
  }
  const a = mcKl({ m: 1, s: 0.7 }, { m: 0, s: 1 }, 1000, 42);
  const b = mcKl({ m: 1, s: 0.7 }, { m: 0, s: 1 }, 1000, 42);
  const c = mcKl({ m: 1, s: 0.7 }, { m: 0, s: 1 }, 1000, 43);
  assert.equal(a.mean, b.mean);
  assert.notEqual(a.mean, c.mean);
  // When q = p every term is 0, so the estimate is exactly 0 with no error.
  const same = mcKl({ m: 0.3, s: 1.2 }, { m: 0.3, s: 1.2 }, 500, 7);
  assert.equal(same.mean, 0);
  assert.equal(same.se, 0);
});

test('the standard error shrinks like 1/√N', () => {
  const q = { m: 1, s: 0.7 };
  const p = { m: 0, s: 1 };
  const r = mcKl(q, p, 1000, 5).se / mcKl(q, p, 100_000, 5).se;
  assert.ok(r > 8 && r < 12, `ratio ${r}`);
});

const twoBumps: Mixture = { a: { m: -2, s: 0.6 }, b: { m: 2, s: 0.6 }, w: 0.5 };

test('mixture moments and quadrature KL: a one-component “mixture” gives the closed form', () => {
  const mo = mixtureMoments(twoBumps);
  assert.ok(Math.abs(mo.m) < 1e-12);
  assert.ok(Math.abs(mo.s - Math.sqrt(4.36)) < 1e-12);
  const p: Mixture = { a: { m: 1, s: 0.8 }, b: { m: 1, s: 0.8 }, w: 0.3 };
  const q = { m: -0.5, s: 1.4 };
  const k = mixtureKls(q, p);
  assert.ok(Math.abs(k.reverse - klGauss(q, p.a)) < 1e-6);
  assert.ok(Math.abs(k.forward - klGauss(p.a, q)) < 1e-6);
});

test('gradients agree with finite differences of the quadrature KL', () => {
  const q = { m: 0.7, s: 1.3 };
  const p: Mixture = { a: { m: -1.5, s: 0.5 }, b: { m: 2.5, s: 0.9 }, w: 0.35 };
  for (const dir of ['forward', 'reverse'] as const) {
    const g = klGradient(q, p, dir);
    const kl = (x: Gauss) => mixtureKls(x, p)[dir];
    const h = 1e-5;
    const dm = (kl({ m: q.m + h, s: q.s }) - kl({ m: q.m - h, s: q.s })) / (2 * h);
    const dlogs = (kl({ m: q.m, s: q.s * Math.exp(h) }) - kl({ m: q.m, s: q.s * Math.exp(-h) })) / (2 * h);
    assert.ok(Math.abs(g.dm - dm) < 1e-5, `${dir} dm ${g.dm} vs ${dm}`);
    assert.ok(Math.abs(g.dlogs - dlogs) < 1e-5, `${dir} dlogs ${g.dlogs} vs ${dlogs}`);
  }
});

test('the forward-KL fit is moment matching', () => {
  for (const p of [twoBumps, { a: { m: -3, s: 0.4 }, b: { m: 1, s: 1.2 }, w: 0.7 }]) {
    const { q } = fit({ m: 1, s: 0.7 }, p, 'forward');
    const mo = mixtureMoments(p);
    assert.ok(Math.abs(q.m - mo.m) < 1e-5, `m ${q.m} vs ${mo.m}`);
    assert.ok(Math.abs(q.s - mo.s) < 1e-5, `s ${q.s} vs ${mo.s}`);
  }
});

test('the reverse-KL fit from near one mode stays on that mode, narrow, with KL ≈ log 2', () => {
  for (const [start, mode] of [
    [{ m: 1, s: 0.7 }, 2],
    [{ m: -1.5, s: 1 }, -2],
  ] as const) {
    const { q } = fit(start, twoBumps, 'reverse');
    assert.ok(Math.abs(q.m - mode) < 0.05, `m ${q.m}`);
    assert.ok(Math.abs(q.s - 0.6) < 0.05, `s ${q.s}`);
    assert.ok(Math.abs(mixtureKls(q, twoBumps).reverse - Math.log(2)) < 0.01);
  }
  const fwd = fit({ m: 1, s: 0.7 }, twoBumps, 'forward').q;
  const rev = fit({ m: 1, s: 0.7 }, twoBumps, 'reverse').q;
  assert.ok(fwd.s > 3 * rev.s);
});
