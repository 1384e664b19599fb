// <vae-reparam>: the light custom element; the lab's code loads when it nears the viewport. It needs no TensorFlow.js.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class ReparamElement extends WidgetElement {
  readonly widgetName = 'reparam';
  protected override readonly needsTf = false;
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./reparam.ts');
  }
}

if (!customElements.get('vae-reparam')) customElements.define('vae-reparam', ReparamElement);
