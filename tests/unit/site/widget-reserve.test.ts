// The CSS that reserves a widget's live height: a piecewise-linear fit of the measured heights, exact at every measured width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearSegments, measuredHeights, reserveCss, sizeKey } from '../../../src/lib/site/widget-reserve.ts';

/** Evaluates the rules reserveCss emits at viewport width w, as a browser would (the last matching rule wins). */
function heightAt(css: string, w: number): number {
  let h = Number.NaN;
  for (const m of css.matchAll(/(?:@media \(min-width:([\d.]+)px\)\{)?[^{}]+\{height:([^;}]+)[;}]/g)) {
    if (m[1] && w < Number(m[1])) continue;
    const v = m[2]!;
    const lin = /^calc\(([\d.]+)px \+ \(100vw - ([\d.]+)px\) \* (-?[\d.e-]+)\)$/.exec(v);
    h = lin ? Number(lin[1]) + (w - Number(lin[2])) * Number(lin[3]) : Number.parseFloat(v);
  }
  return h;
}

test('collinear measurements merge into one segment; a breakpoint starts a new one', () => {
  assert.deepEqual(linearSegments([300, 400, 500], [600, 700, 800]), [[300, 600, 500, 800]]);
  assert.deepEqual(linearSegments([300, 400, 401, 500], [600, 700, 400, 400]), [
    [300, 600, 400, 700],
    [400, 700, 401, 400],
    [401, 400, 500, 400],
  ]);
});

test('the reserved height equals the measured height at every measured width, and is constant beyond the ends', () => {
  const widths = [320, 360, 390, 479, 480, 600, 767, 768, 1280];
  const heights = [1200, 1180, 1170.5, 1100, 900, 950, 1010, 800, 800];
  const css = reserveCss('#w>vae-w:not(.is-live)', widths, heights);
  widths.forEach((w, i) => assert.ok(Math.abs(heightAt(css, w) - heights[i]!) < 0.6, `at ${w}px: ${heightAt(css, w)} vs ${heights[i]}`));
  assert.equal(heightAt(css, 300), 1200);
  assert.equal(heightAt(css, 1920), 800);
  assert.match(css, /overflow:hidden/);
});

test('no measurements, no rules', () => {
  assert.equal(reserveCss('x', [], []), '');
  assert.equal(reserveCss('x', [1, 2], [3]), '');
});

test('size keys drop the leading slash', () => {
  assert.equal(sizeKey('/chapters/elbo/', 'posterior'), 'chapters/elbo/#posterior');
  assert.equal(sizeKey('', 'draw'), '#draw');
});

test('points measured between the common widths are merged in, so a step inside an interval is reserved where it is', () => {
  // A layout that changes at 751 px (a container query): measured at 740 and 766, and pinned between them.
  const sizes = {
    widths: [700, 740, 766, 800],
    heights: { 'embed/draw/#draw': [700, 646, 606, 586] },
    between: {
      'embed/draw/#draw': [
        [750, 646],
        [751, 606],
        [758, 606],
      ] as Array<[number, number]>,
    },
    stills: {},
  };
  const m = measuredHeights(sizes, 'embed/draw/#draw')!;
  assert.deepEqual(m.widths, [700, 740, 750, 751, 758, 766, 800]);
  const css = reserveCss('x', m.widths, m.heights);
  assert.ok(Math.abs(heightAt(css, 760) - 606) < 0.6, `at 760px: ${heightAt(css, 760)}`);
  assert.ok(Math.abs(heightAt(css, 745) - 646) < 0.6, `at 745px: ${heightAt(css, 745)}`);
  // Without the points, the straight line from 740 to 766 px would reserve 10 px too much at 760 px.
  const plain = measuredHeights({ ...sizes, between: {} }, 'embed/draw/#draw')!;
  assert.ok(heightAt(reserveCss('x', plain.widths, plain.heights), 760) > 615);
  assert.equal(measuredHeights(sizes, 'embed/other/#draw'), null);
});

test('a step pinned to 1 px needs no ramp rule: the new height starts one pixel later', () => {
  const css = reserveCss('x', [300, 400, 401, 500], [600, 700, 400, 400]);
  assert.doesNotMatch(css, /min-width:400px/);
  assert.match(css, /min-width:401px\)\{x\{height:400px\}/);
  assert.equal(heightAt(css, 400), 700);
  assert.equal(heightAt(css, 401), 400);
});
