// Rehype plugin that gives every h2–h4 with an id a visible self-link, kept on the line of the heading's last word.
import type { Root, Element, ElementContent } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * The heading's last word (or last inline element) and the anchor in one span that does not wrap, so that the "#"
 * never starts a line of its own on a phone (a line may break after "?" just before it).
 */
function keepWithLastWord(children: ElementContent[], anchor: Element): ElementContent[] {
  const last = children[children.length - 1];
  const keep = (inner: ElementContent[]): Element => ({
    type: 'element',
    tagName: 'span',
    properties: { className: ['heading-anchor-keep'] },
    children: [...inner, anchor],
  });
  if (!last) return [anchor];
  if (last.type === 'text') {
    const m = /^([\s\S]*\s)?(\S+)\s*$/.exec(last.value);
    if (!m) return [...children, anchor];
    const before: ElementContent[] = m[1] ? [{ type: 'text', value: m[1] }] : [];
    return [...children.slice(0, -1), ...before, keep([{ type: 'text', value: m[2]! }])];
  }
  if (last.type === 'element') return [...children.slice(0, -1), keep([last])];
  return [...children, anchor];
}

/** Rehype plugin: appends `<a class="heading-anchor" href="#id">` to headings (run after the ids are set). */
export function rehypeHeadingAnchors() {
  return (tree: Root) => {
    visit(tree, 'element', (el: Element) => {
      if (!/^h[2-4]$/.test(el.tagName)) return;
      const id = el.properties?.id;
      if (typeof id !== 'string' || !id) return;
      const cls = el.properties?.className;
      if (Array.isArray(cls) && cls.includes('sr-only')) return;
      const anchor: Element = {
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: 'Link to this section' },
        children: [{ type: 'text', value: '#' }],
      };
      el.children = keepWithLastWord(el.children, anchor);
    });
  };
}
