// The embed pages' preloads: which chunks a widget's code needs (its module and its static imports, transitively), and the tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PRELOADS_TEMPLATE_ID,
  pageModuleScripts,
  widgetChunkClosures,
  withModulePreloads,
  type BundleChunk,
} from '../../../src/lib/site/embed-preloads.ts';

const chunk = (fileName: string, facadeModuleId: string | null, imports: string[] = []): BundleChunk => ({
  type: 'chunk',
  fileName,
  facadeModuleId,
  imports,
});

test('a widget chunk brings its static imports, transitively and once each; other chunks are no widget', () => {
  const bundle = Object.fromEntries(
    [
      chunk('_astro/draw.a.js', '/repo/src/widgets/draw/draw.ts', ['_astro/view.b.js', '_astro/d3.c.js']),
      chunk('_astro/view.b.js', '/repo/src/widgets/draw/view.ts', ['_astro/d3.c.js', '_astro/runtime.d.js']),
      chunk('_astro/d3.c.js', null, ['_astro/runtime.d.js']),
      chunk('_astro/runtime.d.js', null),
      chunk('_astro/state.e.js', '/repo/src/widgets/draw/state.ts', ['_astro/runtime.d.js']),
      chunk('_astro/tfjs.f.js', null),
      { type: 'asset', fileName: '_astro/x.css' } satisfies BundleChunk,
    ].map((c) => [c.fileName, c]),
  );
  const closures = widgetChunkClosures(bundle);
  assert.deepEqual([...closures.keys()], ['draw']);
  assert.deepEqual(closures.get('draw'), ['_astro/draw.a.js', '_astro/view.b.js', '_astro/d3.c.js', '_astro/runtime.d.js']);
});

test('Windows paths name the widget too', () => {
  const closures = widgetChunkClosures({ a: chunk('_astro/posterior.a.js', 'C:\\repo\\src\\widgets\\posterior\\posterior.ts') });
  assert.deepEqual(closures.get('posterior'), ['_astro/posterior.a.js']);
});

test('the tags go into a template at the start of <head>: each module once, skipping what the page already loads', () => {
  const html = '<html><head><script type="module" src="/vae/_astro/page.js"></script></head><body></body></html>';
  const out = withModulePreloads(html, ['/vae/_astro/a.js', '/vae/_astro/page.js', '/vae/_astro/a.js']);
  assert.equal(
    out,
    `<html><head><template id="${PRELOADS_TEMPLATE_ID}"><link rel="modulepreload" href="/vae/_astro/a.js"></template><script type="module" src="/vae/_astro/page.js"></script></head><body></body></html>`,
  );
  assert.equal(withModulePreloads(html, ['/vae/_astro/page.js']), html);
  assert.throws(() => withModulePreloads('<p>no head</p>', ['/a.js']), /without <head>/);
});

test('the manifest and the first frame\'s files go, once each, as "url|version" pairs in data-fetch and data-fetch-default', () => {
  const html = '<html><head></head></html>';
  const f = (url: string, version = 'v1') => ({ url, version });
  assert.equal(
    withModulePreloads(
      html,
      [],
      [f('/vae/weights/manifest.json', 'm0')],
      [f('/vae/weights/a.bin'), f('/vae/weights/b.png', 'v2'), f('/vae/weights/a.bin')],
    ),
    `<html><head><template id="${PRELOADS_TEMPLATE_ID}" data-fetch="/vae/weights/manifest.json|m0" data-fetch-default="/vae/weights/a.bin|v1 /vae/weights/b.png|v2"></template></head></html>`,
  );
  assert.throws(() => withModulePreloads(html, [], [], [f('/vae/weights/a b.bin')]), /space/);
  assert.throws(() => withModulePreloads(html, [], [f('/vae/"x')]), /markup/);
  assert.throws(() => withModulePreloads(html, [], [f('/vae/a|b.bin')]), /"\|"/);
});

test("a page's module scripts are read from its HTML, under the base path only", () => {
  const html =
    '<script type="module" src="/vae/_astro/a.js"></script><script type="module" src="https://cdn.example/x.js"></script><script src="/vae/_astro/b.js"></script>';
  assert.deepEqual(pageModuleScripts(html, '/vae/'), ['_astro/a.js']);
});
