// The conditional VAE widget: ask for a digit, move through the style space, decode one style with every label,
// re-render a drawing as every digit, and compare the latent maps of vae-2d and cvae-2d.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { fetchManifest, LoadError } from '../runtime/fetch-verified.ts';
import { loadShippedModel, prefetchShippedModel } from '../runtime/shipped-model.ts';
import { domainFor, heldoutMuAsset } from '../shared/codes.ts';
import { captionText, loadClassifier, prefetchClassifier, topClass, type Classifier } from '../shared/classifier.ts';
import { drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { describePoint, type Point } from '../shared/map-cursor.ts';
import { gridCoords } from '../shared/normal.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { classVarianceShare } from '../shared/class-separation.ts';
import { decodeEveryLabel, decodeWithLabels, encodeWithLabel } from './cvae-model.ts';
import { cvaeSchema, SAMPLE_SIDE } from './state.ts';
import { buildCvaeView } from './view.ts';

const MODEL = 'cvae-2d';
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

/** Starts the first frame's downloads (weights, digits) while TensorFlow.js loads; setup takes them over. */
export function prefetch(): void {
  prefetchShippedModel(MODEL);
  prefetchClassifier();
  for (const m of [MODEL, BASELINE]) heldoutMuAsset(m).catch(() => undefined);
}

export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(cvaeSchema, host.urlParams(), 'cvae');
  const sync = () => syncStateToUrl(cvaeSchema, state, 'cvae');
  ui.progress('Downloading the conditional VAE…', 0);
  const [shipped, classifier, labels, cvaeMu, vaeMu] = await Promise.all([
    loadShippedModel(rt, MODEL, { onProgress: (f) => ui.progress('Downloading the conditional VAE…', f) }),
    loadClassifier(rt).catch((err: unknown) => {
      console.warn('[cvae] classifier unavailable', err);
      return null;
    }),
    heldoutLabels(),
    heldoutMuAsset(MODEL),
    heldoutMuAsset(BASELINE),
  ]);
  const disposers: (() => void)[] = [() => shipped.dispose(), () => classifier?.dispose()];
  try {
    if (!cvaeMu || !vaeMu)
      throw new LoadError(
        `The manifest lists no held-out codes (assets.heldoutMu) for ${cvaeMu ? BASELINE : MODEL}. Retrain it with latentAsset on.`,
        'format',
      );
    const model = shipped.model;
    const n = Math.min(labels.length, cvaeMu.length / 2, vaeMu.length / 2);
    const lab = labels.subarray(0, n);
    const half = Math.max(domainFor(cvaeMu), domainFor(vaeMu));
    const shareVae = classVarianceShare(vaeMu.subarray(0, 2 * n), lab);
    const shareCvae = classVarianceShare(cvaeMu.subarray(0, 2 * n), lab);
    host.dataset.classShare = `${shareVae.toFixed(3)},${shareCvae.toFixed(3)}`;

    let frames = 0;
    let drawnZ: number[] | null = null;
    const decodeCursor = latestWins(async ({ z, k }: { z: Point; k: number }) => {
      const px = await decodeWithLabels(rt, model, [z], [k]);
      const probs = classifier ? await classifier.probs(px, 1) : null;
      drawDigit(view.digit, px);
      view.caption.set(probs ? `Asked for ${article(k)} ${k}; the result ${captionText(probs)}.` : 'No classifier in this build, so no caption.');
      host.dataset.z = z.map((v) => v.toFixed(2)).join(',');
      host.dataset.pred = probs ? String(topClass(probs).digit) : '';
      host.dataset.frames = String(++frames);
    });
    const decodeStyle = latestWins(async (z: Point) => {
      const px = await decodeEveryLabel(rt, model, z);
      const reads = await readDigits(classifier, px, 10);
      drawDigitGrid(view.style, px, 10, 10);
      view.styleReads.forEach((r, k) => (r.textContent = reads ? `→${reads[k]}` : ''));
      const agree = reads ? reads.filter((r, k) => r === k).length : null;
      view.styleNote.textContent =
        agree === null
          ? ''
          : `The classifier reads ${agree} of the 10 as the digit that was asked for. Compare the slant and the stroke weight along the row.`;
      host.dataset.styleReads = reads ? reads.join('') : '';
    });
    const decodeSamples = latestWins(async (k: number) => {
      const c = gridCoords(SAMPLE_SIDE);
      const zs: number[][] = [];
      for (let r = 0; r < SAMPLE_SIDE; r++) for (let q = 0; q < SAMPLE_SIDE; q++) zs.push([c[q]!, c[SAMPLE_SIDE - 1 - r]!]);
      const px = await decodeWithLabels(
        rt,
        model,
        zs,
        zs.map(() => k),
      );
      const reads = await readDigits(classifier, px, zs.length);
      drawDigitGrid(view.samples, px, zs.length, SAMPLE_SIDE);
      const agree = reads ? reads.filter((r) => r === k).length : null;
      view.samplesNote.textContent =
        agree === null
          ? `${zs.length} codes spread evenly over the prior, each decoded as ${article(k)} ${k}.`
          : `${zs.length} codes spread evenly over the prior, each decoded as ${article(k)} ${k}: the classifier reads ${agree} of them as ${k}s.`;
      host.dataset.samples = `${k}:${reads ? reads.join('') : ''}`;
    });
    const encodeDrawing = latestWins(async (x: Float32Array) => {
      if (!x.some((v) => v > 0)) {
        drawnZ = null;
        drawDigitGrid(view.drawnRow, new Float32Array(7840), 10, 10);
        view.drawnNote.textContent = '';
        view.useStyle.disabled = true;
        view.drawnReads.forEach((r) => (r.textContent = ''));
        host.dataset.drawn = '';
        return;
      }
      const probs = classifier ? await classifier.probs(x, 1) : null;
      const k = probs ? topClass(probs).digit : state.label;
      const z = await encodeWithLabel(rt, model, x, k);
      const px = await decodeEveryLabel(rt, model, z);
      const reads = await readDigits(classifier, px, 10);
      drawDigitGrid(view.drawnRow, px, 10, 10);
      view.drawnReads.forEach((r, j) => (r.textContent = reads ? `→${reads[j]}` : ''));
      drawnZ = z;
      view.useStyle.disabled = false;
      view.drawnNote.textContent = probs
        ? `Your drawing ${captionText(probs)}, so it was encoded as ${article(k)} ${k}: its style code is ${describePoint([z[0]!, z[1]!])}.`
        : `No classifier in this build: your drawing was encoded as the chosen digit, ${k}. Its style code is ${describePoint([z[0]!, z[1]!])}.`;
      host.dataset.drawn = `${k}:${z.map((v) => v.toFixed(2)).join(',')}`;
    });

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
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
