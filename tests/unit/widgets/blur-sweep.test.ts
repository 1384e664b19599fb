// The blur widget's τ ↔ β panel: the pixel-noise factor each β stands for, the manifest numbers it quotes (every sweep
// member has them, and −ELBO = reconstruction + KL), and prior codes that depend on the seed alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SWEEP_BETAS, blurSchema, sweepModel } from '../../../src/widgets/blur/state.ts';
import { PRIOR_DRAWS, heldoutNumbers, sweepPriorCodes, tauFactorText } from '../../../src/widgets/blur/sweep-math.ts';

const manifest = JSON.parse(readFileSync(join(process.cwd(), 'weights', 'manifest.json'), 'utf8')) as {
  models: Record<string, { metrics?: Record<string, number>; hyper?: { beta?: number } }>;
};

test('blur sweep: β scales τ² by β and τ by √β', () => {
  assert.equal(tauFactorText('8'), 'Acts like pixel noise τ² × 8, that is τ × √8 = τ × 2.83');
  assert.equal(tauFactorText('0.1'), 'Acts like pixel noise τ² × 0.1, that is τ × √0.1 = τ × 0.32');
  assert.match(tauFactorText('1'), /τ × 1\.00$/);
});

test('blur sweep: every β names a shipped model trained with that β, whose held-out numbers add up', () => {
  for (const beta of SWEEP_BETAS) {
    const entry = manifest.models[sweepModel(beta)];
    assert.ok(entry, `${sweepModel(beta)} is in the manifest`);
    assert.equal(entry.hyper?.beta, Number(beta));
    const m = heldoutNumbers(entry.metrics);
    assert.ok(m, `${sweepModel(beta)} has −ELBO, reconstruction, KL, hole fraction and n`);
    assert.ok(Math.abs(m.negElbo - (m.recon + m.kl)) < 1e-3, `${beta}: −ELBO = reconstruction + KL`);
    assert.ok(m.priorHoleFraction >= 0 && m.priorHoleFraction <= 1);
  }
  // The ends of the sweep show the trade the panel is about: β = 8 reconstructs worse and leaves fewer holes.
  const small = heldoutNumbers(manifest.models['beta-0.1']!.metrics)!;
  const large = heldoutNumbers(manifest.models['beta-8']!.metrics)!;
  assert.ok(large.recon > small.recon && large.kl < small.kl && large.priorHoleFraction < small.priorHoleFraction);
});

test('blur sweep: missing or partial metrics give null, never NaN on screen', () => {
  assert.equal(heldoutNumbers(undefined), null);
  assert.equal(heldoutNumbers({ negElbo: 1, recon: 1, kl: 0 }), null);
  assert.equal(heldoutNumbers({ negElbo: 1, recon: 1, kl: 0, priorHoleFraction: NaN, n: 2000 }), null);
});

test('blur sweep: the prior codes depend on the seed alone; the URL field accepts only off and the sweep', () => {
  const a = sweepPriorCodes(3);
  assert.equal(a.length, PRIOR_DRAWS);
  assert.ok(a.every((z) => z.length === 2 && z.every(Number.isFinite)));
  assert.deepEqual(sweepPriorCodes(3), a);
  assert.notDeepEqual(sweepPriorCodes(4), a);
  assert.equal(blurSchema.beta.default, 'off');
  assert.equal(blurSchema.beta.parse('8'), '8');
  assert.equal(blurSchema.beta.parse('3'), undefined);
  assert.equal(blurSchema.beta.parse('<b>'), undefined);
});
