// URL state: typed parsing with defaults for anything malformed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolField, choiceField, intField, numberField, readState, writeState } from '../../../src/widgets/runtime/url-state.ts';

const schema = {
  x: numberField(-4, 4, 0.5),
  n: intField(1, 100, 10),
  model: choiceField(['ae-2d', 'vae-2d'] as const, 'vae-2d'),
  sigma: boolField(false),
};

test('reads well-formed values under the widget prefix', () => {
  const s = readState(schema, new URLSearchParams('w.x=-1.25&w.n=42&w.model=ae-2d&w.sigma=1'), 'w');
  assert.deepEqual(s, { x: -1.25, n: 42, model: 'ae-2d', sigma: true });
});

test('malformed, out-of-range and hostile values fall back to defaults', () => {
  for (const q of ['w.x=NaN', 'w.x=1e309', 'w.x=5', 'w.x=', 'w.x=0x10', 'w.x=%3Cscript%3E', 'w.x=Infinity', 'w.x=1;alert(1)']) {
    assert.equal(readState(schema, new URLSearchParams(q), 'w').x, 0.5, q);
  }
  assert.equal(readState(schema, new URLSearchParams('w.n=3.5'), 'w').n, 10);
  assert.equal(readState(schema, new URLSearchParams('w.model=<img>'), 'w').model, 'vae-2d');
  assert.equal(readState(schema, new URLSearchParams('w.sigma=yes'), 'w').sigma, false);
});

test('other widgets’ keys and unknown keys are ignored', () => {
  const s = readState(schema, new URLSearchParams('x=3&v.x=3&w.unknown=1'), 'w');
  assert.equal(s.x, 0.5);
});

test('writing omits defaults, keeps other parameters, and round-trips', () => {
  const state = { x: 1.2345678, n: 10, model: 'ae-2d' as const, sigma: false };
  const q = writeState(schema, state, new URLSearchParams('other=1&w.n=5'), 'w');
  assert.equal(q.get('other'), '1');
  assert.equal(q.get('w.n'), null);
  assert.equal(q.get('w.x'), '1.235');
  assert.deepEqual(readState(schema, q, 'w'), { ...state, x: 1.235 });
});
