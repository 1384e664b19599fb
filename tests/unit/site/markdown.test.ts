// Build-time markdown helpers: cross-reference numbering, base-path links, KaTeX font trimming, CSP hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { refHref, refText, scanChapter, slugFromFile } from '../../../src/lib/markdown/crossrefs.ts';
import { withBase } from '../../../src/lib/markdown/base-links.ts';
import { woff2Only } from '../../../src/lib/site/katex-woff2.ts';
import { scriptHash } from '../../../src/lib/site/csp.ts';
import { linkifyText } from '../../../src/lib/markdown/bibliography.ts';

test('chapter files map to slugs', () => {
  assert.equal(slugFromFile('content/chapters/04-kl-divergence.mdx'), 'kl-divergence');
  assert.equal(slugFromFile('05-elbo.mdx'), 'elbo');
});

test('equations and figures are numbered per chapter in document order', () => {
  const src = [
    '$$ a \\label{eq-a} $$',
    '<Figure id="fig-x" caption="c">',
    '$$ b \\label{eq-b} $$',
    '<Figure size="wide" id="fig-y" caption="d">',
  ].join('\n');
  const m = scanChapter(src, 'elbo', 5);
  assert.deepEqual(m.get('eq-a'), { kind: 'equation', slug: 'elbo', number: '5.1' });
  assert.deepEqual(m.get('eq-b'), { kind: 'equation', slug: 'elbo', number: '5.2' });
  assert.deepEqual(m.get('fig-y'), { kind: 'figure', slug: 'elbo', number: '5.2' });
  assert.equal(refText(m.get('eq-b')!), '(5.2)');
  assert.equal(refText(m.get('fig-x')!), 'Figure 5.1');
  assert.equal(refHref('eq-a', m.get('eq-a')!, 'elbo'), '#eq-a');
  assert.equal(refHref('eq-a', m.get('eq-a')!, 'kl-divergence'), '/chapters/elbo/#eq-a');
});

test('root-relative URLs get the base path exactly once', () => {
  assert.equal(withBase('/chapters/elbo/', '/vae/'), '/vae/chapters/elbo/');
  assert.equal(withBase('/vae/chapters/elbo/', '/vae/'), '/vae/chapters/elbo/');
  assert.equal(withBase('/figures/a.svg', '/'), '/figures/a.svg');
  assert.equal(withBase('#eq-a', '/vae/'), '#eq-a');
  assert.equal(withBase('https://arxiv.org/abs/1312.6114', '/vae/'), 'https://arxiv.org/abs/1312.6114');
  assert.equal(withBase('//cdn.example/x', '/vae/'), '//cdn.example/x');
});

test('KaTeX CSS keeps only woff2 sources', () => {
  const css = '@font-face{src:url(fonts/A.woff2) format("woff2"),url(fonts/A.woff) format("woff"),url(fonts/A.ttf) format("truetype")}';
  assert.equal(woff2Only(css), '@font-face{src:url(fonts/A.woff2) format("woff2")}');
});

test('CSP script hashes are sha256 of the exact text', () => {
  const src = "document.documentElement.dataset.x='1'";
  assert.equal(scriptHash(src), `'sha256-${createHash('sha256').update(src).digest('base64')}'`);
});

test('bibliography URLs become links, without trailing punctuation', () => {
  const out = linkifyText('See https://arxiv.org/abs/1312.6114. Done');
  assert.equal(out.length, 3);
  assert.deepEqual((out[1] as { properties: { href: string } }).properties.href, 'https://arxiv.org/abs/1312.6114');
});
