// Rehype plugin that gives every h2–h4 with an id a visible self-link.
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

/** Rehype plugin: appends `<a class="heading-anchor" href="#id">` to headings (run after the ids are set). */
export function rehypeHeadingAnchors() {
  return (tree: Root) => {
    visit(tree, 'element', (el: Element) => {
      if (!/^h[2-4]$/.test(el.tagName)) return;
      const id = el.properties?.id;
      if (typeof id !== 'string' || !id) return;
      const cls = el.properties?.className;
      if (Array.isArray(cls) && cls.includes('sr-only')) return;
      el.children.push({
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: 'Link to this section' },
        children: [{ type: 'text', value: '#' }],
      });
    });
  };
}
