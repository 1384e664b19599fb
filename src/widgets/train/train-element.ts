// <vae-train>: the light custom element; TensorFlow.js and the trainer load when it nears the viewport.
import { WidgetElement, type WidgetImpl } from '../runtime/widget-element.ts';

class TrainElement extends WidgetElement {
  readonly widgetName = 'train';
  protected loadImpl(): Promise<WidgetImpl> {
    return import('./train.ts');
  }
}

if (!customElements.get('vae-train')) customElements.define('vae-train', TrainElement);
