// The numbers a widget shows that the prose quotes: each change is announced as the window event `vae:quantity`
// ({ widget, name, value, text }), which src/lib/site/term-links.ts writes into the page's <Live> spans. Elements that
// show a quantity carry data-quantity="<name>" so that an equation's term can light them up.

/** What a `vae:quantity` event carries: the widget, the quantity's name, its value and its text as the widget shows it. */
export interface QuantityDetail {
  widget: string;
  name: string;
  value: number;
  text: string;
}

/** A number with a fixed count of decimals and a true minus sign, as the widgets print nats. */
export const signedFixed = (v: number, decimals = 2): string => (v < 0 ? `−${Math.abs(v).toFixed(decimals)}` : v.toFixed(decimals));

/** Tells the page (bubbling from the widget's element) that one of the widget's quoted numbers changed. */
export function emitQuantity(host: HTMLElement, detail: QuantityDetail): void {
  host.dispatchEvent(new CustomEvent<QuantityDetail>('vae:quantity', { bubbles: true, detail }));
}

/** Marks an element as showing the named quantities (space-separated), for the equations' terms. */
export function markQuantity<E extends Element>(element: E, names: string): E {
  element.setAttribute('data-quantity', names);
  return element;
}
