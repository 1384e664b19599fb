// `npm run train [-- name ...] [--workers N] [--epochs E]`: trains models in parallel worker processes, then fits the
// densities over their codes (DENSITIES in train/config.ts, e.g. gmm-vae-16d), and writes weights/<name>/ and weights/manifest.json.
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIGS, DENSITIES, stepByName } from './train/config.ts';
import { ProgressBoard } from './train/progress.ts';
import { writeDataAsset, writeManifest } from './train/manifest.ts';
import type { ModelRecord, Progress } from './train/record.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const weightsDir = join(root, 'weights');

const args = process.argv.slice(2);
let workers = cpus().length;
let epochs: string | undefined;
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--workers') workers = Number(args[++i]);
  else if (a === '--epochs') epochs = args[++i];
  else if (a === '--help' || a === '-h') {
    console.log(
      `usage: npm run train [-- model ...] [--workers N] [--epochs E]\nmodels: ${[...CONFIGS, ...DENSITIES].map((c) => c.name).join(', ')}`,
    );
    process.exit(0);
  } else names.push(a);
}
const steps = names.length ? names.map((n) => stepByName(n)) : [...CONFIGS, ...DENSITIES];
// A density reads its model's shipped weights, so densities start once every model of this run has been trained.
const queue = steps.filter((c) => c.type !== 'density').map((c) => c.name);
const later = steps.filter((c) => c.type === 'density').map((c) => c.name);
const board = new ProgressBoard();
const data = writeDataAsset(weightsDir);
const t0 = Date.now();
board.log(
  `training ${steps.length} model(s) with ${Math.min(workers, Math.max(queue.length, later.length))} worker(s): ${[...queue, ...later].join(', ')}`,
);

const records: ModelRecord[] = [];
let failed = 0;

function runOne(name: string): Promise<void> {
  return new Promise((resolve) => {
    const child = fork(join(root, 'scripts', 'train', 'worker.ts'), [name, weightsDir, ...(epochs ? [epochs] : [])], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let done = false;
    child.on('message', (msg: { type: string; progress?: Progress; record?: ModelRecord; message?: string }) => {
      if (msg.type === 'progress') board.update(msg.progress!);
      else if (msg.type === 'done') {
        done = true;
        const r = msg.record!;
        records.push(r);
        writeManifest(weightsDir, data, [r]);
        board.remove(name);
        const m = r.metrics;
        const summary = Object.entries(m)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
        board.log(`✔ ${name}: ${r.epochs} epochs in ${r.wallTimeSec}s, ${r.bytes} bytes  ${summary}`);
      } else if (msg.type === 'error') {
        board.remove(name);
        board.log(`✖ ${name} failed:\n${msg.message}`);
      }
    });
    child.on('exit', (code) => {
      if (!done) {
        failed++;
        board.remove(name);
        board.log(`✖ ${name} exited with code ${code}`);
      }
      resolve();
    });
  });
}

async function pool(): Promise<void> {
  const next = async (): Promise<void> => {
    const name = queue.shift();
    if (!name) return;
    await runOne(name);
    return next();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, queue.length)) }, next));
}

await pool();
queue.push(...later);
await pool();
const m = writeManifest(weightsDir, data, []);
console.log(
  `done in ${Math.round((Date.now() - t0) / 1000)}s; ${records.length} trained, ${failed} failed; shard bytes in all: ${m.budget.shardBytesTotal}`,
);
process.exit(failed ? 1 : 0);
