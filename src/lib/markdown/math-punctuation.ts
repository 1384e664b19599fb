// Rehype plugin that keeps punctuation on the line of the short inline formula it follows, so that "… as σ → 0." never
// leaves the "." alone at the start of a phone's next line: formula and punctuation go into one span that does not wrap.
// Only short formulas are joined (their TeX source is at most MAX_TEX characters): a long one must keep the line breaks
// KaTeX allows inside it, and browsers decide the break after a formula by the formula's own white-space.
import type { Root, Element, ElementContent } from 'hast';
import { visit } from 'unist-util-visit';

export const CLOSING = /^[.,;:!?)\]’”]+/;
export const MAX_TEX = 40;

const classes = (el: Element): string[] => {
  const c = el.properties?.className;
  return Array.isArray(c) ? c.map(String) : []; // hast keeps className as a list
};

/** The TeX source KaTeX keeps in a formula's MathML annotation, or null. */
export function texOf(katex: Element): string | null {
  let tex: string | null = null;
  visit(katex, 'element', (el: Element) => {
    if (el.tagName !== 'annotation') return;
    tex = el.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  });
  return tex;
}

/** Rehype plugin (after rehype-katex): wraps a short inline formula and the punctuation after it in <span class="math-punct">. */
export function rehypeMathPunctuation() {
  return (tree: Root) => {
    visit(tree, 'element', (parent: Element) => {
      const own = classes(parent);
      if (own.includes('katex-display') || own.includes('math-punct') || own.includes('katex')) return;
      const kids: ElementContent[] = parent.children;
      for (let i = 0; i + 1 < kids.length; i++) {
        const node = kids[i]!;
        const next = kids[i + 1]!;
        if (node.type !== 'element' || !classes(node).includes('katex') || next.type !== 'text') continue;
        const punct = CLOSING.exec(next.value)?.[0];
        const tex = texOf(node);
        if (!punct || tex === null || tex.trim().length > MAX_TEX) continue;
        next.value = next.value.slice(punct.length);
        kids.splice(i, 1, {
          type: 'element',
          tagName: 'span',
          properties: { className: ['math-punct'] },
          children: [node, { type: 'text', value: punct }],
        });
        if (!next.value) kids.splice(i + 1, 1);
      }
    });
  };
}
