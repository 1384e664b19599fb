// Tries variants of a model's config (architecture, schedule, epochs) and logs held-out metrics per epoch.
// Usage: node scripts/train/experiment.ts <base-model> '<json override>' [...more overrides]
// Results go to /tmp/experiments/<base>-<i>/ (not shipped) and a JSON line per run on stdout.
import { initBackend } from './backend.ts';
import { configByName, type TrainConfig } from './config.ts';
import { trainModel } from './run.ts';

const [base, ...overrides] = process.argv.slice(2);
await initBackend();
for (const [i, o] of overrides.entries()) {
  const patch = JSON.parse(o) as Record<string, unknown>;
  const baseCfg = configByName(base!);
  const cfg = { ...baseCfg, ...patch, spec: { ...baseCfg.spec, ...((patch.spec as object) ?? {}) }, iwaeK: 0, latentAsset: false } as TrainConfig;
  const rec = await trainModel(cfg, `/tmp/experiments/${base}-${i}`, () => {}, {
    evalEvery: Number(process.env.EVAL_EVERY ?? 5),
    onLog: (m) => console.log(m),
  });
  console.log(
    JSON.stringify({
      patch,
      epochs: rec.epochs,
      wallTimeSec: rec.wallTimeSec,
      bytes: rec.bytes,
      params: rec.params,
      metrics: rec.metrics,
      metricsFloat32: rec.metricsFloat32,
    }),
  );
}
