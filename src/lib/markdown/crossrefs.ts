// Book-wide numbering of equations and figures, and the remark plugin that resolves `[](#label)` links.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Root, Link, Text } from 'mdast';
import { visit } from 'unist-util-visit';

export type RefKind = 'equation' | 'figure';
export interface RefTarget {
  kind: RefKind;
  /** Chapter slug (file name without the NN- prefix and extension). */
  slug: string;
  /** Printed number, e.g. "4.3". */
  number: string;
}

const CHAPTERS_DIR = join(process.cwd(), 'content', 'chapters');
const LABEL_RE = /\\label\{([^}]+)\}/g;
const FIGURE_RE = /<Figure\b[^>]*?\bid="([^"]+)"/g;
const ORDER_RE = /^order:\s*(\d+)\s*$/m;

/** Turns a chapter file name like `04-kl-divergence.mdx` into its slug `kl-divergence`. */
export function slugFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.mdx?$/, '').replace(/^\d+-/, '');
}

/** Finds equation labels and figure ids in one chapter's source, in document order, and numbers them. */
export function scanChapter(source: string, slug: string, chapterNumber: number): Map<string, RefTarget> {
  const found = new Map<string, RefTarget>();
  let eq = 0;
  for (const m of source.matchAll(LABEL_RE)) {
    const label = m[1] as string;
    found.set(label, { kind: 'equation', slug, number: `${chapterNumber}.${++eq}` });
  }
  let fig = 0;
  for (const m of source.matchAll(FIGURE_RE)) {
    const id = m[1] as string;
    found.set(id, { kind: 'figure', slug, number: `${chapterNumber}.${++fig}` });
  }
  return found;
}

let cache: { stamp: string; map: Map<string, RefTarget> } | null = null;

/** Scans every chapter and returns the book-wide label → target map (cached until a chapter changes). */
export function bookRefs(dir = CHAPTERS_DIR): Map<string, RefTarget> {
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.mdx?$/.test(f))
      .sort();
  } catch {
    return new Map();
  }
  const stamp = files.map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).join('|');
  if (cache && cache.stamp === stamp) return cache.map;
  const map = new Map<string, RefTarget>();
  for (const f of files) {
    const source = readFileSync(join(dir, f), 'utf8');
    const order = Number(ORDER_RE.exec(source)?.[1] ?? NaN);
    const slug = slugFromFile(f);
    for (const [label, target] of scanChapter(source, slug, Number.isFinite(order) ? order : 0)) {
      const prior = map.get(label);
      if (prior) throw new Error(`Duplicate label "${label}" in chapters "${prior.slug}" and "${slug}": labels must be unique across the book.`);
      map.set(label, target);
    }
  }
  cache = { stamp, map };
  return map;
}

/** The text a reference to this target prints: "(4.3)" for equations, "Figure 4.3" for figures. */
export function refText(t: RefTarget): string {
  return t.kind === 'equation' ? `(${t.number})` : `Figure ${t.number}`;
}

/** The link a reference points to, relative to the site root (base path is added later). */
export function refHref(label: string, t: RefTarget, fromSlug: string): string {
  return t.slug === fromSlug ? `#${label}` : `/chapters/${t.slug}/#${label}`;
}

interface MathNode {
  type: 'math';
  value: string;
  data?: { hProperties?: Record<string, unknown>; hName?: string; hChildren?: unknown[] };
}

/** Remark plugin: numbers labelled display equations (`\label{eq-x}` → `\tag{4.3}`) and fills empty `[](#label)` links. */
export function remarkCrossrefs() {
  return (tree: Root, file: { path?: string; history?: string[] }) => {
    const path = file.path ?? file.history?.[0] ?? '';
    const inChapters = /content[\\/]chapters[\\/]/.test(path);
    const slug = inChapters ? slugFromFile(path) : '';
    const refs = bookRefs();
    visit(tree, 'math', (node: MathNode) => {
      const labels = [...node.value.matchAll(LABEL_RE)].map((m) => m[1] as string);
      if (labels.length === 0) return;
      if (labels.length > 1) throw new Error(`${path}: one \\label per display equation (found ${labels.join(', ')}).`);
      const label = labels[0] as string;
      const target = refs.get(label);
      if (!target || target.slug !== slug) throw new Error(`${path}: equation label "${label}" is only numbered inside content/chapters/.`);
      node.value = node.value.replace(LABEL_RE, '').trimEnd() + `\n\\tag{${target.number}}`;
      // remark-math renders <pre><code class="language-math math-display">; wrap it in a div that carries the id,
      // because rehype-katex replaces the <pre> itself.
      const code = {
        type: 'element',
        tagName: 'code',
        properties: { className: ['language-math', 'math-display'] },
        children: [{ type: 'text', value: node.value }],
      };
      node.data = {
        hName: 'div',
        hProperties: { id: label, className: ['equation'], 'data-equation': target.number },
        hChildren: [{ type: 'element', tagName: 'pre', properties: {}, children: [code] }],
      };
    });
    visit(tree, 'link', (node: Link) => {
      const empty = node.children.length === 0;
      const hashAt = node.url.indexOf('#');
      if (!empty || hashAt < 0) return;
      const label = node.url.slice(hashAt + 1);
      const target = refs.get(label);
      if (!target) throw new Error(`${path}: the reference [](${node.url}) points to no equation or figure label. Check the label's spelling.`);
      node.url = refHref(label, target, slug);
      node.children = [{ type: 'text', value: refText(target) } as Text];
      node.data = { ...node.data, hProperties: { className: ['xref', `xref-${target.kind}`] } };
    });
  };
}
