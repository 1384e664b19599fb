// <vae-cvae>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class CvaeElement extends WidgetElement {
  readonly widgetName = 'cvae';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./cvae.ts');
  }
}

if (!customElements.get('vae-cvae')) customElements.define('vae-cvae', CvaeElement);
