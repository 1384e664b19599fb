// In the browser: links an equation's marked terms (.eq-term[data-term="<widget>.<quantity>"], made at build time by
// src/lib/markdown/equation-terms.ts) to the widget elements that show the same quantity ([data-quantity] inside
// <vae-<widget>>), both ways, on focus and on hover; and writes each `vae:quantity` a widget announces into the prose's
// <Live> spans (.live-num[data-live]). Highlights are classes only; the CSS animates them only without reduced motion.
import type { QuantityDetail } from '../../widgets/shared/quantities.ts';

const TERM_LIT = 'is-lit';
const QUANTITY_LIT = 'is-term-lit';

/** The widget element (<vae-NAME>) an element sits in, if any. */
function widgetOf(el: Element): Element | null {
  for (let e: Element | null = el; e; e = e.parentElement) if (e.localName.startsWith('vae-')) return e;
  return null;
}

/** Everything on the page that shows `<widget>.<name>`: the equations' terms and the widgets' elements. */
function partners(widget: string, name: string): Element[] {
  const terms = document.querySelectorAll(`.eq-term[data-term="${CSS.escape(`${widget}.${name}`)}"]`);
  const shown = document.querySelectorAll(`vae-${CSS.escape(widget)} [data-quantity~="${CSS.escape(name)}"]`);
  return [...terms, ...shown];
}

/** The quantities an element stands for, as [widget, name] pairs (a term has one; a widget element may have several). */
function quantitiesOf(el: Element): [string, string][] {
  const term = el.closest('.eq-term');
  if (term) {
    const key = term.getAttribute('data-term') ?? '';
    const dot = key.indexOf('.');
    return dot > 0 ? [[key.slice(0, dot), key.slice(dot + 1)]] : [];
  }
  const shown = el.closest('[data-quantity]');
  const host = shown && widgetOf(shown);
  if (!shown || !host) return [];
  const widget = host.localName.slice('vae-'.length);
  return (shown.getAttribute('data-quantity') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => [widget, n]);
}

let lit: Element[] = [];
let litQuantities: [string, string][] = [];
/** Re-lights the current quantities whenever a lit widget redraws (a resize rebuilds its SVG, dropping the classes). */
const redraws = typeof MutationObserver === 'undefined' ? null : new MutationObserver(() => applyLights());

/** Adds the lit classes to every partner of the current quantities (idempotent, so a redraw can call it again). */
function applyLights(): void {
  lit = lit.filter((el) => el.isConnected);
  for (const [widget, name] of litQuantities) {
    for (const el of partners(widget, name)) {
      const cls = el.classList.contains('eq-term') ? TERM_LIT : QUANTITY_LIT;
      if (el.classList.contains(cls)) continue;
      el.classList.add(cls);
      lit.push(el);
    }
  }
}

/** Lights up every partner of what the reader points at or focuses, and clears the previous set. */
function light(target: EventTarget | null): void {
  for (const el of lit) el.classList.remove(TERM_LIT, QUANTITY_LIT);
  lit = [];
  redraws?.disconnect();
  litQuantities = target instanceof Element ? quantitiesOf(target) : [];
  if (!litQuantities.length) return;
  applyLights();
  for (const widget of new Set(litQuantities.map(([w]) => w)))
    for (const host of document.querySelectorAll(`vae-${CSS.escape(widget)}`)) redraws?.observe(host, { childList: true, subtree: true });
}

/** Writes a widget's announced number into every <Live> span that quotes it. */
function showQuantity(event: Event): void {
  const d = (event as CustomEvent<QuantityDetail>).detail;
  if (!d) return;
  for (const span of document.querySelectorAll<HTMLElement>(`.live-num[data-live="${CSS.escape(`${d.widget}.${d.name}`)}"]`)) {
    if (span.textContent !== d.text) span.textContent = d.text;
    span.dataset.value = String(d.value);
    span.dataset.state = 'live';
  }
}

/** Installs the listeners once per page. */
export function installTermLinks(): void {
  const relevant = (t: EventTarget | null) => t instanceof Element && (t.closest('.eq-term') || t.closest('[data-quantity]'));
  document.addEventListener('focusin', (e) => light(relevant(e.target) ? e.target : null));
  document.addEventListener('focusout', (e) => {
    if (!relevant(e.relatedTarget)) light(null);
  });
  document.addEventListener('pointerover', (e) => {
    if (relevant(e.target)) light(e.target);
    else if (lit.length) light(relevant(document.activeElement) ? document.activeElement : null);
  });
  document.addEventListener('vae:quantity', showQuantity);
}
