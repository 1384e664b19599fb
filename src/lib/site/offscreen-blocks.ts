// Which blocks of a built chapter the browser skips while they are out of view (src/styles/global/offscreen.css): the
// direct children of the article past its second h2 that are paragraphs, lists, equations or "Try this" boxes. The font
// preloads (font-preloads.ts) leave out what only those blocks use.

/** The kinds of block skipped: element names and classes, as in offscreen.css's `:is(...)` (a unit test holds them equal). */
export const SKIPPED_BLOCKS = ['p', 'ul', 'ol', '.equation', '.katex-display', '.try-this'] as const;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

/** Whether a start tag (`name`, its attribute text) is one of SKIPPED_BLOCKS. */
function isSkippedKind(name: string, attrs: string): boolean {
  const classes = new Set((/\sclass="([^"]*)"/.exec(attrs)?.[1] ?? '').split(/\s+/));
  return SKIPPED_BLOCKS.some((k) => (k.startsWith('.') ? classes.has(k.slice(1)) : k === name));
}

/** The [start, end) character ranges of a page's skipped blocks; none when the page has no article body. */
export function skippedBlockRanges(html: string): [number, number][] {
  const open = /<article\b[^>]*\bclass="[^"]*\barticle__body\b[^"]*"[^>]*>/.exec(html);
  if (!open) return [];
  const tag = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g;
  tag.lastIndex = open.index + open[0].length;
  const ranges: [number, number][] = [];
  let depth = 0;
  let headings = 0;
  let child: { start: number; skipped: boolean } | null = null;
  /** Ends the article's current child at `end`, keeping its range when it is skipped. */
  const endChild = (end: number) => {
    if (child?.skipped) ranges.push([child.start, end]);
    child = null;
  };
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (!m[2]) continue; // a comment
    const [, closing, rawName, attrs, selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (closing) {
      if (depth === 0) break; // </article>
      depth--;
      if (depth === 0) endChild(m.index + m[0].length);
      continue;
    }
    const empty = VOID.has(name) || selfClosing === '/';
    if (depth === 0) {
      child = { start: m.index, skipped: headings >= 2 && isSkippedKind(name, attrs ?? '') };
      if (name === 'h2') headings++;
    }
    if (RAW_TEXT.has(name) && !empty) {
      const end = html.indexOf(`</${name}`, tag.lastIndex);
      tag.lastIndex = end < 0 ? html.length : end;
    }
    if (!empty) depth++;
    else if (depth === 0) endChild(m.index + m[0].length);
  }
  return ranges;
}

/** The page without its skipped blocks: what the browser lays out when the page opens at its top. */
export function withoutSkippedBlocks(html: string): string {
  let out = '';
  let at = 0;
  for (const [s, e] of skippedBlockRanges(html)) {
    out += html.slice(at, s);
    at = e;
  }
  return out + html.slice(at);
}
