// Worker process: trains one model (argv[2]) and reports progress and the result to the parent over IPC.
import { initBackend } from './backend.ts';
import { configByName } from './config.ts';
import { trainModel } from './run.ts';

const [name, weightsDir, epochsArg] = process.argv.slice(2);
try {
  await initBackend();
  const cfg = configByName(name!);
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
} catch (e) {
  process.send?.({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
}
