// loadShippedModel behind a dynamic import: a widget whose first frame is shipped (no model) imports this instead of
// shipped-model.ts, so that the model code, and TensorFlow.js with it, load only when something must be decoded live.
import type { TfRuntime } from './backend.ts';
import type { LoadOptions, ShippedModel } from './shipped-model.ts';

/** Fetches a shipped model (shipped-model.ts's loadShippedModel), importing its module on the first call. */
export async function loadShippedModelLazily(rt: TfRuntime, name: string, opts?: LoadOptions): Promise<ShippedModel> {
  return (await import('./shipped-model.ts')).loadShippedModel(rt, name, opts);
}
