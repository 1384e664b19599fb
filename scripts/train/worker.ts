// Worker process: trains one model (argv[2]), or fits one density to a model's codes, and reports progress and the result
// to the parent over IPC.
import { initBackend } from './backend.ts';
import { stepByName, type TrainConfig } from './config.ts';
import { fitDensity } from './density.ts';
import { trainModel } from './run.ts';

const [name, weightsDir, epochsArg] = process.argv.slice(2);
try {
  await initBackend();
  const cfg = stepByName(name!);
  if (cfg.type === 'density') {
    const rec = fitDensity(cfg, weightsDir!, (message) => console.log(message));
    process.send?.({ type: 'done', record: rec }, () => process.exit(0));
  } else await train(cfg);
} catch (e) {
  process.send?.({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
}

/** Trains one model, sending progress reports while it runs and its record at the end. */
async function train(cfg: TrainConfig): Promise<void> {
  let last = 0;
  const rec = await trainModel(
    cfg,
    weightsDir!,
    (p) => {
      const now = Date.now();
      if (now - last > 250 || p.batch === p.batches) {
        last = now;
        process.send?.({ type: 'progress', progress: p });
      }
    },
    epochsArg ? { epochs: Number(epochsArg) } : {},
  );
  process.send?.({ type: 'done', record: rec }, () => process.exit(0));
}
