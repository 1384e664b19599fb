// <vae-hello>: the light custom element; the model code loads when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class HelloElement extends WidgetElement {
  readonly widgetName = 'hello';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./hello.ts');
  }
}

if (!customElements.get('vae-hello')) customElements.define('vae-hello', HelloElement);
