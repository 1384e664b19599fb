// The tiny blocking script that applies the colour theme before first paint (no flash), and on embed pages the trim
// options of the URL (?theme=light|dark, ?text=0, ?view=<name>) as attributes on <html> that CSS acts on, and the widget's
// preloads (src/lib/site/embed-preloads.ts) unless the reader has Save-Data on.

/** Inline script source: the saved theme (localStorage "theme": "light" | "dark"), else the OS preference via CSS; on
 * pages whose <html> has data-embed, ?theme= overrides it, ?text=0 sets data-text="off", ?view=<name> sets data-view, and
 * the widget's preloads (<template id="vae-preloads">, embed-preloads.ts) go into <head> unless Save-Data is on. */
export const THEME_SCRIPT =
  "(function(){var r=document.documentElement,t=null;try{t=localStorage.getItem('theme')}catch(e){}" +
  "if(r.hasAttribute('data-embed')){var q=new URLSearchParams(location.search),f=q.get('theme'),v=q.get('view')," +
  "p=document.getElementById('vae-preloads'),c=navigator.connection;" +
  'if(p&&!(c&&c.saveData))document.head.appendChild(p.content.cloneNode(true));' +
  "if(f==='light'||f==='dark')t=f;if(q.get('text')==='0')r.setAttribute('data-text','off');" +
  "if(v&&/^[a-z-]{1,20}$/.test(v))r.setAttribute('data-view',v)}" +
  "if(t==='light'||t==='dark')r.setAttribute('data-theme',t)})()";
