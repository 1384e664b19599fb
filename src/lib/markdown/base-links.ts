// Rehype plugin that prefixes root-relative links and image sources with the site's base path.
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

/** Adds `base` (e.g. "/vae/") in front of a root-relative URL; leaves other URLs alone. */
export function withBase(url: string, base: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) return url;
  const b = base.endsWith('/') ? base.slice(0, -1) : base;
  if (b && (url === b || url.startsWith(`${b}/`))) return url;
  return `${b}${url}`;
}

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
}

const URL_ATTRS = new Set(['href', 'src']);

/** Rehype plugin: rewrites href/src of HTML elements and of JSX elements written in MDX. */
export function rehypeBaseLinks(options: { base: string }) {
  const base = options.base || '/';
  return (tree: Root) => {
    visit(tree, (node: { type: string }) => {
      if (node.type === 'element') {
        const el = node as unknown as Element;
        for (const key of ['href', 'src'] as const) {
          const v = el.properties?.[key];
          if (typeof v === 'string') el.properties[key] = withBase(v, base);
        }
      } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        for (const attr of (node as unknown as JsxElement).attributes) {
          if (attr.type === 'mdxJsxAttribute' && attr.name && URL_ATTRS.has(attr.name) && typeof attr.value === 'string') {
            attr.value = withBase(attr.value, base);
          }
        }
      }
    });
  };
}
