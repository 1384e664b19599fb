// The denoise widget: a clean digit (held-out or drawn) is corrupted with the training code's seeded noise, then
// reconstructed by the denoising autoencoder and by its plain twin; each image gets its error against the clean digit.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, prefetchShippedModel } from '../runtime/shipped-model.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { drawDigit } from '../shared/digit-image.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { DAE_MODEL, PLAIN_MODEL, denoiseWith } from './denoise-model.ts';
import { psnr, verdict } from './error-metrics.ts';
import { blockBox, convertLevel, corruptDigit, resolveLevel, type NoiseKind } from './noise-levels.ts';
import { denoiseSchema } from './state.ts';
import { buildDenoiseView } from './view.ts';
import { loadingFirst } from '../shared/heldout-first.ts';

interface Job {
  /** digit|kind|level|seed, written to data-rendered once drawn (for tests: which request the pictures show). */
  key: string;
  clean: Float32Array;
  kind: NoiseKind;
  level: number;
  seed: number;
}

const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'Infinity');

/** Starts the first frame's downloads (weights, digits) while TensorFlow.js loads; setup takes them over. */
export function prefetch(host: WidgetElement): void {
  prefetchShippedModel(DAE_MODEL);
  prefetchShippedModel(PLAIN_MODEL);
  loadHeldoutDigits([readState(denoiseSchema, host.urlParams(), 'denoise').digit]).catch(() => undefined);
}

/** Loads both models and the held-out digits, builds the view, and recomputes on every change (latest wins). */
export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(denoiseSchema, host.urlParams(), 'denoise');
  state.level = resolveLevel(state.noise, state.level);
  const msg = 'Downloading the two autoencoders and the held-out digits…';
  ui.progress(msg, 0);
  const fractions = [0, 0, 0];
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    ui.progress(msg, (fractions[0]! + fractions[1]! + fractions[2]!) / 3);
  };
  const loaded = await Promise.allSettled([
    loadShippedModel(rt, DAE_MODEL, { onProgress: report(0) }),
    loadShippedModel(rt, PLAIN_MODEL, { onProgress: report(1) }),
    loadHeldoutDigits([state.digit], report(2)),
  ]);
  const disposers: (() => void)[] = [];
  for (const r of loaded.slice(0, 2)) if (r.status === 'fulfilled') disposers.push(() => (r.value as { dispose(): void }).dispose());
  const failed = loaded.find((r) => r.status === 'rejected');
  if (failed) {
    disposers.forEach((d) => d());
    throw failed.reason;
  }
  const [dae, plain, heldout] = loaded.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof loadShippedModel>>,
    Awaited<ReturnType<typeof loadShippedModel>>,
    Awaited<ReturnType<typeof loadHeldoutDigits>>,
  ];
  try {
    let frames = 0;
    let clean: Float32Array = new Float32Array(784);
    const blank = new Float32Array(784);

    const runJob = async (job: Job) => {
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
      const [outDae, outAe] = await denoiseWith(tf, [dae.model, plain.model], noisy, job.clean);
      const scores = { noisy: psnr(job.clean, noisy), dae: psnr(job.clean, outDae!.pixels), ae: psnr(job.clean, outAe!.pixels) };
      drawDigit(view.noisy.canvas, noisy);
      view.setMask(job.kind === 'block' ? blockBox(job.level, job.seed) : null);
      drawDigit(view.dae.canvas, outDae!.pixels);
      drawDigit(view.ae.canvas, outAe!.pixels);
      view.setScores({ noisyPsnr: scores.noisy, dae: { psnr: scores.dae, bce: outDae!.bce }, ae: { psnr: scores.ae, bce: outAe!.bce } });
      view.caption.set(verdict(scores));
      host.dataset.psnrNoisy = fixed(scores.noisy);
      host.dataset.psnrDae = fixed(scores.dae);
      host.dataset.psnrAe = fixed(scores.ae);
      host.dataset.bceDae = fixed(outDae!.bce);
      host.dataset.bceAe = fixed(outAe!.bce);
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
      if (loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
      state.digit = i;
      clean = heldout.image(i).slice();
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
      onRandom: () => showHeldout(Math.floor(Math.random() * heldout.count)),
      onPick: showHeldout,
    });
    disposers.push(() => view.destroy());
    if (state.digit >= 0 && state.digit < heldout.count) showHeldout(state.digit);
    else {
      host.dataset.source = 'drawing';
      update();
    }
    await render.idle();
    ui.status('Change the noise, re-roll it, or pick another digit; both autoencoders run in your browser.');
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
