// Debug-only helpers behind `?debug=1` (window.__vaeDebug): decode timing for the benchmark. Loaded on demand, never by readers.
import { loadTf } from './backend.ts';
import { loadShippedModel, type ShippedModel } from './shipped-model.ts';

const decoders = new Map<string, Promise<ShippedModel>>();

/** Times `reps` decodes of a batch of `batch` random 2-D codes (after one warm-up); returns milliseconds per decode, read back. */
export async function timeDecode(batch: number, reps: number, model = 'vae-2d'): Promise<number[]> {
  const rt = await loadTf();
  let shipped = decoders.get(model);
  if (!shipped) {
    shipped = loadShippedModel(rt, model, { parts: ['decoder'] });
    decoders.set(model, shipped);
  }
  const m = await shipped;
  const codes = () => Array.from({ length: batch }, () => [4 * Math.random() - 2, 4 * Math.random() - 2]);
  await m.decode(rt.tf, codes());
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const z = codes();
    const t0 = performance.now();
    await m.decode(rt.tf, z);
    times.push(performance.now() - t0);
  }
  return times;
}
