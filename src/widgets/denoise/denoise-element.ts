// <vae-denoise>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class DenoiseElement extends WidgetElement {
  readonly widgetName = 'denoise';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./denoise.ts');
  }
}

if (!customElements.get('vae-denoise')) customElements.define('vae-denoise', DenoiseElement);
