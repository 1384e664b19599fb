// The between-class share of variance of latent codes (how much of the map's spread the class explains).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classVarianceShare } from '../../../src/widgets/shared/class-separation.ts';

test('classes at separate points explain all the spread; classes with the same centroid explain none', () => {
  assert.equal(classVarianceShare([0, 0, 0, 0, 5, 5, 5, 5], [0, 0, 1, 1]), 1);
  assert.equal(classVarianceShare([1, 0, -1, 0, 1, 0, -1, 0], [0, 0, 1, 1]), 0);
});

test('a known mix: centroids ±1 on z₁ with within-class spread ±1 on z₂ gives 1/2', () => {
  const codes = [-1, 1, -1, -1, 1, 1, 1, -1];
  assert.ok(Math.abs(classVarianceShare(codes, [0, 0, 1, 1]) - 0.5) < 1e-12);
});

test('degenerate inputs give 0, not NaN', () => {
  assert.equal(classVarianceShare([], []), 0);
  assert.equal(classVarianceShare([2, 2, 2, 2], [3, 4]), 0);
});
