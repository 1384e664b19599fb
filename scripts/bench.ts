// `npm run bench`: builds the site, serves it under its base path, drives Chromium and Node, and prints one table.
// Results: bench/results/latest.json and bench/results/latest.md. Env: DIST_DIR (default /tmp/vae-bench-dist), BENCH_PORT (4600),
// BASE_PATH (/vae/), BENCH_SKIP_BUILD=1 (reuse DIST_DIR), BENCH_SKIP_LIGHTHOUSE=1, BENCH_ONLY=first-frame (only the slow-4G first-frame
// table, written to bench/results/first-frame.{json,md}), BENCH_WIDGETS=a,b (only these widgets), BENCH_RUNS (slow-4G runs per widget, 5).
// Nothing here asserts: budgets live in tests/e2e/budgets.spec.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { WIDGETS } from '../src/widgets/registry.ts';
import { measureFirstView } from './bench/first-view.ts';
import { shippedShards } from './bench/transfer.ts';
import { measureWidgetFirstFrame, parseServeLog, type ServedRequest } from './bench/first-frame.ts';
import { BACKENDS, measureDecode, measureTraining, measureWidgetLoad, type WidgetLoad } from './bench/widgets.ts';
import { lighthouseScores } from './bench/lighthouse.ts';
import { renderFirstFrame, renderMarkdown, type BenchResults } from './bench/report.ts';

const DIST = (process.env.DIST_DIR ||= '/tmp/vae-bench-dist');
const BASE = (process.env.BASE_PATH ||= '/vae/').replace(/\/?$/, '/');
const PORT = Number(process.env.BENCH_PORT || 4600);
const ORIGIN = `http://127.0.0.1:${PORT}`;
// The first-frame table is measured over HTTPS with HTTP/2, as GitHub Pages serves (SERVE_H2 in scripts/serve-dist.mjs):
// over HTTP/1.1 Chromium opens six connections to a host, and a widget's two dozen small modules would queue for them.
const H2_PORT = PORT + 1;
const H2_ORIGIN = `https://127.0.0.1:${H2_PORT}`;
const log = (msg: string) => console.error(`[bench] ${msg}`);

/** Runs a command to completion, inheriting stderr; throws on failure. */
function must(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout;
}

/** What the revisit server answered, one entry per request (its SERVE_LOG lines). */
const served: ServedRequest[] = [];

/** Starts scripts/serve-dist.mjs on `port` (HTTP/2 over TLS with `h2`) and resolves once it says it is serving; with `log`,
 * every request it answers is appended to `served`. */
async function serve(port: number, h2 = false, log = false): Promise<ChildProcess> {
  const env = { ...process.env, SERVE_H2: h2 ? '1' : '', SERVE_LOG: log ? '1' : '' };
  const child = spawn('node', ['scripts/serve-dist.mjs', String(port)], { stdio: ['ignore', 'pipe', 'ignore'], env });
  if (log) createInterface({ input: child.stdout! }).on('line', (line) => served.push(...parseServeLog(line)));
  const up = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('serving') && (clearTimeout(timer), resolve(true)));
    child.on('exit', () => (clearTimeout(timer), resolve(false)));
  });
  if (up) return child;
  child.kill();
  throw new Error(`the static server did not start on port ${port}; is the port taken? Set BENCH_PORT (it uses that port and the next).`);
}

if (process.env.BENCH_SKIP_BUILD !== '1') {
  log(`building into ${DIST}`);
  must('astro', ['build']);
}
const server = await serve(PORT, false, true);
const h2Server = await serve(H2_PORT, true);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const only = process.env.BENCH_ONLY ?? '';
if (only && only !== 'first-frame') throw new Error(`BENCH_ONLY=${only}: the only partial run is BENCH_ONLY=first-frame`);
const picked = (process.env.BENCH_WIDGETS ?? '').split(',').filter(Boolean);
const ready = WIDGETS.filter((w) => w.ready && (!picked.length || picked.includes(w.name))).map((w) => w.name);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const trainReady = WIDGETS.some((w) => w.name === 'train' && w.ready);
const chapters = readdirSync(`${DIST}/chapters`).sort();
const results: BenchResults = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Chromium ${browser.version()}; WebGL is ${'SwiftShader (software)'} here`,
  chapters: [],
  widgets: [],
  shippedWeights: 0,
  decode: [],
  training: [],
  nodeTraining: [],
  lighthouse: {},
  firstFrame: [],
  goals: { pointerP95Ms: 16, trainStepsPerSec: 100 },
};
try {
  log(`first frame of ${ready.length} widgets under slow 4G, ${RUNS} cold runs each, and a repeat visit`);
  for (const w of ready) {
    const r = await measureWidgetFirstFrame(browser, H2_ORIGIN, BASE, w, RUNS, ORIGIN, served);
    log(`  ${w}: ${(r.bytes.total / 1000).toFixed(1)} KB before the first frame, median ${r.medianMs?.toFixed(0) ?? 'n/a'} ms`);
    results.firstFrame.push(r);
  }
  if (only === 'first-frame') {
    await browser.close();
    server.kill();
    h2Server.kill();
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/first-frame.json',
      JSON.stringify({ date: results.date, machine: results.machine, firstFrame: results.firstFrame }, null, 1) + '\n',
    );
    const md = renderFirstFrame(results);
    writeFileSync('bench/results/first-frame.md', md);
    console.log(md);
    process.exit(0);
  }
  log(`first view of ${chapters.length} chapters`);
  for (const slug of chapters) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const fv = await measureFirstView(await context.newPage(), `${ORIGIN}${BASE}chapters/${slug}/`, BASE);
    await context.close();
    results.chapters.push({ slug, document: fv.document, js: fv.js, byKind: fv.byKind, unknown: fv.unknown });
  }
  results.shippedWeights = shippedShards(DIST).reduce((s, f) => s + f.bytes, 0);

  log(`loading ${ready.length} ready widgets under ${BACKENDS.join(', ')} (cold cache each)`);
  for (const w of ready) {
    const loads: WidgetLoad[] = [];
    for (const b of BACKENDS) {
      const load = await measureWidgetLoad(browser, ORIGIN, BASE, w, b);
      loads.push(load);
      if (load.badge === 'plain JS') break; // no TensorFlow.js: the backend makes no difference
    }
    results.widgets.push({ widget: w, loads });
  }

  log('decode and pointer latency');
  for (const b of BACKENDS) results.decode.push(await measureDecode(browser, ORIGIN, BASE, b));

  if (trainReady) {
    log('live training');
    for (const b of BACKENDS) results.training.push(await measureTraining(browser, ORIGIN, BASE, b));
  } else {
    results.training = BACKENDS.map((backend) => ({ backend, stepsPerSec: null, note: 'n/a: train widget not ready' }));
  }

  log('Node training throughput');
  for (const b of ['wasm', 'cpu']) {
    const line = must('node', ['scripts/bench/node-train.ts', b, '8']).trim().split('\n').pop() ?? '{}';
    results.nodeTraining.push(JSON.parse(line) as BenchResults['nodeTraining'][number]);
  }
  await browser.close();

  if (process.env.BENCH_SKIP_LIGHTHOUSE !== '1') {
    log('Lighthouse on every chapter, the appendix and the contents, three runs each');
    const pages = ['', ...chapters.map((s) => `chapters/${s}/`), 'notation/', 'further-reading/'];
    const scores = await lighthouseScores(pages.map((p) => `${ORIGIN}${BASE}${p}`));
    for (const [u, s] of Object.entries(scores)) results.lighthouse[new URL(u).pathname.slice(BASE.length) || '(contents)'] = s;
  }
} finally {
  await browser.close().catch(() => undefined);
  server.kill();
  h2Server.kill();
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 1) + '\n');
const md = renderMarkdown(results);
writeFileSync('bench/results/latest.md', md);
console.log(md);
