// <vae-hello>: decodes the code (z1, z2) with vae-2d's decoder and draws the digit, live.
import { WidgetElement, type WidgetUi } from '../runtime/widget-element.ts';
import type { TfRuntime } from '../runtime/backend.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, type ShippedModel } from '../runtime/shipped-model.ts';
import { helloSchema } from './state.ts';
import { buildHelloView } from './view.ts';

class HelloElement extends WidgetElement {
  readonly widgetName = 'hello';
  private model: ShippedModel | null = null;

  protected async setup(rt: TfRuntime, ui: WidgetUi): Promise<void> {
    const params = new URLSearchParams(window.location.search);
    for (const [k, v] of new URLSearchParams(this.dataset.params ?? '')) if (!params.has(`hello.${k}`)) params.set(`hello.${k}`, v);
    const state = readState(helloSchema, params, 'hello');
    this.model = await loadShippedModel(rt, 'vae-2d', { part: 'decoder', onProgress: (f) => ui.progress('Downloading the decoder…', f) });
    const model = this.model;
    const render = latestWins(async (z: [number, number]) => {
      const pixels = await model.decode(rt.tf, [z]);
      view.draw(pixels);
      this.dataset.z = z.map((v) => v.toFixed(2)).join(',');
      this.dataset.frames = String(Number(this.dataset.frames ?? 0) + 1);
    });
    const view = buildHelloView(ui.root, [state.z1, state.z2], (z) => {
      state.z1 = z[0];
      state.z2 = z[1];
      syncStateToUrl(helloSchema, state, 'hello');
      render.request(z);
    });
    ui.status('Move the sliders: the digit is decoded in your browser.');
    render.request([state.z1, state.z2]);
    await render.idle();
  }

  protected teardown(): void {
    this.model?.dispose();
    this.model = null;
  }
}

if (!customElements.get('vae-hello')) customElements.define('vae-hello', HelloElement);
