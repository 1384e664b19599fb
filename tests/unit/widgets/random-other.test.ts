// "Random held-out digit" never lands on the digit on show, and covers every other one uniformly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomOther } from '../../../src/widgets/shared/random-other.ts';

test('randomOther never returns the current index and reaches every other one, evenly', () => {
  const seen = new Map<number, number>();
  // rand() sweeping [0, 1) in 999 equal steps: each of the 9 others gets 111.
  for (let s = 0; s < 999; s++) {
    const v = randomOther(10, 10, 14, () => s / 999);
    seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  assert.deepEqual(
    [...seen.keys()].sort((a, b) => a - b),
    [10, 11, 12, 13, 15, 16, 17, 18, 19],
  );
  assert.ok([...seen.values()].every((c) => c === 111));
  // rand() just below 1 stays in range; a current index outside the range (a drawing: −1) excludes nothing.
  assert.equal(
    randomOther(0, 5, 4, () => 0.9999999),
    3,
  );
  assert.equal(
    randomOther(0, 5, -1, () => 0.9999999),
    4,
  );
  assert.equal(
    randomOther(0, 5, -1, () => 0),
    0,
  );
  assert.equal(
    randomOther(1000, 1000, 5, () => 0),
    1000,
  );
  // A range of one has nothing else to offer.
  assert.equal(
    randomOther(7, 1, 7, () => 0.5),
    7,
  );
});
