// <vae-latent-walk>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class LatentWalkElement extends WidgetElement {
  readonly widgetName = 'latent-walk';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./latent-walk.ts');
  }
}

if (!customElements.get('vae-latent-walk')) customElements.define('vae-latent-walk', LatentWalkElement);
