// Rehype plugin that titles the bibliography rehype-citation appends, and links the URLs in its entries.
import type { Root, Element, Text, ElementContent } from 'hast';
import { visit } from 'unist-util-visit';

const URL_RE = /(https?:\/\/[^\s<]+[^\s<.,;:)])/g;

/** Splits a text node into text and <a> nodes for every http(s) URL in it. */
export function linkifyText(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const m of value.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: 'text', value: value.slice(last, at) });
    out.push({ type: 'element', tagName: 'a', properties: { href: m[0] }, children: [{ type: 'text', value: m[0] }] });
    last = at + m[0].length;
  }
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

/** Rehype plugin: adds an "References" h2 before div#refs and linkifies URLs inside .csl-entry. */
export function rehypeBibliography() {
  return (tree: Root) => {
    visit(tree, 'element', (el: Element, index, parent) => {
      if (el.properties?.id !== 'refs' || !parent || index === undefined) return;
      parent.children.splice(index, 0, {
        type: 'element',
        tagName: 'h2',
        properties: { id: 'references' },
        children: [{ type: 'text', value: 'References' }],
      });
      visit(el, 'text', (t: Text, i, p) => {
        if (!p || i === undefined || (p.type === 'element' && p.tagName === 'a') || !URL_RE.test(t.value)) return;
        URL_RE.lastIndex = 0;
        p.children.splice(i, 1, ...linkifyText(t.value));
      });
      return index + 2;
    });
  };
}
