// <vae-kl-vs-recon>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class KlVsReconElement extends WidgetElement {
  readonly widgetName = 'kl-vs-recon';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./kl-vs-recon.ts');
  }
}

if (!customElements.get('vae-kl-vs-recon')) customElements.define('vae-kl-vs-recon', KlVsReconElement);
