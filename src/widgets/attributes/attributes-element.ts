// <vae-attributes>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class AttributesElement extends WidgetElement {
  readonly widgetName = 'attributes';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./attributes.ts');
  }
}

if (!customElements.get('vae-attributes')) customElements.define('vae-attributes', AttributesElement);
