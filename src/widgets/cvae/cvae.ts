// The conditional VAE widget: ask for a digit, move through the style space, decode one style with every label,
// re-render a drawing as every digit, and compare the latent maps of vae-2d and cvae-2d.
// In the default state the first frame comes shipped (frame.ts: the cursor's digit, the style row and the samples, decoded
// ahead of time by cvae-2d, with the classifier's readings); the maps come from the shipped μ. So the first frame needs
// neither TensorFlow.js, cvae-2d nor the classifier (registry: needsTf 'later'): they follow it, and a change the reader makes
// before they have come waits for them under a note over the digit.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { fetchManifest, LoadError } from '../runtime/fetch-verified.ts';
import { loadShippedModelLazily as loadShippedModel } from '../runtime/lazy-shipped-model.ts';
import type { Model } from '../../lib/models/model.ts';
import { domainFor, heldoutMuAsset } from '../shared/codes.ts';
import { captionText, loadClassifier, topClass, type Classifier } from '../shared/classifier.ts';
import { drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { describePoint, type Point } from '../shared/map-cursor.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { classVarianceShare } from '../shared/class-separation.ts';
import { loadShippedImages, shippedFramesRecord } from '../shared/shipped-frames.ts';
import { retryableOnce } from '../shared/retryable-once.ts';
import { createDecoderNote, type DecoderNote } from '../shared/decoder-note.ts';
import { lateDownload, NotDownloaded } from '../shared/late-download.ts';
import { cvaeSchema } from './state.ts';
import { buildCvaeView } from './view.ts';
import { FRAME_MODEL as MODEL, cursorKey, hasCvaeFrame, sampleCodes, samplesKey, styleKey } from './frame.ts';

const BASELINE = 'vae-2d';
const article = (d: number) => (d === 8 ? 'an' : 'a');

/** The held-out digits' labels, from the manifest (no need to download the digits themselves). */
async function heldoutLabels(): Promise<Uint8Array> {
  const m = await fetchManifest<{ data?: { heldoutLabels?: string | number[] } }>();
  const raw = m.data?.heldoutLabels;
  if (raw === undefined)
    throw new LoadError('weights/manifest.json has no held-out labels (data.heldoutLabels). The site’s weights are out of date.', 'format');
  return Uint8Array.from(typeof raw === 'string' ? [...raw].map(Number) : raw);
}

/** Top class of each of `count` images, or null without a classifier. */
async function readDigits(classifier: Classifier | null, px: Float32Array, count: number): Promise<number[] | null> {
  if (!classifier) return null;
  const probs = await classifier.probs(px, count);
  return Array.from({ length: count }, (_, i) => topClass(probs, 10 * i).digit);
}

/** cvae-2d and its runtime, once downloaded. */
interface Live {
  rt: TfRuntime;
  model: Model;
}

/** The model code (tfjs), imported when something is decoded live. */
const cvaeModel = () => import('./cvae-model.ts');

export async function setup(_rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(cvaeSchema, host.urlParams(), 'cvae');
  const sync = () => syncStateToUrl(cvaeSchema, state, 'cvae');
  const record = await shippedFramesRecord(MODEL, 'cvae');
  const shipped = hasCvaeFrame(record, state.label, state.x, state.y) ? record : null;
  const disposers: (() => void)[] = [];
  let dead = false;
  disposers.push(() => (dead = true));
  const runtime = (): Promise<TfRuntime> => host.tfRuntime();
  /** cvae-2d, downloaded once (a failure is forgotten, so the next call tries again). */
  const live = retryableOnce(async (): Promise<Live> => {
    const rt = await runtime();
    const s = await loadShippedModel(rt, MODEL, { onProgress: shipped ? undefined : (f) => ui.progress('Downloading the conditional VAE…', f) });
    if (dead) {
      s.dispose();
      throw new Error('the widget was closed');
    }
    disposers.push(() => s.dispose());
    return { rt, model: s.model };
  });
  /** The classifier for the captions (null when the manifest has none or it could not load). */
  let classifierP: Promise<Classifier | null> | null = null;
  const classifier = (): Promise<Classifier | null> =>
    (classifierP ??= runtime()
      .then(loadClassifier)
      .then((c) => {
        if (c) disposers.push(() => c.dispose());
        return c;
      })
      .catch((err: unknown) => {
        console.warn('[cvae] classifier unavailable', err);
        return null;
      }));
  if (!shipped) ui.progress('Downloading the conditional VAE…', 0);
  const [frames_, labels, cvaeMu, vaeMu] = await Promise.all([
    shipped ? loadShippedImages(shipped, 'cvae') : null,
    heldoutLabels(),
    heldoutMuAsset(MODEL),
    heldoutMuAsset(BASELINE),
    shipped ? null : live.get(),
    shipped ? null : classifier(),
  ]).catch((err: unknown) => {
    disposers.forEach((d) => d());
    throw err;
  });
  try {
    if (!cvaeMu || !vaeMu)
      throw new LoadError(
        `The manifest lists no held-out codes (assets.heldoutMu) for ${cvaeMu ? BASELINE : MODEL}. Retrain it with latentAsset on.`,
        'format',
      );
    const n = Math.min(labels.length, cvaeMu.length / 2, vaeMu.length / 2);
    const lab = labels.subarray(0, n);
    const half = Math.max(domainFor(cvaeMu), domainFor(vaeMu));
    const shareVae = classVarianceShare(vaeMu.subarray(0, 2 * n), lab);
    const shareCvae = classVarianceShare(cvaeMu.subarray(0, 2 * n), lab);
    host.dataset.classShare = `${shareVae.toFixed(3)},${shareCvae.toFixed(3)}`;

    /** A shipped group's images while cvae-2d has not come, else null (then it is decoded live). */
    const shippedGroup = (key: string): Float32Array | null => (shipped && !live.value ? (frames_?.images(key) ?? null) : null);
    let note: DecoderNote | null = null;
    /** cvae-2d; while it downloads the note over the digit says so, and a failure says so there with a Retry. */
    const model = lateDownload(live, {
      notes: () => (note ? [note] : []),
      status: (m) => ui.status(m),
      label: 'No live decoding',
      log: '[cvae] model',
      dead: () => dead,
      track: (w) => host.trackBackground(w),
    });
    /** Runs a job, leaving the last picture when cvae-2d did not download (the note says so). */
    const orKeep =
      <T>(job: (input: T) => Promise<void>) =>
      async (input: T) => {
        try {
          await job(input);
        } catch (err) {
          if (!(err instanceof NotDownloaded)) throw err;
        }
      };

    let frames = 0;
    let drawnZ: number[] | null = null;
    const decodeCursor = latestWins(
      orKeep(async ({ z, k }: { z: Point; k: number }) => {
        const key = cursorKey(k, z[0], z[1]);
        const tile = shippedGroup(key);
        let px: Float32Array;
        let probs: ArrayLike<number> | null;
        if (tile && shipped) {
          px = tile;
          probs = shipped.probs[key] ?? null;
          host.dataset.shipped = 'true';
        } else {
          const l = await model.ready();
          px = await (await cvaeModel()).decodeWithLabels(l.rt, l.model, [z], [k]);
          const cl = await classifier();
          probs = cl ? await cl.probs(px, 1) : null;
          host.dataset.shipped = 'false';
        }
        if (dead) return;
        drawDigit(view.digit, px);
        view.caption.set(probs ? `Asked for ${article(k)} ${k}; the result ${captionText(probs)}.` : 'No classifier in this build, so no caption.');
        host.dataset.z = z.map((v) => v.toFixed(2)).join(',');
        host.dataset.pred = probs ? String(topClass(probs).digit) : '';
        host.dataset.frames = String(++frames);
      }),
    );
    /** A row's pictures and the classifier's readings: shipped while cvae-2d has not come, else decoded live by `decode`. */
    const picturesAndReads = async (
      key: string,
      count: number,
      decode: (l: Live) => Promise<Float32Array>,
    ): Promise<{ px: Float32Array; reads: number[] | null }> => {
      const tile = shippedGroup(key);
      if (tile && shipped) return { px: tile, reads: shipped.reads[key] ?? null };
      const px = await decode(await model.ready());
      return { px, reads: await readDigits(await classifier(), px, count) };
    };
    const decodeStyle = latestWins(
      orKeep(async (z: Point) => {
        const { px, reads } = await picturesAndReads(styleKey(z[0], z[1]), 10, async (l) => (await cvaeModel()).decodeEveryLabel(l.rt, l.model, z));
        if (dead) return;
        drawDigitGrid(view.style, px, 10, 10);
        view.styleReads.forEach((r, k) => (r.textContent = reads ? `→${reads[k]}` : ''));
        const agree = reads ? reads.filter((r, k) => r === k).length : null;
        view.styleNote.textContent =
          agree === null
            ? ''
            : `The classifier reads ${agree} of the 10 as the digit that was asked for. Compare the slant and the stroke weight along the row.`;
        host.dataset.styleReads = reads ? reads.join('') : '';
      }),
    );
    const decodeSamples = latestWins(
      orKeep(async (k: number) => {
        const zs = sampleCodes();
        const { px, reads } = await picturesAndReads(samplesKey(k), zs.length, async (l) =>
          (await cvaeModel()).decodeWithLabels(
            l.rt,
            l.model,
            zs,
            zs.map(() => k),
          ),
        );
        if (dead) return;
        drawDigitGrid(view.samples, px, zs.length, Math.round(Math.sqrt(zs.length)));
        const agree = reads ? reads.filter((r) => r === k).length : null;
        view.samplesNote.textContent =
          agree === null
            ? `${zs.length} codes spread evenly over the prior, each decoded as ${article(k)} ${k}.`
            : `${zs.length} codes spread evenly over the prior, each decoded as ${article(k)} ${k}: the classifier reads ${agree} of them as ${k}s.`;
        host.dataset.samples = `${k}:${reads ? reads.join('') : ''}`;
      }),
    );
    const encodeDrawing = latestWins(
      orKeep(async (x: Float32Array) => {
        if (!x.some((v) => v > 0)) {
          drawnZ = null;
          drawDigitGrid(view.drawnRow, new Float32Array(7840), 10, 10);
          view.drawnNote.textContent = '';
          view.useStyle.disabled = true;
          view.drawnReads.forEach((r) => (r.textContent = ''));
          host.dataset.drawn = '';
          return;
        }
        const l = await model.ready();
        const cl = await classifier();
        const { encodeWithLabel, decodeEveryLabel } = await cvaeModel();
        const probs = cl ? await cl.probs(x, 1) : null;
        const k = probs ? topClass(probs).digit : state.label;
        const z = await encodeWithLabel(l.rt, l.model, x, k);
        const px = await decodeEveryLabel(l.rt, l.model, z);
        const reads = await readDigits(cl, px, 10);
        if (dead) return;
        drawDigitGrid(view.drawnRow, px, 10, 10);
        view.drawnReads.forEach((r, j) => (r.textContent = reads ? `→${reads[j]}` : ''));
        drawnZ = z;
        view.useStyle.disabled = false;
        view.drawnNote.textContent = probs
          ? `Your drawing ${captionText(probs)}, so it was encoded as ${article(k)} ${k}: its style code is ${describePoint([z[0]!, z[1]!])}.`
          : `No classifier in this build: your drawing was encoded as the chosen digit, ${k}. Its style code is ${describePoint([z[0]!, z[1]!])}.`;
        host.dataset.drawn = `${k}:${z.map((v) => v.toFixed(2)).join(',')}`;
      }),
    );

    const clampZ = (z: Point): Point => [Math.max(-half, Math.min(half, z[0])), Math.max(-half, Math.min(half, z[1]))];
    const moveCursor = (z: Point, from: 'map' | 'other' = 'other') => {
      z = clampZ(z);
      state.x = Number(z[0].toFixed(2));
      state.y = Number(z[1].toFixed(2));
      if (from !== 'map') view.cvaeMap.setCursor(z);
      view.sliders.set(z);
      view.coords.textContent = describePoint(z);
      decodeCursor.request({ z, k: state.label });
      decodeStyle.request(z);
      sync();
    };
    const setLabel = (k: number) => {
      state.label = k;
      view.digitTitle.textContent = `Your ${k}`;
      view.setStyleHighlight(k);
      host.dataset.label = String(k);
      decodeCursor.request({ z: [state.x, state.y], k });
      decodeSamples.request(k);
      sync();
    };

    const view = buildCvaeView(
      ui.root,
      { label: state.label },
      {
        onLabel: setLabel,
        onCursor: (z) => moveCursor(z, 'map'),
        onStroke: () => encodeDrawing.request(preprocessDrawing(view.pad.ink(), 280, 280)),
        onClear() {
          view.pad.clear();
          encodeDrawing.request(new Float32Array(784));
        },
        onUseStyle() {
          if (drawnZ) moveCursor([drawnZ[0]!, drawnZ[1]!]);
        },
      },
    );
    disposers.push(() => view.destroy());
    // Retry downloads again, then draws the current state.
    const retry = model.retryThen(() => {
      decodeCursor.request({ z: [state.x, state.y], k: state.label });
      decodeStyle.request([state.x, state.y]);
      decodeSamples.request(state.label);
    });
    note = createDecoderNote(view.digitNote, host, retry, {
      loading: 'Downloading the conditional VAE…',
      failed: 'The conditional VAE did not download.',
    });
    for (const map of [view.vaeMap, view.cvaeMap]) map.setDomain(half);
    view.vaeMap.setPoints(vaeMu.subarray(0, 2 * n), lab);
    view.cvaeMap.setPoints(cvaeMu.subarray(0, 2 * n), lab);
    view.sliders.setRange(half);
    const pct = (v: number) => `${Math.round(100 * v)}%`;
    view.separation.textContent = `The class explains ${pct(shareVae)} of the spread of vae-2d’s codes, and ${pct(shareCvae)} of cvae-2d’s.`;
    setLabel(state.label);
    moveCursor([state.x, state.y]);
    encodeDrawing.request(new Float32Array(784));
    await Promise.all([decodeCursor.idle(), decodeStyle.idle(), decodeSamples.idle(), encodeDrawing.idle()]);
    ui.status('Pick a digit, then move the cursor on the cvae-2d map: the label sets the digit, the code sets the style.');
    // After a shipped first frame cvae-2d and the classifier follow, so that the reader's first change decodes at once.
    if (shipped) host.trackBackground(model.afterFirstFrame('cvae').then(() => (live.value ? classifier() : null)));
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
