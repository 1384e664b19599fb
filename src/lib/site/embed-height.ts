// Runs on embed pages: tells the parent page (the course page holding the iframe) this page's height whenever it changes,
// so the few lines of script in an embed snippet can size the iframe to fit (src/lib/site/embed-snippet.ts).
import { EMBED_HEIGHT_MESSAGE } from './embed-snippet.ts';

/** The page's content height in CSS px (the <html> box, which follows the content, not the iframe's size). */
function contentHeight(): number {
  return Math.ceil(document.documentElement.getBoundingClientRect().height);
}

/** When framed, posts {type: 'vae-embed-height', widget, height} to the parent on load and after each size change (debounced). */
export function postEmbedHeight(delayMs = 100): void {
  if (window.parent === window) return;
  const widget = document.querySelector<HTMLElement>('[data-embed-widget]')?.dataset.embedWidget ?? '';
  let last = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    const height = contentHeight();
    if (height === last) return;
    last = height;
    // Any page may frame the widget, and a height says nothing private: hence the '*' target.
    window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, widget, height }, '*');
  };
  const schedule = () => {
    if (timer === undefined) timer = setTimeout(send, delayMs);
  };
  new ResizeObserver(schedule).observe(document.documentElement);
  send();
}
