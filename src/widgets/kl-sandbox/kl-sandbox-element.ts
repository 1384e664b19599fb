// <vae-kl-sandbox>: the light custom element; the sandbox's code loads when it nears the viewport. It needs no TensorFlow.js.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class KlSandboxElement extends WidgetElement {
  readonly widgetName = 'kl-sandbox';
  protected override readonly needsTf = false;
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./kl-sandbox.ts');
  }
}

if (!customElements.get('vae-kl-sandbox')) customElements.define('vae-kl-sandbox', KlSandboxElement);
