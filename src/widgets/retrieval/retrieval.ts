// The retrieval widget: a query digit (held-out, drawn, or the reader's own) and its eight nearest neighbours among held-out
// digits 0–999, by Euclidean distance between vae-16d codes μ(x) (encoded here) and between pixels, side by side.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModelLazily as loadShippedModel } from '../runtime/lazy-shipped-model.ts';
import type { Manifest, ShippedModel } from '../runtime/shipped-model.ts';
import { heldoutLabels, loadHeldoutDigits, type Heldout } from '../shared/heldout.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { loadShippedImages, shippedFramesRecord } from '../shared/shipped-frames.ts';
import { retryableOnce } from '../shared/retryable-once.ts';
import { createDecoderNote, type DecoderNote } from '../shared/decoder-note.ts';
import { lateDownload, NotDownloaded } from '../shared/late-download.ts';
import { DATABASE_SIZE, QUERY_FIRST, nearest, type Neighbour } from './neighbours.ts';
import type { AutoencoderSpec } from '../../lib/models/spec.ts';
import { retrievalSchema } from './state.ts';
import { buildRetrievalView } from './view.ts';
import { RETRIEVAL_MODEL as MODEL, hasRetrievalFrame, queryKey, rowKey } from './frame.ts';
import { randomOther } from '../shared/random-other.ts';

const PREFIX = 'retrieval';

interface Job {
  key: string;
  pixels: Float32Array;
  /** The held-out index of the query (−1 for a drawing): left out of its own neighbours when it is in the searched set. */
  index: number;
  label: number | null;
}

/** What the live search needs: the encoder and the searched digits' pixels and codes. */
interface Search {
  encoder: ShippedModel;
  tf: TfRuntime['tf'];
  heldout: Heldout;
  base: Float32Array;
  codes: Float32Array;
  d: number;
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);

/** The digits the live search needs (the database), and the query when it is one of the held-out digits. */
function searchDigits(query: number): number[] {
  const searched = Array.from({ length: DATABASE_SIZE }, (_, i) => i);
  return query >= 0 ? [...searched, query] : searched;
}

/**
 * Shows the query and its neighbours; searches in the browser on every change (latest wins). In the default state the first
 * frame comes shipped (frame.ts: the query, its neighbours and their distances, found ahead of time by this same search with
 * the same encoder), so it needs neither TensorFlow.js, the encoder nor the 1,000 searched digits: they download after it
 * (registry: needsTf 'later'), and a change the reader makes before they have come waits for them.
 */
export async function setup(_rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(retrievalSchema, host.urlParams(), PREFIX);
  const manifest = await fetchManifest<Manifest>();
  const labels = await heldoutLabels();
  const count = labels.length;
  const record = await shippedFramesRecord(MODEL, PREFIX);
  const shipped = hasRetrievalFrame(record, state.query) ? record : null;
  const disposers: (() => void)[] = [];
  let dead = false;
  disposers.push(() => (dead = true));

  const msg = `Downloading ${MODEL}’s encoder and ${DATABASE_SIZE.toLocaleString('en-US')} held-out digits…`;
  /** The live search: TensorFlow.js, the encoder and the digits, downloaded and encoded once (a failure is retried on the next call). */
  const live = retryableOnce(async (): Promise<Search> => {
    const fractions = [0, 0];
    const report = (i: number) => (f: number) => {
      fractions[i] = f;
      if (!shipped) ui.progress(msg, (fractions[0]! + fractions[1]!) / 2);
    };
    const [rt, heldout] = await Promise.all([host.tfRuntime(), loadHeldoutDigits(searchDigits(state.query), report(1))]);
    const encoder = await loadShippedModel(rt, MODEL, { parts: ['encoder'], onProgress: report(0) });
    if (dead) {
      encoder.dispose();
      throw new Error('the widget was closed');
    }
    disposers.push(() => encoder.dispose());
    if (!shipped) ui.progress(`Encoding the ${DATABASE_SIZE.toLocaleString('en-US')} digits with ${MODEL}…`);
    const base = heldout.images.subarray(0, DATABASE_SIZE * 784);
    const d = (encoder.model.spec as AutoencoderSpec).latentDim;
    const codes = new Float32Array(DATABASE_SIZE * d);
    for (let s = 0; s < DATABASE_SIZE; s += 500) {
      const b = Math.min(500, DATABASE_SIZE - s);
      const out = await encoder.encode(rt.tf, base.subarray(s * 784, (s + b) * 784), b);
      codes.set(out.mu.subarray(0, b * d), s * d);
    }
    return { encoder, tf: rt.tf, heldout, base, codes, d };
  });
  if (!shipped) ui.progress(msg, 0);
  // Without a shipped frame the live search is part of the first frame.
  const [first, frames_] = await Promise.all([shipped ? null : live.get(), shipped ? loadShippedImages(shipped, PREFIX) : null]).catch(
    (err: unknown) => {
      disposers.forEach((d) => d());
      throw err;
    },
  );
  try {
    const heldout = first?.heldout ?? (await loadHeldoutDigits([]));
    const metrics = manifest.models?.[MODEL]?.metrics ?? {};
    const note =
      `Searched: held-out digits 0–${DATABASE_SIZE - 1}; a neighbour framed and marked ≠ has a label other than the ` +
      `query’s; under each label is its distance from the query. Over every held-out query from ${QUERY_FIRST.toLocaleString('en-US')} to ` +
      `${(count - 1).toLocaleString('en-US')}, ${pct(metrics.retrievalPrecision8)} of the eight code neighbours share ` +
      `the query’s label, against ${pct(metrics.pixelRetrievalPrecision8)} of the eight pixel neighbours.`;
    let frames = 0;

    // The shipped frame's pictures by held-out index, and its query's neighbours.
    const shippedQuery = shipped ? state.query : -2;
    const tiles = new Map<number, Float32Array>();
    let shippedRows: Record<'code' | 'pixel', Neighbour[]> | null = null;
    if (shipped && frames_) {
      const rows = shipped.neighbours[String(shippedQuery)]!;
      shippedRows = rows;
      const q = frames_.images(queryKey(shippedQuery));
      if (q) tiles.set(shippedQuery, q);
      for (const space of ['code', 'pixel'] as const) {
        const px = frames_.images(rowKey(space, shippedQuery));
        rows[space].forEach((n, k) => px && tiles.set(n.index, px.subarray(k * 784, (k + 1) * 784)));
      }
    }
    /** Digit i's pixels: loaded, or a tile of the shipped frame. */
    const digitPixels = (i: number): Float32Array => (heldout.has(i) ? heldout.image(i) : (tiles.get(i) ?? heldout.image(i)));

    let liveNote: DecoderNote | null = null;
    /** The live search; while it downloads the note over the neighbours says so, and a failure says so with a Retry. */
    const searchModels = lateDownload(live, {
      notes: () => (liveNote ? [liveNote] : []),
      status: (m) => ui.status(m),
      label: 'No live search',
      log: `[${PREFIX}] live search`,
      dead: () => dead,
      track: (w) => host.trackBackground(w),
    });

    let lastJob: Job | null = null;
    const search = async (job: Job) => {
      lastJob = job;
      if (!job.pixels.some((v) => v > 0)) {
        view.clearRows('Draw a digit, or pick a held-out one.');
        host.dataset.rendered = job.key;
        host.dataset.frames = String(++frames);
        return;
      }
      let byCode: Neighbour[];
      let byPixel: Neighbour[];
      let images = digitPixels;
      if (shippedRows && job.index === shippedQuery && !live.value) {
        ({ code: byCode, pixel: byPixel } = shippedRows);
        host.dataset.shipped = 'true';
      } else {
        let s: Search;
        try {
          s = await searchModels.ready();
        } catch (err) {
          if (err instanceof NotDownloaded) return;
          throw err;
        }
        if (dead) return;
        const q = await s.encoder.encode(s.tf, job.pixels, 1);
        const skip = job.index >= 0 && job.index < DATABASE_SIZE ? job.index : -1;
        byCode = nearest(q.mu.subarray(0, s.d), s.codes, s.d, DATABASE_SIZE, undefined, skip);
        byPixel = nearest(job.pixels, s.base, 784, DATABASE_SIZE, undefined, skip);
        images = s.heldout.image;
        host.dataset.shipped = 'false';
      }
      if (dead) return;
      view.showQuery(job.pixels, job.label);
      view.showRow('code', byCode, images, labels, job.label);
      view.showRow('pixel', byPixel, images, labels, job.label);
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
      if (!tiles.has(i) && loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
      state.query = i;
      const pixels = digitPixels(i).slice();
      view.pad.showDigit(pixels);
      view.heldoutIndex.value = String(i);
      view.heldoutNote.textContent =
        i < DATABASE_SIZE
          ? `Held-out digit #${i}, labelled ${labels[i]}; it is in the searched set, so it is left out of its own neighbours.`
          : `Held-out digit #${i}, labelled ${labels[i]}. Draw over it, or clear it and draw your own.`;
      host.dataset.source = 'heldout';
      update({ key: `heldout:${i}`, pixels, index: i, label: labels[i]! });
    };
    const showDrawing = () => {
      state.query = -1;
      host.dataset.source = 'drawing';
      update({ key: `drawing:${++drawingCount}`, pixels: preprocessDrawing(view.pad.ink(), 280, 280), index: -1, label: null });
    };
    const view = buildRetrievalView(ui.root, count, note, {
      onStroke() {
        if (state.query !== -1) view.heldoutNote.textContent = 'Your drawing (a drawing is not saved in the link).';
        showDrawing();
      },
      onClear() {
        view.pad.clear();
        view.heldoutNote.textContent = '';
        showDrawing();
      },
      onRandom: () => showHeldout(randomOther(QUERY_FIRST, count - QUERY_FIRST, state.query)),
      onPick: showHeldout,
    });
    disposers.push(() => view.destroy());
    // Retry downloads again, then searches what the reader last asked for.
    const retry = searchModels.retryThen(() => lastJob && render.request(lastJob));
    liveNote = createDecoderNote(view.liveNote, host, retry, {
      loading: `Downloading the encoder and the ${DATABASE_SIZE.toLocaleString('en-US')} digits it searches…`,
      failed: 'The encoder and the searched digits did not download.',
    });
    if (state.query >= 0) showHeldout(state.query);
    else showDrawing();
    await render.idle();
    ui.status('Pick or draw a query: the code neighbours and the pixel neighbours are searched in your browser.');
    // After a shipped first frame the live search follows, so that the reader's first change searches at once.
    if (shipped) host.trackBackground(searchModels.afterFirstFrame(PREFIX));
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
