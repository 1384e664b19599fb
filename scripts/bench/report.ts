// The benchmark's results: their shape (bench/results/latest.json) and the markdown table printed and saved as latest.md.
import type { AssetKind } from './transfer.ts';
import type { DecodeTiming, TrainTiming, WidgetLoad } from './widgets.ts';
import type { LighthouseScores } from './lighthouse.ts';
import type { FirstFrameResult, RepeatVisit } from './first-frame.ts';

export interface BenchResults {
  date: string;
  machine: string;
  chapters: { slug: string; document: number; js: number; byKind: Record<AssetKind, number>; unknown: string[] }[];
  widgets: { widget: string; loads: WidgetLoad[] }[];
  shippedWeights: number;
  decode: DecodeTiming[];
  training: TrainTiming[];
  nodeTraining: { backend: string; batch: number; stepsPerSec: number; digitsPerSec: number }[];
  lighthouse: Record<string, LighthouseScores>;
  /** Per widget on its embed page: bytes before the first frame, slow-4G first-frame times, repeat-visit bytes. */
  firstFrame: FirstFrameResult[];
  /** Goals that need a real GPU: reported, never asserted. */
  goals: { pointerP95Ms: number; trainStepsPerSec: number };
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n: number | null | undefined) => (n == null || !Number.isFinite(n) ? 'n/a' : `${n.toFixed(n < 10 ? 2 : 0)} ms`);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** The slow-4G first-frame table: bytes before each widget's first frame (page included), median time of cold runs, repeat visit. */
export function renderFirstFrame(r: Pick<BenchResults, 'firstFrame' | 'date' | 'machine'>, heading = true): string {
  const out: string[] = heading
    ? [`# First frames under slow 4G, ${r.date.slice(0, 16).replace('T', ' ')} UTC`, '', `Machine: ${r.machine}.`, '']
    : [];
  out.push(
    '## Per widget on its embed page: bytes before the first frame and time to it under slow 4G (1,600 kbit/s down, 750 up, 150 ms RTT)',
    '',
    'Served over HTTPS with HTTP/2, text gzipped, as GitHub Pages serves; a new reader (cold cache, no service worker); phone viewport.',
    '',
  );
  const repeat = (v: RepeatVisit | null) =>
    v ? `${kb(v.bodyBytes)} (${v.requests} requests, ${v.notModified} × 304, ${kb(v.headerBytes)} of headers)` : 'n/a';
  const top = (f: FirstFrameResult) =>
    f.bytes.files
      .slice(0, 4)
      .map((x) => `${x.path.split('/').pop()} ${kb(x.bytes)}`)
      .join(', ');
  out.push(
    table(
      [
        'widget',
        'backend at first frame',
        'bytes before first frame (≤ 450 KB)',
        'first frame, median (runs)',
        'repeat visit fetches',
        'largest files',
      ],
      r.firstFrame.map((f) => [
        f.widget,
        f.bytes.badge,
        kb(f.bytes.total),
        `${ms(f.medianMs)} (${f.runsMs.map((x) => (x == null ? 'fail' : x.toFixed(0))).join(', ')})`,
        repeat(f.repeatVisit),
        top(f),
      ]),
    ),
    '',
    'Bytes are served bytes (text gzip level 6, binaries raw) of every request sent before the `vae:<widget>:ready` mark, the page included; ' +
      'times are from navigation to that mark, cold cache, one fresh browser context per run. A repeat visit is the same page opened again ' +
      "in the same profile once the first visit settled, counted at the server (the service worker's own requests included): response bodies " +
      'sent, then the requests that reached the server and how many of them were answered 304 Not Modified (headers only, as GitHub ' +
      "Pages answers a file the browser already has); the server sends GitHub Pages' caching headers (max-age=600, ETag).",
    '',
  );
  return out.join('\n');
}

/** The whole result as markdown tables (budgets in brackets; GPU goals marked as goals). */
export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [`# Benchmark, ${r.date.slice(0, 16).replace('T', ' ')} UTC`, '', `Machine: ${r.machine}.`, ''];
  out.push('## Bytes per chapter, first view before any widget starts (gzip as GitHub Pages serves it)', '');
  out.push(
    table(
      ['chapter', 'HTML + CSS + fonts (≤ 150 KB)', 'JS (≤ 60 KB)', 'HTML', 'CSS', 'fonts', 'images'],
      r.chapters.map((c) => [c.slug, kb(c.document), kb(c.js), kb(c.byKind.html), kb(c.byKind.css), kb(c.byKind.font), kb(c.byKind.image)]),
    ),
    '',
  );
  out.push(`Shipped weight shards in all: ${kb(r.shippedWeights)} (budget ≤ 1,500.0 KB).`, '');
  out.push('## Per widget: bytes it fetches itself and time from navigation to its first frame (cold cache)', '');
  out.push(
    table(
      ['widget', 'backend', 'JS', 'WASM', 'weights + data', 'first frame'],
      r.widgets.flatMap((w) =>
        w.loads.map((l) => [
          w.widget,
          l.badge || l.backend,
          kb(l.js),
          kb(l.wasm),
          kb(l.weights),
          l.state === 'true' ? ms(l.firstFrameMs) : `failed (${l.state})`,
        ]),
      ),
    ),
    '',
  );
  if (r.firstFrame?.length) out.push(renderFirstFrame(r, false));
  out.push('## Decode latency (vae-2d decoder) and pointer → pixels (hello widget), p50 / p95', '');
  const fastest = (key: 'batch1' | 'grid400') => [...r.decode].sort((a, b) => a[key].p50 - b[key].p50)[0]?.backend ?? 'n/a';
  out.push(
    table(
      ['backend', 'batch 1', '20×20 grid (400)', `pointer → pixels (goal p95 ≤ ${r.goals.pointerP95Ms} ms, needs a GPU)`],
      r.decode.map((d) => [
        d.badge === d.backend ? d.backend : `${d.backend} (ran ${d.badge})`,
        `${ms(d.batch1.p50)} / ${ms(d.batch1.p95)}`,
        `${ms(d.grid400.p50)} / ${ms(d.grid400.p95)}`,
        `${ms(d.pointer.p50)} / ${ms(d.pointer.p95)}${d.pointer.p95 <= r.goals.pointerP95Ms ? ' (goal met)' : ' (goal not met)'}`,
      ]),
    ),
    '',
    `Fastest by p50: batch 1 on ${fastest('batch1')}, 20×20 grid on ${fastest('grid400')}.`,
    '',
  );
  out.push('## Training', '');
  out.push(
    table(
      ['where', 'backend', 'speed'],
      [
        ...r.training.map((t) => [
          'browser, train widget',
          t.backend,
          t.stepsPerSec == null ? t.note : `${t.stepsPerSec.toFixed(1)} steps/s (goal ≥ ${r.goals.trainStepsPerSec}, needs a GPU)`,
        ]),
        ...r.nodeTraining.map((n) => [
          'Node, vae-2d, batch ' + n.batch,
          n.backend,
          `${Math.round(n.digitsPerSec)} digits/s (${n.stepsPerSec.toFixed(1)} steps/s)`,
        ]),
      ],
    ),
    '',
  );
  const lh = Object.entries(r.lighthouse);
  out.push('## Lighthouse (mobile preset, simulated throttling; median of the runs, each run in brackets)', '');
  out.push(
    lh.length
      ? table(
          ['page', 'performance', 'total blocking time', 'accessibility', 'best practices', 'SEO'],
          lh.map(([p, s]) => [
            p,
            `${s.performance ?? 'n/a'}${s.performanceRuns ? ` (${s.performanceRuns.map((x) => x ?? 'n/a').join(', ')})` : ''}`,
            s.blockingMs ? s.blockingMs.map((x) => `${x} ms`).join(', ') : 'n/a',
            s.accessibility ?? 'n/a',
            s.bestPractices ?? 'n/a',
            s.seo ?? 'n/a',
          ]),
        )
      : 'Skipped (BENCH_SKIP_LIGHTHOUSE=1).',
    '',
  );
  return out.join('\n');
}
