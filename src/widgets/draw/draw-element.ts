// <vae-draw>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class DrawElement extends WidgetElement {
  readonly widgetName = 'draw';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./draw.ts');
  }
}

if (!customElements.get('vae-draw')) customElements.define('vae-draw', DrawElement);
