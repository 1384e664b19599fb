// The hello widget: decodes the code (z1, z2) with vae-2d's decoder and draws the digit, live.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel } from '../runtime/shipped-model.ts';
import { helloSchema } from './state.ts';
import { buildHelloView } from './view.ts';

/** Loads the decoder, builds the sliders and canvas, and decodes on every change (latest wins). */
export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(helloSchema, host.urlParams(), 'hello');
  const model = await loadShippedModel(rt, 'vae-2d', { parts: ['decoder'], onProgress: (f) => ui.progress('Downloading the decoder…', f) });
  let frames = 0;
  const render = latestWins(async (z: [number, number]) => {
    const pixels = await model.decode(rt.tf, [z]);
    view.draw(pixels);
    host.dataset.z = z.map((v) => v.toFixed(2)).join(',');
    host.dataset.frames = String(++frames);
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
  return () => model.dispose();
}
