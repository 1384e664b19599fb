// The tiny blocking scripts that apply the colour theme before first paint (no flash). Embed pages get a longer one that
// also applies the trim options of the URL (?theme=light|dark, ?text=0, ?view=<name>) as attributes on <html> that CSS acts
// on, and starts the widget's preloads and early downloads (src/lib/site/embed-preloads.ts) unless the reader has Save-Data
// on. Chapters carry only the short one: every byte of it is in every page's first view.

/** Reads the saved theme (localStorage "theme") into t, with r the <html> element; storage may be blocked. */
const READ_SAVED = "var r=document.documentElement,t=null;try{t=localStorage.getItem('theme')}catch(e){}";
const APPLY = "if(t==='light'||t==='dark')r.setAttribute('data-theme',t)";

/** Marks a page that opens somewhere other than its top (a #link, a reload, back or forward) with data-resume on <html>:
 * there the chapters lay out every block at once (src/styles/global/offscreen.css), so the place the reader lands on is
 * where the browser put them, not one estimated from the sizes of blocks it skipped; and it preloads the fonts only those
 * blocks use (<template id="vae-late-fonts">, font-preloads.ts). */
const MARK_RESUME =
  "var n=performance.getEntriesByType('navigation')[0];if(location.hash||/^(reload|back)/.test(n&&n.type)){r.setAttribute('data-resume','');" +
  "var f=document.getElementById('vae-late-fonts');f&&document.head.appendChild(f.content.cloneNode(!0))}";

/** Inline script of every page but the embeds: the saved theme ("light" | "dark"), else the OS preference via CSS; and
 * data-resume where the page does not open at its top. */
export const THEME_SCRIPT = `(function(){${READ_SAVED}${APPLY};${MARK_RESUME}})()`;

/** Inline script of the embed pages: as THEME_SCRIPT, but ?theme= overrides the saved theme, ?text=0 sets data-text="off",
 * ?view=<name> sets data-view, and the widget's preloads (<template id="vae-preloads">, embed-preloads.ts) go into <head>
 * unless Save-Data is on; then the files the template names ("url|version" pairs) start downloading as fetch() calls that
 * name their version (header x-vae-version; window.__vaeEarly, runtime/early-fetch.ts): data-fetch's always (the
 * manifest), data-fetch-default's (the first frame's in the default state) unless the URL sets a widget's state (keys
 * "widget.key"), which may need others. */
export const EMBED_HEAD_SCRIPT =
  `(function(){${READ_SAVED}` +
  "var q=new URLSearchParams(location.search),f=q.get('theme'),v=q.get('view')," +
  "p=document.getElementById('vae-preloads'),c=navigator.connection;" +
  'if(p&&!(c&&c.saveData)){document.head.appendChild(p.content.cloneNode(true));var e=window.__vaeEarly={},' +
  "s=function(k){(p.getAttribute(k)||'').split(' ').forEach(function(x){var a=x.split('|');if(a[1]){" +
  "var g=fetch(a[0],{headers:{'x-vae-version':a[1]}});g.catch(function(){});e[a[0]]=g}})};s('data-fetch');" +
  "if(!/[?&][a-z-]+\\.[a-z]/i.test(location.search))s('data-fetch-default')}" +
  "if(f==='light'||f==='dark')t=f;if(q.get('text')==='0')r.setAttribute('data-text','off');" +
  "if(v&&/^[a-z-]{1,20}$/.test(v))r.setAttribute('data-view',v);" +
  `${APPLY}})()`;

/** The inline head script of a page: the embed pages' (`bare`) or everyone else's. */
export function headScript(bare: boolean): string {
  return bare ? EMBED_HEAD_SCRIPT : THEME_SCRIPT;
}
