// The retrieval widget's search (src/widgets/retrieval/neighbours.ts), which `npm run eval` also uses for precision@8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearest, precisionAtK, sameLabelShare } from '../../../src/widgets/retrieval/neighbours.ts';

test('nearest returns the k closest rows, nearest first, ties to the lower index, skipping one index', () => {
  const base = Float32Array.from([0, 0, 3, 0, 1, 0, 1, 0, -2, 0]); // five 2-D points
  const got = nearest([0.9, 0], base, 2, 5, 3);
  assert.deepEqual(
    got.map((n) => n.index),
    [2, 3, 0],
  );
  assert.ok(Math.abs(got[0]!.distance - 0.1) < 1e-6);
  assert.deepEqual(
    nearest([0, 0], base, 2, 5, 2, 0).map((n) => n.index),
    [2, 3],
  );
});

test('precision@k is the mean same-label share over the queries', () => {
  const base = Float32Array.from([0, 1, 10, 11]);
  const baseLabels = [0, 0, 1, 1];
  assert.equal(sameLabelShare(nearest([0.2], base, 1, 4, 2), 0, baseLabels), 1);
  assert.equal(precisionAtK(Float32Array.from([0.2, 10.4, 5.4]), [0, 1, 0], base, baseLabels, 1, 2), (1 + 1 + 0.5) / 3); // 5.4 has 1 (label 0) and 10 (label 1) nearest
});
