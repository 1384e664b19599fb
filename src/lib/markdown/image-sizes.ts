// Rehype plugin that gives the site's own images their width and height, so the page does not jump as they load.
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';
import { publicImageSize } from '../site/image-size.ts';

/** Rehype plugin: sets width/height on <img> elements whose root-relative src is an SVG or PNG in public/ (run before base links). */
export function rehypeImageSizes(options: { publicDir?: string } = {}) {
  return (tree: Root) => {
    visit(tree, 'element', (el: Element) => {
      if (el.tagName !== 'img' || typeof el.properties?.src !== 'string') return;
      if (el.properties.width != null || el.properties.height != null) return;
      const size = publicImageSize(el.properties.src, options.publicDir);
      if (!size) return;
      el.properties.width = size.width;
      el.properties.height = size.height;
    });
  };
}
