// Build-time markdown helpers: cross-reference numbering, base-path links, KaTeX font trimming, CSP hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { refHref, refText, scanChapter, slugFromFile } from '../../../src/lib/markdown/crossrefs.ts';
import { withBase } from '../../../src/lib/markdown/base-links.ts';
import { woff2Only } from '../../../src/lib/site/katex-woff2.ts';
import { scriptHash } from '../../../src/lib/site/csp.ts';
import { linkifyText } from '../../../src/lib/markdown/bibliography.ts';
import { pngSize, publicImageSize, svgSize } from '../../../src/lib/site/image-size.ts';
import { fontsForPage, katexFonts, withFontPreloads } from '../../../src/lib/site/font-preloads.ts';
import { MAX_TEX, rehypeMathPunctuation, texOf } from '../../../src/lib/markdown/math-punctuation.ts';
import type { Element, ElementContent, Root } from 'hast';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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

test('figure images get their intrinsic size from the SVG or PNG itself', () => {
  assert.deepEqual(svgSize('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 230" width="520" height="230">'), {
    width: 520,
    height: 230,
  });
  assert.deepEqual(svgSize('<svg viewBox="0 0 360 285"><g/></svg>'), { width: 360, height: 285 });
  assert.deepEqual(svgSize('<svg width="100%" height="100%" viewBox="0,0,40,30">'), { width: 40, height: 30 });
  assert.equal(svgSize('<svg width="100%">'), null);
  assert.equal(svgSize('not an svg'), null);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 2, 0xc6, 0, 0, 5, 0x7e]);
  assert.deepEqual(pngSize(png), { width: 710, height: 1406 });
  assert.equal(pngSize(new Uint8Array(24)), null);
  // Every figure the chapters use has a size, so none of them shifts the text as it loads.
  for (const file of readdirSync(join(process.cwd(), 'public', 'figures'))) {
    const size = publicImageSize(`/figures/${file}`);
    assert.ok(size && size.width > 0 && size.height > 0, `public/figures/${file} has a width and height`);
  }
  assert.equal(publicImageSize('https://example.org/x.svg'), null);
  assert.equal(publicImageSize('/figures/missing.svg'), null);
  assert.equal(publicImageSize('/../package.json'), null);
});

test('each page preloads exactly the KaTeX fonts its math uses', () => {
  const css = [
    '@font-face{font-display:block;font-family:KaTeX_Main;font-style:normal;font-weight:400;src:url(/b/_astro/KaTeX_Main-Regular.x1.woff2)format("woff2")}',
    '@font-face{font-display:block;font-family:KaTeX_Main;font-style:normal;font-weight:700;src:url(/b/_astro/KaTeX_Main-Bold.x2.woff2)format("woff2")}',
    '@font-face{font-display:block;font-family:KaTeX_Math;font-style:italic;font-weight:400;src:url(/b/_astro/KaTeX_Math-Italic.x3.woff2)format("woff2")}',
    '@font-face{font-display:block;font-family:KaTeX_Size3;font-style:normal;font-weight:400;src:url(/b/_astro/KaTeX_Size3-Regular.x4.woff2)format("woff2")}',
    '@font-face{font-display:block;font-family:KaTeX_Size1;font-style:normal;font-weight:400;src:url(/b/_astro/KaTeX_Size1-Regular.x5.woff2)format("woff2")}',
    '.katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}',
    '.katex .mathnormal{font-family:KaTeX_Math;font-style:italic}.katex .mathbf{font-family:KaTeX_Main;font-weight:700}',
    '.katex .delimsizing.size3{font-family:KaTeX_Size3}.katex .delimsizing.mult .delim-size1>span{font-family:KaTeX_Size1}',
  ].join('');
  const fonts = katexFonts(css);
  assert.equal(fonts.urls.size, 5);
  const page =
    '<span class="katex"><span class="mord mathnormal">x</span><span class="delimsizing size3">(</span><span class="size3">y</span></span>';
  assert.deepEqual(fontsForPage(page, fonts), [
    '/b/_astro/KaTeX_Main-Regular.x1.woff2',
    '/b/_astro/KaTeX_Math-Italic.x3.woff2',
    '/b/_astro/KaTeX_Size3-Regular.x4.woff2',
  ]);
  // Classes must appear together on one element: "size3" alone is not a size-3 delimiter.
  assert.deepEqual(fontsForPage('<span class="katex"><span class="delimsizing">(</span><i class="size3"></i></span>', fonts), [
    '/b/_astro/KaTeX_Main-Regular.x1.woff2',
  ]);
  assert.deepEqual(fontsForPage('<p class="lede">No math here.</p>', fonts), []);
  const html = '<head><meta charset="utf-8"><link rel="stylesheet" href="/b/a.css"></head>';
  const out = withFontPreloads(html, ['/b/f.woff2']);
  assert.equal(
    out,
    '<head><meta charset="utf-8"><link rel="preload" href="/b/f.woff2" as="font" type="font/woff2" crossorigin><link rel="stylesheet" href="/b/a.css"></head>',
  );
  assert.equal(withFontPreloads(html, []), html);
  // Late fonts go into a template before the head's first script, for it to preload where the page opens away from its top.
  const withScript = '<head><meta charset="utf-8"><script>x()</script><link rel="stylesheet" href="/b/a.css"></head><body><script>y()</script>';
  assert.equal(
    withFontPreloads(withScript, ['/b/f.woff2'], ['/b/g.woff2']),
    '<head><meta charset="utf-8"><template id="vae-late-fonts"><link rel="preload" href="/b/g.woff2" as="font" type="font/woff2" crossorigin></template>' +
      '<script>x()</script><link rel="preload" href="/b/f.woff2" as="font" type="font/woff2" crossorigin><link rel="stylesheet" href="/b/a.css"></head><body><script>y()</script>',
  );
  // With no script in the head to preload them, late fonts are preloaded with the rest.
  assert.equal(
    withFontPreloads('<head><link rel="stylesheet" href="/b/a.css"></head><body><script>y()</script>', [], ['/b/g.woff2']),
    '<head><link rel="preload" href="/b/g.woff2" as="font" type="font/woff2" crossorigin><link rel="stylesheet" href="/b/a.css"></head><body><script>y()</script>',
  );
});

test('a short inline formula keeps the punctuation after it; a long one and display math are left alone', () => {
  const formula = (tex: string): Element => ({
    type: 'element',
    tagName: 'span',
    properties: { className: ['katex'] },
    children: [
      {
        type: 'element',
        tagName: 'span',
        properties: { className: ['katex-mathml'] },
        children: [{ type: 'element', tagName: 'annotation', properties: {}, children: [{ type: 'text', value: tex }] }],
      },
    ],
  });
  const para = (children: ElementContent[]): Element => ({ type: 'element', tagName: 'p', properties: {}, children });
  const long = '\\log \\mathbb{E}[w] - \\mathbb{E}[\\log w] + \\frac{1}{2}\\sum_k v_k';
  const display: Element = {
    type: 'element',
    tagName: 'span',
    properties: { className: ['katex-display'] },
    children: [formula('x'), { type: 'text', value: '.' }],
  };
  const tree: Root = {
    type: 'root',
    children: [
      para([{ type: 'text', value: 'as ' }, formula('\\sigma_k \\to 0'), { type: 'text', value: '. This model' }]),
      para([formula('\\beta'), { type: 'text', value: ')' }]),
      para([formula(long), { type: 'text', value: ', and' }]),
      para([formula('x'), { type: 'text', value: ' plain' }]),
      display,
    ],
  };
  rehypeMathPunctuation()(tree);
  const [p1, p2, p3, p4] = tree.children as Element[];
  const wrap = p1!.children[1] as Element;
  assert.deepEqual(wrap.properties.className, ['math-punct']);
  assert.equal(texOf(wrap.children[0] as Element), '\\sigma_k \\to 0');
  assert.deepEqual(wrap.children[1], { type: 'text', value: '.' });
  assert.deepEqual(p1!.children[2], { type: 'text', value: ' This model' });
  assert.equal(p2!.children.length, 1, 'a text node that was only punctuation goes away');
  assert.equal(((p2!.children[0] as Element).children[1] as { value: string }).value, ')');
  assert.ok(long.length > MAX_TEX);
  assert.deepEqual((p3!.children[0] as Element).properties.className, ['katex'], 'a long formula keeps its own line breaks');
  assert.deepEqual((p4!.children[0] as Element).properties.className, ['katex'], 'no punctuation, nothing to join');
  assert.deepEqual(display.children[1], { type: 'text', value: '.' }, 'display math is not touched');
});
