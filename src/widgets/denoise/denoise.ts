// The denoise widget: a clean digit (held-out or drawn) is corrupted with the training code's seeded noise, then
// reconstructed by the denoising autoencoder and by its plain twin; each image gets its error against the clean digit.
// In the default state the first frame comes shipped (frame.ts: the clean digit, both outputs and their numbers, computed
// ahead of time by the same models), so it needs neither TensorFlow.js nor the two models: they download after it (registry:
// needsTf 'later'), and a change the reader makes before they have come waits for them under a note over the two outputs.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModelLazily as loadShippedModel } from '../runtime/lazy-shipped-model.ts';
import type { ShippedModel } from '../runtime/shipped-model.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { drawDigit } from '../shared/digit-image.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { loadShippedImages, shippedFramesRecord } from '../shared/shipped-frames.ts';
import { retryableOnce } from '../shared/retryable-once.ts';
import { createDecoderNote, type DecoderNote } from '../shared/decoder-note.ts';
import { lateDownload, NotDownloaded } from '../shared/late-download.ts';
import { DAE_MODEL, PLAIN_MODEL } from './model-names.ts';
import { psnr, verdict } from './error-metrics.ts';
import { blockBox, convertLevel, corruptDigit, resolveLevel, type NoiseKind } from './noise-levels.ts';
import { denoiseSchema } from './state.ts';
import { buildDenoiseView } from './view.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { FRAME_MODEL, cleanKey, frameKey, hasDenoiseFrame, outputKey } from './frame.ts';
import { randomOther } from '../shared/random-other.ts';

interface Job {
  /** digit|kind|level|seed, written to data-rendered once drawn (for tests: which request the pictures show). */
  key: string;
  clean: Float32Array;
  kind: NoiseKind;
  level: number;
  seed: number;
}

/** The two models, once downloaded, and the runtime that runs them. */
interface Models {
  tf: TfRuntime['tf'];
  dae: ShippedModel;
  plain: ShippedModel;
}

const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'Infinity');
const MODELS_LOADING = 'Downloading the two autoencoders…';
const MODELS_FAILED = 'The two autoencoders did not download.';

/** Loads both models and the held-out digits, builds the view, and recomputes on every change (latest wins). */
export async function setup(_rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(denoiseSchema, host.urlParams(), 'denoise');
  state.level = resolveLevel(state.noise, state.level);
  const openingKey = frameKey(state.digit, state.noise, state.level, state.seed);
  const record = await shippedFramesRecord(FRAME_MODEL, 'denoise');
  const shipped = hasDenoiseFrame(record, openingKey, state.digit) ? record : null;
  const disposers: (() => void)[] = [];
  let dead = false;
  disposers.push(() => (dead = true));

  const msg = 'Downloading the two autoencoders and the held-out digits…';
  const fractions = [0, 0, 0];
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    if (!shipped) ui.progress(msg, (fractions[0]! + fractions[1]! + fractions[2]!) / 3);
  };
  /** TensorFlow.js and both models, downloaded once (a failure frees what did load and is retried on the next call). */
  const models = retryableOnce(async (): Promise<Models> => {
    const rt = await host.tfRuntime();
    const loaded = await Promise.allSettled([
      loadShippedModel(rt, DAE_MODEL, { onProgress: report(0) }),
      loadShippedModel(rt, PLAIN_MODEL, { onProgress: report(1) }),
    ]);
    const ok = loaded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = loaded.find((r) => r.status === 'rejected');
    if (failed || dead) {
      ok.forEach((m) => m.dispose());
      throw failed ? failed.reason : new Error('the widget was closed');
    }
    disposers.push(() => ok.forEach((m) => m.dispose()));
    return { tf: rt.tf, dae: ok[0]!, plain: ok[1]! };
  });
  if (!shipped) ui.progress(msg, 0);
  // Without a shipped frame the models are part of the first frame; with one, only its pictures and the digits' index.
  const [heldout, frames_] = await Promise.all([
    loadHeldoutDigits(shipped ? [] : [state.digit], report(2)),
    shipped ? loadShippedImages(shipped, 'denoise') : null,
    shipped ? null : models.get(),
  ]).catch((err: unknown) => {
    disposers.forEach((d) => d());
    throw err;
  });
  try {
    let frames = 0;
    let clean: Float32Array = new Float32Array(784);
    const blank = new Float32Array(784);
    const shippedClean = shipped ? frames_?.images(cleanKey(state.digit)) : null;
    /** Digit i's pixels: loaded, or the shipped frame's clean digit. */
    const digitPixels = (i: number): Float32Array => (!heldout.has(i) && i === state.digit && shippedClean ? shippedClean : heldout.image(i));

    let notes: DecoderNote[] = [];
    /** The two models; while they download the notes over both outputs say so, and a failure says so with a Retry. */
    const live = lateDownload(models, {
      notes: () => notes,
      status: (m) => ui.status(m),
      label: 'No live denoising',
      log: '[denoise] models',
      dead: () => dead,
      track: (w) => host.trackBackground(w),
    });

    let lastJob: Job | null = null;
    const runJob = async (job: Job) => {
      lastJob = job;
      drawDigit(view.clean.canvas, job.clean);
      if (!job.clean.some((v) => v > 0)) {
        for (const p of [view.noisy, view.dae, view.ae]) drawDigit(p.canvas, blank);
        view.setMask(null);
        view.setScores(null);
        view.caption.set('Draw a digit, or pick a held-out one.');
        for (const k of ['psnrNoisy', 'psnrDae', 'psnrAe', 'bceDae', 'bceAe']) delete host.dataset[k];
        host.dataset.rendered = job.key;
        host.dataset.frames = String(++frames);
        return;
      }
      const noisy = corruptDigit(job.clean, job.kind, job.level, job.seed);
      let outDae: { pixels: Float32Array; bce: number; psnr: number };
      let outAe: typeof outDae;
      const shippedScores = shipped && job.key === openingKey && !models.value ? shipped.scores[job.key] : undefined;
      const daePx = shippedScores && frames_?.images(outputKey(DAE_MODEL, job.key));
      const aePx = shippedScores && frames_?.images(outputKey(PLAIN_MODEL, job.key));
      if (shippedScores && daePx && aePx) {
        outDae = { pixels: daePx, ...shippedScores[DAE_MODEL]! };
        outAe = { pixels: aePx, ...shippedScores[PLAIN_MODEL]! };
        host.dataset.shipped = 'true';
      } else {
        let m: Models;
        try {
          m = await live.ready();
        } catch (err) {
          if (err instanceof NotDownloaded) return;
          throw err;
        }
        if (dead) return;
        const { denoiseWith } = await import('./denoise-model.ts');
        const [d, a] = await denoiseWith(m.tf, [m.dae.model, m.plain.model], noisy, job.clean);
        outDae = { ...d!, psnr: psnr(job.clean, d!.pixels) };
        outAe = { ...a!, psnr: psnr(job.clean, a!.pixels) };
        host.dataset.shipped = 'false';
      }
      if (dead) return;
      const scores = { noisy: psnr(job.clean, noisy), dae: outDae.psnr, ae: outAe.psnr };
      drawDigit(view.noisy.canvas, noisy);
      view.setMask(job.kind === 'block' ? blockBox(job.level, job.seed) : null);
      drawDigit(view.dae.canvas, outDae.pixels);
      drawDigit(view.ae.canvas, outAe.pixels);
      view.setScores({ noisyPsnr: scores.noisy, dae: { psnr: scores.dae, bce: outDae.bce }, ae: { psnr: scores.ae, bce: outAe.bce } });
      view.caption.set(verdict(scores));
      host.dataset.psnrNoisy = fixed(scores.noisy);
      host.dataset.psnrDae = fixed(scores.dae);
      host.dataset.psnrAe = fixed(scores.ae);
      host.dataset.bceDae = fixed(outDae.bce);
      host.dataset.bceAe = fixed(outAe.bce);
      host.dataset.rendered = job.key;
      host.dataset.frames = String(++frames);
    };
    const render = latestWins(runJob);
    const update = () => {
      syncStateToUrl(denoiseSchema, state, 'denoise');
      view.setNoise(state.noise, state.level, state.seed);
      host.dataset.noise = state.noise;
      host.dataset.level = String(state.level);
      host.dataset.seed = String(state.seed);
      host.dataset.digit = String(state.digit);
      const key = `${state.digit}|${state.noise}|${state.level}|${state.seed}`;
      render.request({ key, clean, kind: state.noise, level: state.level, seed: state.seed });
    };
    const showHeldout = (i: number): void => {
      if (!(i === state.digit && shippedClean) && loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
      clean = digitPixels(i).slice();
      state.digit = i;
      view.pad.showDigit(clean);
      view.heldoutIndex.value = String(i);
      view.heldoutNote.textContent = `Held-out digit #${i}, labelled ${heldout.labels[i]}. Draw over it, or clear it and draw your own.`;
      host.dataset.source = 'heldout';
      update();
    };

    const view = buildDenoiseView(ui.root, heldout.count, {
      onKind(kind) {
        state.level = convertLevel(state.noise, kind, state.level);
        state.noise = kind;
        update();
      },
      onLevel(level) {
        state.level = resolveLevel(state.noise, level);
        update();
      },
      onReroll() {
        state.seed = (state.seed + 1) % 1_000_000;
        update();
      },
      onStroke() {
        clean = preprocessDrawing(view.pad.ink(), 280, 280);
        if (state.digit !== -1) view.heldoutNote.textContent = 'Your drawing (a drawing is not saved in the link).';
        state.digit = -1;
        host.dataset.source = 'drawing';
        update();
      },
      onClear() {
        view.pad.clear();
        clean = new Float32Array(784);
        state.digit = -1;
        view.heldoutNote.textContent = '';
        host.dataset.source = 'drawing';
        update();
      },
      onRandom: () => showHeldout(randomOther(0, heldout.count, state.digit)),
      onPick: showHeldout,
    });
    disposers.push(() => view.destroy());
    // Retry downloads again, then computes what the reader last asked for.
    const retry = live.retryThen(() => lastJob && render.request(lastJob));
    notes = [view.dae, view.ae].map((p) => createDecoderNote(p.note!, host, retry, { loading: MODELS_LOADING, failed: MODELS_FAILED }));
    if (state.digit >= 0 && state.digit < heldout.count) showHeldout(state.digit);
    else {
      host.dataset.source = 'drawing';
      update();
    }
    await render.idle();
    ui.status('Change the noise, re-roll it, or pick another digit; both autoencoders run in your browser.');
    // After a shipped first frame the models follow, so that the reader's first change is computed at once.
    if (shipped) host.trackBackground(live.afterFirstFrame('denoise'));
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
