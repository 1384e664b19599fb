// MNIST-style preprocessing of a drawing: fitted into 20×20 keeping aspect ratio, centred by mass in 28×28, anti-aliased.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundingBox, centreOfMass, preprocessDrawing } from '../../../src/widgets/shared/preprocess.ts';

/** A W×H canvas with a filled rectangle [x0, x1) × [y0, y1). */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const a = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) a[y * w + x] = 1;
  return a;
}

test('an empty drawing gives an all-zero digit', () => {
  const out = preprocessDrawing(new Float32Array(280 * 280), 280, 280);
  assert.equal(out.length, 784);
  assert.ok(out.every((v) => v === 0));
});

test('a tall bar (a "1") is 20 pixels high, keeps its aspect ratio and is centred by mass', () => {
  // 20 px wide, 200 px tall, drawn off-centre in the top-left of a 280×280 pad.
  const out = preprocessDrawing(rect(280, 280, 10, 5, 30, 205), 280, 280);
  const box = boundingBox(out, 28, 0.01)!;
  assert.equal(box[3] - box[1] + 1, 20, 'height fitted to 20');
  const width = out.slice(14 * 28, 15 * 28).reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(width - 2) < 1e-4, `ink across a row is 20 × 20/200 = 2 pixels, got ${width}`);
  const [cx, cy] = centreOfMass(out)!;
  assert.ok(Math.abs(cx - 14) < 0.01 && Math.abs(cy - 14) < 0.01, `centre of mass at (14, 14), got (${cx}, ${cy})`);
  assert.ok(
    out.every((v) => v >= 0 && v <= 1),
    'values stay in [0, 1]',
  );
});

test('a wide shape is fitted by its width, and edges are anti-aliased (fractional coverage)', () => {
  const out = preprocessDrawing(rect(100, 100, 0, 40, 100, 47), 100, 100);
  const box = boundingBox(out, 28, 0.001)!;
  assert.equal(box[2] - box[0] + 1, 20, 'width fitted to 20');
  const mass = out.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(mass - 20 * 20 * (7 / 100)) < 1e-3, `mass scales with area: ${mass}`);
  assert.ok(
    out.some((v) => v > 0.05 && v < 0.95),
    'some edge pixels are partly covered',
  );
});

test('mass is preserved up to the scale factor, and ink anywhere on the pad gives the same digit', () => {
  const a = preprocessDrawing(rect(200, 200, 20, 30, 60, 130), 200, 200);
  const b = preprocessDrawing(rect(200, 200, 120, 90, 160, 190), 200, 200);
  for (let i = 0; i < 784; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5);
});

test('a lopsided shape is placed by its centre of mass, not its box centre', () => {
  // An "L": a vertical bar plus a heavy foot at the bottom.
  const w = 100;
  const img = rect(w, w, 10, 10, 20, 90);
  for (let y = 80; y < 90; y++) for (let x = 10; x < 60; x++) img[y * w + x] = 1;
  const out = preprocessDrawing(img, w, w);
  const [cx, cy] = centreOfMass(out)!;
  // Area resampling moves each bit of ink to its output pixel's centre, so the centre of mass is exact only to a fraction of a pixel.
  assert.ok(Math.abs(cx - 14) < 0.1 && Math.abs(cy - 14) < 0.1, `(${cx}, ${cy})`);
  const box = boundingBox(out, 28, 0.01)!;
  assert.notEqual((box[0] + box[2] + 1) / 2, 14, 'the box is not centred');
});

test('a faint stroke stays faint (values are coverage, not binarised)', () => {
  const img = rect(50, 50, 20, 5, 30, 45).map((v) => v * 0.5);
  const out = preprocessDrawing(img, 50, 50);
  assert.ok(Math.max(...out) <= 0.5 + 1e-6);
});
