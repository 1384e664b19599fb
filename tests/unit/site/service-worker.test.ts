// The service worker's plan: which built files are pages, which are saved ahead, which on first use, and the order of saving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, swPlan, swSource } from '../../../src/lib/site/service-worker.ts';

const sha = (c: string) => c.repeat(64);

test('classify: pages, versioned files saved ahead, on first use, and network-only files', () => {
  assert.equal(classify('index.html'), 'page');
  assert.equal(classify('chapters/elbo/index.html'), 'page');
  assert.equal(classify('_astro/index.B3pk.js'), 'precache');
  assert.equal(classify('weights/vae-2d/model.json'), 'precache');
  assert.equal(classify('weights/README.md'), null);
  assert.equal(classify('tfjs/tfjs-backend-wasm-simd.wasm'), 'precache');
  assert.equal(classify('tfjs/tfjs-backend-wasm.wasm'), 'on-demand');
  assert.equal(classify('tfjs/tfjs-backend-wasm-threaded-simd.wasm'), 'on-demand');
  assert.equal(classify('widgets/draw-dark.png'), 'on-demand');
  assert.equal(classify('widgets/draw-dark-phone.webp'), 'precache');
  assert.equal(classify('widgets/draw-text0-dark-phone.webp'), 'on-demand');
  for (const p of ['404.html', 'og.png', 'robots.txt', 'sitemap-index.xml', 'sw.js']) assert.equal(classify(p), null, p);
});

test('swPlan: pages by URL, 16-digit hashes, CSS before scripts before pages before weights', () => {
  const plan = swPlan(
    [
      { path: 'weights/vae-2d/vae-2d.decoder.bin', sha256: sha('a') },
      { path: 'chapters/elbo/index.html', sha256: sha('b') },
      { path: 'index.html', sha256: sha('c') },
      { path: '_astro/x.js', sha256: sha('d') },
      { path: '_astro/x.css', sha256: sha('e') },
      { path: 'widgets/draw.png', sha256: sha('f') },
      { path: 'og.png', sha256: sha('0') },
    ],
    '/vae/',
  );
  assert.deepEqual(plan.pages, { '': 'cccccccccccccccc', 'chapters/elbo/': 'bbbbbbbbbbbbbbbb' });
  assert.equal(plan.assets['widgets/draw.png'], 'ffffffffffffffff');
  assert.equal(plan.assets['og.png'], undefined);
  assert.deepEqual(plan.precache, ['_astro/x.css', '_astro/x.js', 'chapters/elbo/', '', 'weights/vae-2d/vae-2d.decoder.bin']);
});

test('swSource: the plan replaces the placeholder, and a template without one is refused', () => {
  const plan = swPlan([{ path: 'index.html', sha256: sha('1') }], '/');
  assert.match(swSource('const PLAN = self.__VAE_SW_PLAN__;', plan), /^const PLAN = \{"base":"\/","pages":\{"":"1{16}"\}/);
  assert.throws(() => swSource('const PLAN = {};', plan), /__VAE_SW_PLAN__/);
});
