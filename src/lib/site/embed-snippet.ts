// The copy-paste HTML that embeds one widget in a course page: an iframe of /embed/<widget>/ with its URL state, plus a
// few lines of script that size the iframe from the height the embed page posts. Pure: used at build time (/widgets/)
// and in the browser (the widget's "Embed this state" button).
import { WIDGETS, widgetInfo } from '../../widgets/registry.ts';
import { EMBED_HEIGHTS, FALLBACK_EMBED_HEIGHT } from './embed-heights.ts';

/** The message an embed page posts to its parent whenever its height changes. */
export const EMBED_HEIGHT_MESSAGE = 'vae-embed-height';

/** URL keys an embed page reads itself (not widget state): forced theme, hidden text, compact view. */
export const EMBED_OPTION_KEYS = ['theme', 'text', 'view'] as const;

export interface EmbedSnippetOptions {
  /** Absolute URL of the site root with its base path ("https://you.github.io/vae/"). Default in a browser: this page's
   * origin plus the base path. Required outside a browser. */
  siteRoot?: string;
  /** The iframe's height in px for a parent page that runs no script. Default: the widget's measured height at 700 px. */
  height?: number;
  /** The iframe's title. Default: the widget's title and the book's name. */
  title?: string;
}

const BOOK = 'Variational Autoencoders, Explained';

/** Escapes text for an HTML attribute value in double quotes. */
function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The site root of the page this runs in (browser only), else undefined. */
function browserSiteRoot(): string | undefined {
  if (typeof location === 'undefined') return undefined;
  const base = (import.meta.env?.BASE_URL as string | undefined) || '/';
  return new URL(base.endsWith('/') ? base : `${base}/`, location.origin).href;
}

/** Keeps the query keys of one widget's state (`<widget>.*`) and the embed options; drops everything else. */
export function embedSearch(widget: string, search: string): string {
  const kept = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(search)) {
    if (key.startsWith(`${widget}.`) || (EMBED_OPTION_KEYS as readonly string[]).includes(key)) kept.append(key, value);
  }
  const query = kept.toString();
  return query ? `?${query}` : '';
}

/** The absolute URL of a widget's embed page carrying the given URL state. */
export function embedUrl(widget: string, search: string, siteRoot: string): string {
  return new URL(`embed/${widget}/${embedSearch(widget, search)}`, siteRoot.endsWith('/') ? siteRoot : `${siteRoot}/`).href;
}

/** The default iframe height of a widget's embed page: its measured height at 700 px wide. */
export function embedHeight(widget: string): number {
  return EMBED_HEIGHTS[widget] ?? FALLBACK_EMBED_HEIGHT;
}

/** The script a parent page runs so each embedded widget's iframe takes the height its page reports. */
export const RESIZE_SCRIPT = `<script>
  // Sizes each widget from Variational Autoencoders, Explained to its content (once per page is enough).
  window.addEventListener('message', function (e) {
    var h = e.data && e.data.type === '${EMBED_HEIGHT_MESSAGE}' ? Number(e.data.height) : NaN;
    if (!(h > 0 && h < 20000)) return;
    document.querySelectorAll('iframe[data-vae-embed]').forEach(function (f) {
      if (f.contentWindow === e.source && new URL(f.src).origin === e.origin) f.style.height = Math.ceil(h) + 'px';
    });
  });
</script>`;

/** The copy-paste HTML (an iframe with allow="clipboard-write", and the resize script) for /embed/<widget>/ with this state. */
export function embedSnippet(widget: string, search: string, opts: EmbedSnippetOptions = {}): string {
  const info = widgetInfo(widget);
  if (!info) throw new Error(`embedSnippet: no widget named "${widget}"; known widgets: ${WIDGETS.map((w) => w.name).join(', ')}.`);
  const siteRoot = opts.siteRoot ?? browserSiteRoot();
  if (!siteRoot) throw new Error('embedSnippet: pass opts.siteRoot (e.g. new URL(base, Astro.site).href) when not running in a browser.');
  const height = Math.round(opts.height ?? embedHeight(widget));
  const title = opts.title ?? `${info.title} (${BOOK})`;
  const src = embedUrl(widget, search, siteRoot);
  const iframe =
    `<iframe src="${attr(src)}" title="${attr(title)}" style="width: 100%; height: ${height}px; border: 0" ` +
    `allow="clipboard-write" loading="lazy" data-vae-embed></iframe>`;
  return `${iframe}\n${RESIZE_SCRIPT}`;
}
