// The heading self-links: a "#" after every h2–h4 with an id, kept on one line with the heading's last word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Element, Root } from 'hast';
import { rehypeHeadingAnchors } from '../../../src/lib/markdown/heading-anchors.ts';

const heading = (children: Element['children'], id = 'h'): Element => ({ type: 'element', tagName: 'h2', properties: { id }, children });
const run = (h: Element): Element => {
  const tree: Root = { type: 'root', children: [h] };
  rehypeHeadingAnchors()(tree);
  return tree.children[0] as Element;
};

test('the anchor and the last word of the heading share a span that does not wrap', () => {
  const h = run(heading([{ type: 'text', value: 'What should the loss be?' }], 'loss'));
  assert.equal(h.children.length, 2);
  assert.deepEqual(h.children[0], { type: 'text', value: 'What should the loss ' });
  const keep = h.children[1] as Element;
  assert.deepEqual(keep.properties.className, ['heading-anchor-keep']);
  assert.deepEqual(keep.children[0], { type: 'text', value: 'be?' });
  const a = keep.children[1] as Element;
  assert.equal(a.tagName, 'a');
  assert.equal(a.properties.href, '#loss');
  assert.deepEqual(a.properties.className, ['heading-anchor']);
});

test('a one-word heading, and a heading that ends in an element (math), keep their anchor too', () => {
  const one = run(heading([{ type: 'text', value: 'Summary' }]));
  assert.equal(one.children.length, 1);
  assert.deepEqual(((one.children[0] as Element).children[0] as { value: string }).value, 'Summary');
  const math: Element = { type: 'element', tagName: 'span', properties: { className: ['katex'] }, children: [] };
  const withMath = run(heading([{ type: 'text', value: 'The role of ' }, math]));
  assert.deepEqual(withMath.children[0], { type: 'text', value: 'The role of ' });
  assert.equal((withMath.children[1] as Element).children[0], math);
});

test('headings without an id, and sr-only headings, get no anchor', () => {
  const none = run({ type: 'element', tagName: 'h2', properties: {}, children: [{ type: 'text', value: 'x' }] });
  assert.equal(none.children.length, 1);
  const sr = run({ type: 'element', tagName: 'h3', properties: { id: 's', className: ['sr-only'] }, children: [{ type: 'text', value: 'x' }] });
  assert.equal(sr.children.length, 1);
});
