// The draw widget: a drawing is preprocessed like MNIST, encoded live (μ, σ), placed on the latent map and decoded.
// Its first frame needs only the encoder: the decoder (the larger half of the model) downloads after it, and the
// reconstruction appears when it has come (issue 13: the first frame within 450 KB on a slow network).
import type * as TF from '@tensorflow/tfjs-core';
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, type ShippedModel } from '../runtime/shipped-model.ts';
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import { encode } from '../../lib/models/model.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { classCentroids, domainFor, encodeAll, heldoutMuAsset } from '../shared/codes.ts';
import { CAPTION_LOADING, NO_CLASSIFIER, captionText, classifierAfterFirstFrame, type Classifier } from '../shared/classifier.ts';
import { drawDigit } from '../shared/digit-image.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { drawSchema } from './state.ts';
import { buildDrawView } from './view.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { createDecoderNote } from '../shared/decoder-note.ts';
import { randomOther } from '../shared/random-other.ts';

type Job = { kind: 'image'; x: Float32Array; source: 'drawing' | 'heldout' } | { kind: 'code'; z: [number, number] };

export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(drawSchema, host.urlParams(), 'draw');
  ui.progress('Downloading the encoder and the held-out digits…', 0);
  const fractions = [0, 0];
  const report = () => ui.progress('Downloading the encoder and the held-out digits…', (fractions[0]! + fractions[1]!) / 2);
  void heldoutMuAsset(state.model).catch(() => undefined); // fetched alongside the model; awaited below
  const [shipped, heldout] = await Promise.all([
    loadShippedModel(rt, state.model, { parts: ['encoder'], onProgress: (f) => ((fractions[0] = f), report()) }),
    loadHeldoutDigits([state.digit], (f) => ((fractions[1] = f), report())),
  ]);
  // The caption's classifier comes after the first frame (the caption says so meanwhile).
  let destroyed = false;
  let classifier: Classifier | null = null;
  let classifierPending = true;
  const classifierLater = classifierAfterFirstFrame(rt, 'draw');
  /** The decoder, once it has come after the first frame; null while it downloads (or after a failed download). */
  let decoder: ShippedModel | null = null;
  const disposers: (() => void)[] = [
    () => shipped.dispose(),
    () => {
      destroyed = true;
      decoder?.dispose();
      void classifierLater.then((c) => c?.dispose());
    },
  ];
  /** The caption for pixels `px`, introduced by `who` ("Your digit", "The decoded digit"). */
  const captionFor = async (px: Float32Array, who: string): Promise<string> => {
    const probs = classifier ? await classifier.probs(px, 1) : null;
    return probs ? `${who} ${captionText(probs)}.` : classifierPending ? CAPTION_LOADING : NO_CLASSIFIER;
  };
  /** What the caption last described: the pixels it read and how it introduced them. */
  let captioned: { px: Float32Array; who: string } | null = null;
  try {
    const isVae = shipped.model.spec.kind === 'vae';
    const asset = await heldoutMuAsset(state.model);
    const codes = asset ? { mu: asset, logvar: null } : await encodeAll(rt, shipped, heldout);
    const half = domainFor(codes.mu);
    const centroids = classCentroids(codes.mu, heldout.labels);
    host.dataset.centroids = Array.from(centroids, (v) => v.toFixed(3)).join(',');
    host.dataset.model = state.model;

    const drawHint = `Draw with a mouse, finger or pen; the ${isVae ? 'VAE' : 'autoencoder'} encodes your drawing as you draw.`;
    let frames = 0;
    const blank = new Float32Array(784);
    /** Draws the decoded digit under `label`, or, before the decoder has come, an empty square with a note over it that says why. */
    const showRecon = (recon: Float32Array | null, label: string) => {
      drawDigit(view.recon, recon ?? blank);
      view.reconLabel.textContent = label;
      if (recon) note.hide();
      else if (note.hasFailed) note.failed();
      else note.loading();
    };
    /** The job last asked for, redone when the decoder arrives. */
    let lastJob: Job | null = null;
    const runJob = async (job: Job) => {
      lastJob = job;
      if (job.kind === 'image') {
        const empty = !job.x.some((v) => v > 0);
        drawDigit(view.input, job.x);
        if (empty) {
          drawDigit(view.recon, blank);
          view.reconLabel.textContent = 'Reconstruction';
          note.hide();
          view.map.setMarker(null);
          view.setStats(null, null);
          captioned = null;
          view.caption.set('Draw a digit, or pick a held-out one.');
          host.dataset.mu = '';
          return;
        }
        const outs = tf.tidy(() => {
          const e = encode(shipped.model, tf.tensor2d(job.x, [1, 784]));
          return [e.mu, e.logvar ?? tf.zeros([1, 2])];
        }) as TF.Tensor[];
        let mu: Float32Array, logvar: Float32Array;
        try {
          [mu, logvar] = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[] as [Float32Array, Float32Array];
        } finally {
          outs.forEach((t) => t.dispose());
        }
        const z: [number, number] = [mu[0]!, mu[1]!];
        const recon = decoder ? await decoder.decode(tf, [z]) : null;
        const who = job.source === 'drawing' ? 'Your digit' : 'This held-out digit';
        const caption = await captionFor(job.x, who);
        const sigma: [number, number] | null = isVae ? [Math.exp(0.5 * logvar[0]!), Math.exp(0.5 * logvar[1]!)] : null;
        showRecon(recon, 'Reconstruction');
        view.map.setMarker(z, sigma, job.source === 'drawing' ? 'your digit' : 'this digit');
        view.setStats(z, sigma);
        view.sliders.set([Math.max(-half, Math.min(half, z[0])), Math.max(-half, Math.min(half, z[1]))]);
        captioned = { px: job.x, who };
        view.caption.set(caption);
        host.dataset.mu = z.map((v) => v.toFixed(3)).join(',');
        host.dataset.sigma = sigma ? sigma.map((v) => v.toFixed(3)).join(',') : '';
      } else {
        const recon = decoder ? await decoder.decode(tf, [job.z]) : null;
        showRecon(recon, 'Decoded from your code');
        view.map.setMarker(job.z, null, 'your code');
        view.setStats(job.z, null);
        if (recon) {
          captioned = { px: recon, who: 'The decoded digit' };
          view.caption.set(await captionFor(recon, 'The decoded digit'));
        } else {
          captioned = null;
          view.caption.set('The digit for this code appears when the decoder has downloaded.');
        }
        host.dataset.mu = job.z.map((v) => v.toFixed(3)).join(',');
      }
      host.dataset.source = job.kind === 'code' ? 'code' : job.source;
      host.dataset.frames = String(++frames);
    };
    const render = latestWins(runJob);

    // The decoder downloads once the first frame is drawn; a failed download says so under the reconstruction, with a Retry
    // (the note is made with the view).
    let retried = false;
    const note = createDecoderNote(
      () => view.reconNote,
      host,
      () => {
        retried = true;
        host.trackBackground(loadDecoder());
      },
    );
    const loadDecoder = async (): Promise<void> => {
      host.dataset.decoder = 'loading';
      try {
        const d = await loadShippedModel(rt, state.model, { parts: ['decoder'] });
        if (destroyed) return d.dispose();
        decoder = d;
        note.ready();
        if (retried) ui.status(drawHint);
      } catch (err) {
        if (destroyed) return;
        console.warn('[draw] decoder', err);
        note.failed();
        ui.status(`No reconstruction: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (lastJob) render.request(lastJob);
      await render.idle();
    };

    const showHeldout = (i: number): void => {
      if (loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
      state.digit = i;
      syncStateToUrl(drawSchema, state, 'draw');
      const x = heldout.image(i).slice();
      view.pad.showDigit(x);
      view.heldoutIndex.value = String(i);
      view.heldoutNote.textContent = `Held-out digit #${i}, labelled ${heldout.labels[i]}. Draw over it, or clear it.`;
      render.request({ kind: 'image', x, source: 'heldout' });
    };
    const view = buildDrawView(ui.root, heldout.count, isVae, {
      onStroke() {
        render.request({ kind: 'image', x: preprocessDrawing(view.pad.ink(), 280, 280), source: 'drawing' });
      },
      onClear() {
        view.pad.clear();
        view.heldoutNote.textContent = '';
        if (state.digit !== -1) {
          state.digit = -1;
          syncStateToUrl(drawSchema, state, 'draw');
        }
        render.request({ kind: 'image', x: new Float32Array(784), source: 'drawing' });
      },
      onRandom: () => showHeldout(randomOther(0, heldout.count, state.digit)),
      onPick: showHeldout,
      onCode(z) {
        render.request({ kind: 'code', z });
      },
    });
    disposers.push(() => view.destroy());
    view.map.setDomain(half);
    view.map.setPoints(codes.mu, heldout.labels, codes.logvar);
    view.sliders.setRange(half);
    view.setStats(null, null);
    if (state.digit >= 0 && state.digit < heldout.count) showHeldout(state.digit);
    else render.request({ kind: 'image', x: new Float32Array(784), source: 'drawing' });
    await render.idle();
    ui.status(drawHint);
    host.trackBackground(afterFirstFrame('draw').then(loadDecoder));
    // Until the caption's classifier has come and the caption is redone, the host says it is still loading (runtime signals).
    host.trackBackground(
      classifierLater
        .then(async (c) => {
          if (destroyed) return;
          classifier = c;
          classifierPending = false;
          const shown = captioned;
          if (!shown) return;
          const caption = await captionFor(shown.px, shown.who);
          if (!destroyed && shown === captioned) view.caption.set(caption);
        })
        .catch((err: unknown) => console.warn('[draw] caption', err)),
    );
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
