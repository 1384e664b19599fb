// <vae-posterior>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class PosteriorElement extends WidgetElement {
  readonly widgetName = 'posterior';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./posterior.ts');
  }
}

if (!customElements.get('vae-posterior')) customElements.define('vae-posterior', PosteriorElement);
