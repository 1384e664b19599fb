// The retrieval widget: a query digit (held-out, drawn, or the reader's own) and its eight nearest neighbours among held-out
// digits 0–999, by Euclidean distance between vae-16d codes μ(x) (encoded here) and between pixels, side by side.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, prefetchShippedModel, type Manifest } from '../runtime/shipped-model.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { DATABASE_SIZE, QUERY_FIRST, nearest } from './neighbours.ts';
import type { AutoencoderSpec } from '../../lib/models/spec.ts';
import { retrievalSchema } from './state.ts';
import { buildRetrievalView } from './view.ts';

const PREFIX = 'retrieval';
const MODEL = 'vae-16d';

interface Job {
  key: string;
  pixels: Float32Array;
  /** The held-out index of the query (−1 for a drawing): left out of its own neighbours when it is in the searched set. */
  index: number;
  label: number | null;
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);

/** The digits the first frame searches (the database), and the query when it is one of the held-out digits. */
function firstDigits(query: number): number[] {
  const searched = Array.from({ length: DATABASE_SIZE }, (_, i) => i);
  return query >= 0 ? [...searched, query] : searched;
}

/** Starts the first frame's downloads (the encoder, the digits) while TensorFlow.js loads; setup takes them over. */
export function prefetch(host: WidgetElement): void {
  prefetchShippedModel(MODEL, ['encoder']);
  loadHeldoutDigits(firstDigits(readState(retrievalSchema, host.urlParams(), PREFIX).query)).catch(() => undefined);
}

/** Loads the encoder and the searched digits, encodes them, builds the view and searches on every change (latest wins). */
export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(retrievalSchema, host.urlParams(), PREFIX);
  const msg = `Downloading ${MODEL}’s encoder and ${DATABASE_SIZE.toLocaleString('en-US')} held-out digits…`;
  const fractions = [0, 0];
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    ui.progress(msg, (fractions[0]! + fractions[1]!) / 2);
  };
  ui.progress(msg, 0);
  const [encoder, heldout, manifest] = await Promise.all([
    loadShippedModel(rt, MODEL, { parts: ['encoder'], onProgress: report(0) }),
    loadHeldoutDigits(firstDigits(state.query), report(1)),
    fetchManifest<Manifest>(),
  ]);
  const disposers: (() => void)[] = [() => encoder.dispose()];
  try {
    ui.progress(`Encoding the ${DATABASE_SIZE.toLocaleString('en-US')} digits with ${MODEL}…`);
    const base = heldout.images.subarray(0, DATABASE_SIZE * 784);
    const d = (encoder.model.spec as AutoencoderSpec).latentDim;
    const codes = new Float32Array(DATABASE_SIZE * d);
    for (let s = 0; s < DATABASE_SIZE; s += 500) {
      const b = Math.min(500, DATABASE_SIZE - s);
      const out = await encoder.encode(tf, base.subarray(s * 784, (s + b) * 784), b);
      codes.set(out.mu.subarray(0, b * d), s * d);
    }
    const metrics = manifest.models?.[MODEL]?.metrics ?? {};
    const note =
      `Searched: held-out digits 0–${DATABASE_SIZE - 1}; a neighbour framed and marked ≠ has a label other than the ` +
      `query’s; under each label is its distance from the query. Over every held-out query from ${QUERY_FIRST.toLocaleString('en-US')} to ` +
      `${(heldout.count - 1).toLocaleString('en-US')}, ${pct(metrics.retrievalPrecision8)} of the eight code neighbours share ` +
      `the query’s label, against ${pct(metrics.pixelRetrievalPrecision8)} of the eight pixel neighbours.`;
    let frames = 0;

    const search = async (job: Job) => {
      if (!job.pixels.some((v) => v > 0)) {
        view.clearRows('Draw a digit, or pick a held-out one.');
        host.dataset.rendered = job.key;
        host.dataset.frames = String(++frames);
        return;
      }
      const q = await encoder.encode(tf, job.pixels, 1);
      const skip = job.index >= 0 && job.index < DATABASE_SIZE ? job.index : -1;
      const byCode = nearest(q.mu.subarray(0, d), codes, d, DATABASE_SIZE, undefined, skip);
      const byPixel = nearest(job.pixels, base, 784, DATABASE_SIZE, undefined, skip);
      view.showQuery(job.pixels, job.label);
      view.showRow('code', byCode, heldout.image, heldout.labels, job.label);
      view.showRow('pixel', byPixel, heldout.image, heldout.labels, job.label);
      host.dataset.codeNeighbours = byCode.map((n) => n.index).join(',');
      host.dataset.pixelNeighbours = byPixel.map((n) => n.index).join(',');
      host.dataset.rendered = job.key;
      host.dataset.frames = String(++frames);
    };
    const render = latestWins(search);
    let drawingCount = 0;
    const update = (job: Job) => {
      syncStateToUrl(retrievalSchema, state, PREFIX);
      host.dataset.query = String(state.query);
      render.request(job);
    };
    const showHeldout = (i: number): void => {
      if (loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
      state.query = i;
      const pixels = heldout.image(i).slice();
      view.pad.showDigit(pixels);
      view.heldoutIndex.value = String(i);
      view.heldoutNote.textContent =
        i < DATABASE_SIZE
          ? `Held-out digit #${i}, labelled ${heldout.labels[i]}; it is in the searched set, so it is left out of its own neighbours.`
          : `Held-out digit #${i}, labelled ${heldout.labels[i]}. Draw over it, or clear it and draw your own.`;
      host.dataset.source = 'heldout';
      update({ key: `heldout:${i}`, pixels, index: i, label: heldout.labels[i]! });
    };
    const showDrawing = () => {
      state.query = -1;
      host.dataset.source = 'drawing';
      update({ key: `drawing:${++drawingCount}`, pixels: preprocessDrawing(view.pad.ink(), 280, 280), index: -1, label: null });
    };
    const view = buildRetrievalView(ui.root, heldout.count, note, {
      onStroke() {
        if (state.query !== -1) view.heldoutNote.textContent = 'Your drawing (a drawing is not saved in the link).';
        showDrawing();
      },
      onClear() {
        view.pad.clear();
        view.heldoutNote.textContent = '';
        showDrawing();
      },
      onRandom: () => showHeldout(QUERY_FIRST + Math.floor(Math.random() * (heldout.count - QUERY_FIRST))),
      onPick: showHeldout,
    });
    disposers.push(() => view.destroy());
    if (state.query >= 0) showHeldout(state.query);
    else showDrawing();
    await render.idle();
    ui.status('Pick or draw a query: the code neighbours and the pixel neighbours are searched in your browser.');
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
