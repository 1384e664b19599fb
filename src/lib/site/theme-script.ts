// The tiny blocking script that applies the colour theme before first paint (no flash), and on embed pages the trim
// options of the URL (?theme=light|dark, ?text=0, ?view=<name>) as attributes on <html> that CSS acts on, and the widget's
// preloads and early downloads (src/lib/site/embed-preloads.ts) unless the reader has Save-Data on.

/** Inline script source: the saved theme (localStorage "theme": "light" | "dark"), else the OS preference via CSS; on
 * pages whose <html> has data-embed, ?theme= overrides it, ?text=0 sets data-text="off", ?view=<name> sets data-view, and
 * the widget's preloads (<template id="vae-preloads">, embed-preloads.ts) go into <head> unless Save-Data is on, and then
 * the files in the template's data-fetch (the first frame's in the default state) start downloading as fetch() calls
 * (window.__vaeEarly, runtime/early-fetch.ts), unless the URL sets a widget's state (keys "widget.key"). */
export const THEME_SCRIPT =
  "(function(){var r=document.documentElement,t=null;try{t=localStorage.getItem('theme')}catch(e){}" +
  "if(r.hasAttribute('data-embed')){var q=new URLSearchParams(location.search),f=q.get('theme'),v=q.get('view')," +
  "p=document.getElementById('vae-preloads'),c=navigator.connection;" +
  'if(p&&!(c&&c.saveData)){document.head.appendChild(p.content.cloneNode(true));' +
  "var l=p.getAttribute('data-fetch');if(l&&!/[?&][a-z-]+\\.[a-z]/i.test(location.search)){var e=window.__vaeEarly={};" +
  "l.split(' ').forEach(function(u){var g=fetch(u);g.catch(function(){});e[u]=g})}}" +
  "if(f==='light'||f==='dark')t=f;if(q.get('text')==='0')r.setAttribute('data-text','off');" +
  "if(v&&/^[a-z-]{1,20}$/.test(v))r.setAttribute('data-view',v)}" +
  "if(t==='light'||t==='dark')r.setAttribute('data-theme',t)})()";
