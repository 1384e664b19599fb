// <vae-ae-variants>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class AeVariantsElement extends WidgetElement {
  readonly widgetName = 'ae-variants';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./ae-variants.ts');
  }
}

if (!customElements.get('vae-ae-variants')) customElements.define('vae-ae-variants', AeVariantsElement);
