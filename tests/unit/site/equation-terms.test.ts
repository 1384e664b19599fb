// Equation terms that point at a widget (src/lib/markdown/equation-terms.ts): KaTeX trusts only the two commands that mark
// terms, a marked term becomes a named tab stop outside any aria-hidden, everything else stays hidden, and the MathML stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import { EQUATION_TERMS, katexTrust, rehypeEquationTerms, termLabel, withoutTermMarks } from '../../../src/lib/markdown/equation-terms.ts';
import { liveFallback } from '../../../src/lib/site/live-fallbacks.ts';

const render = (tex: string): Root => {
  const html = katex.renderToString(tex, { output: 'htmlAndMathml', displayMode: true, throwOnError: false, strict: 'ignore', trust: katexTrust });
  const tree = fromHtml(html, { fragment: true });
  rehypeEquationTerms()(tree);
  return tree;
};
const find = (tree: Root, ok: (el: Element) => boolean): Element[] => {
  const out: Element[] = [];
  visit(tree, 'element', (el: Element) => void (ok(el) && out.push(el)));
  return out;
};
const hiddenAncestor = (tree: Root, target: Element): boolean => {
  let hidden = false;
  const walk = (el: Element, under: boolean): boolean => {
    const h = under || String(el.properties.ariaHidden) === 'true';
    if (el === target) return ((hidden = h), true);
    return el.children.some((c) => c.type === 'element' && walk(c, h));
  };
  tree.children.forEach((c) => c.type === 'element' && walk(c, false));
  return hidden;
};

test('KaTeX trusts \\htmlData and \\htmlClass and nothing else that needs trust', () => {
  assert.equal(katexTrust({ command: '\\htmlData' }), true);
  assert.equal(katexTrust({ command: '\\htmlClass' }), true);
  for (const command of ['\\href', '\\url', '\\includegraphics', '\\htmlId', '\\htmlStyle']) assert.equal(katexTrust({ command }), false, command);
  const html = katex.renderToString('\\href{javascript:alert(1)}{x} \\htmlStyle{color:red}{y}', { trust: katexTrust, throwOnError: false });
  // Untrusted commands render as red error text, never as a link or a style.
  assert.doesNotMatch(html, /href="|style="color:red/);
  assert.match(html, /mtext>\\href</);
});

test('a marked term is a named tab stop outside aria-hidden; the rest of the rendering stays hidden; MathML stays', () => {
  const tree = render('\\log p = \\htmlData{term=posterior.elbo}{\\mathcal{L}} + \\htmlData{term=posterior.gap}{D}');
  const terms = find(tree, (el) => typeof el.properties.dataTerm === 'string');
  assert.equal(terms.length, 2);
  for (const t of terms) {
    assert.equal(t.properties.tabIndex, 0);
    assert.equal(t.properties.role, 'img');
    assert.equal(t.properties.ariaLabel, termLabel(String(t.properties.dataTerm)));
    assert.equal(hiddenAncestor(tree, t), false);
  }
  // The plain parts (log, p, =, +) are hidden; the MathML is not.
  const hiddenText = find(tree, (el) => el.properties.ariaHidden === 'true')
    .map((el) => toHtml(el))
    .join('');
  assert.match(hiddenText, /class="mop">lo/);
  assert.match(hiddenText, /class="mrel">=/);
  assert.equal(find(tree, (el) => el.tagName === 'math').length, 1);
  const math = find(tree, (el) => el.tagName === 'math')[0]!;
  assert.equal(hiddenAncestor(tree, math), false);
  // The TeX in the annotation is the equation without the marks.
  const annotation = toHtml(find(tree, (el) => el.tagName === 'annotation')[0]!);
  assert.doesNotMatch(annotation, /htmlData/);
});

test('an equation without terms keeps KaTeX’s own aria-hidden; an unknown term fails the build', () => {
  const tree = render('a + b');
  assert.equal(find(tree, (el) => el.properties.ariaHidden === 'true').length, 1);
  assert.throws(() => render('\\htmlData{term=posterior.nope}{x}'), /unknown equation term/);
  assert.equal(withoutTermMarks('\\htmlData{term=reparam.mu}{\\mu} + 1'), '{\\mu} + 1');
});

test('every equation term and <Live> fallback used by the chapters exists', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const dir = 'content/chapters';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
    const src = readFileSync(`${dir}/${file}`, 'utf8');
    for (const m of src.matchAll(/\\htmlData\{term=([^}]+)\}/g)) assert.ok(EQUATION_TERMS[m[1]!], `${file}: term ${m[1]}`);
    for (const m of src.matchAll(/<Live widget="([^"]+)" name="([^"]+)"/g))
      assert.ok(liveFallback(m[1]!, m[2]!).length > 0, `${file}: <Live ${m[1]}.${m[2]}>`);
  }
});
