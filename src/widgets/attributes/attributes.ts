// Attribute vectors in the 16-D latent space of vae-16d: directions from group means of held-out codes, added to a
// digit's code with a slider; the output's attribute is measured from its pixels to check what the direction does.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, prefetchShippedModel } from '../runtime/shipped-model.ts';
import { loadHeldout, loadHeldoutDigits, type Heldout } from '../shared/heldout.ts';
import { captionText, loadClassifier, prefetchClassifier, topClass } from '../shared/classifier.ts';
import { drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { ATTRIBUTE_INFO, measure, measureAll, type Attribute } from './measure.ts';
import { attributeDirection, linspace, mostSkewedClass, pathAlong, type Direction, type GroupMode } from './directions.ts';
import { decodeCodes, encodeMeans } from './latent.ts';
import { ALPHA_MAX, attributesSchema, CURVE_STEPS, STRIP_STEPS } from './state.ts';
import { buildAttributesView } from './view.ts';
import { directionKey, loadShippedDirections } from './shipped-directions.ts';
import { randomOther } from '../shared/random-other.ts';

const MODEL = 'vae-16d';
const WORDS: Record<Attribute, [string, string]> = {
  slant: ['most right-leaning', 'most left-leaning'],
  thickness: ['thickest', 'thinnest'],
  width: ['widest', 'narrowest'],
  height: ['tallest', 'shortest'],
};
const fmtNum = (v: number, decimals: number) => (v < 0 ? `−${Math.abs(v).toFixed(decimals)}` : v.toFixed(decimals));
const fmtAttr = (a: Attribute, v: number) => `${fmtNum(v, ATTRIBUTE_INFO[a].decimals)}${ATTRIBUTE_INFO[a].unit}`;

interface Source {
  kind: 'heldout' | 'drawing';
  x: Float32Array;
  z: Float32Array;
}

/** Starts the first frame's downloads (weights, digits) while TensorFlow.js loads; setup takes them over. */
export function prefetch(host: WidgetElement): void {
  prefetchShippedModel(MODEL);
  prefetchClassifier();
  loadHeldoutDigits([readState(attributesSchema, host.urlParams(), 'attributes').digit]).catch(() => undefined);
}

export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(attributesSchema, host.urlParams(), 'attributes');
  const sync = () => syncStateToUrl(attributesSchema, state, 'attributes');
  const fractions = [0, 0];
  const report = () => ui.progress('Downloading the 16-D VAE and the held-out digits…', (fractions[0]! + fractions[1]!) / 2);
  report();
  // With the directions shipped (the trainer computes them from all held-out digits), the first frame needs only the digit it
  // shows; without them, every digit is downloaded and encoded here.
  const [shipped, shippedDirs, classifier] = await Promise.all([
    loadShippedModel(rt, MODEL, { onProgress: (f) => ((fractions[0] = f), report()) }),
    loadShippedDirections(MODEL),
    loadClassifier(rt).catch((err: unknown) => {
      console.warn('[attributes] classifier unavailable', err);
      return null;
    }),
  ]);
  const disposers: (() => void)[] = [() => shipped.dispose(), () => classifier?.dispose()];
  try {
    const model = shipped.model;
    const heldout: Heldout = shippedDirs
      ? await loadHeldoutDigits([state.digit], (f) => ((fractions[1] = f), report()))
      : await loadHeldout((f) => ((fractions[1] = f), report()));
    let codes: Float32Array | null = null;
    if (!shippedDirs) {
      ui.progress(`Encoding the ${heldout.count.toLocaleString('en')} held-out digits with ${MODEL}…`);
      codes = await encodeMeans(rt, model, heldout.images, heldout.count);
    }
    const values = new Map<Attribute, Float32Array>();
    const directions = shippedDirs?.directions ?? new Map<string, Direction>();
    const valuesOf = (a: Attribute) => {
      let v = values.get(a);
      if (!v) values.set(a, (v = measureAll(a, heldout.images, heldout.count)));
      return v;
    };
    const directionOf = (a: Attribute, g: GroupMode) => {
      const key = directionKey(a, g);
      let dir = directions.get(key);
      if (!dir && codes) directions.set(key, (dir = attributeDirection(codes, codes.length / heldout.count, valuesOf(a), heldout.labels, g)));
      if (!dir) throw new Error(`No ${a} direction (${g}) in ${MODEL}'s attribute-directions.json. The site’s weights are out of date.`);
      return dir;
    };
    /** Held-out digit i as a starting point: its pixels (downloaded first if need be) and its code μ. */
    const heldoutSource = async (i: number): Promise<Source> => {
      await heldout.load([i]);
      const x = heldout.image(i);
      const d = codes ? codes.length / heldout.count : 0;
      return { kind: 'heldout', x, z: codes ? codes.slice(i * d, (i + 1) * d) : await encodeMeans(rt, model, x, 1) };
    };
    const alphas = linspace(-ALPHA_MAX, ALPHA_MAX, CURVE_STEPS);
    const stripAlphas = linspace(-ALPHA_MAX, ALPHA_MAX, STRIP_STEPS);
    let source: Source = await heldoutSource(state.digit);
    let recon0 = 0;

    const readAll = async (px: Float32Array, n: number): Promise<number[]> => {
      if (!classifier) return new Array<number>(n).fill(-1);
      const probs = await classifier.probs(px, n);
      return Array.from({ length: n }, (_, i) => topClass(probs, 10 * i).digit);
    };
    const curveJob = latestWins(async ({ src, attr, dir }: { src: Source; attr: Attribute; dir: Direction }) => {
      const zs = pathAlong(src.z, dir.v, [...alphas, ...stripAlphas]);
      const px = await decodeCodes(rt, model, zs);
      const reads = await readAll(px, zs.length);
      const vals = alphas.map((_, i) => measure(attr, px, i * 784));
      const info = ATTRIBUTE_INFO[attr];
      view.plot.set(alphas, vals, reads.slice(0, CURVE_STEPS), `${info.label}${info.unit.trim() ? ` (${info.unit.trim()})` : ''}`);
      drawDigitGrid(view.strip, px.subarray(CURVE_STEPS * 784), STRIP_STEPS, STRIP_STEPS);
      const stripVals = stripAlphas.map((_, i) => measure(attr, px, (CURVE_STEPS + i) * 784));
      stripAlphas.forEach((a, i) => {
        view.stripTicks[i]!.textContent = `${fmtNum(a, 1)}\n${fmtNum(stripVals[i]!, attr === 'thickness' ? 1 : 0)}${info.unit.trim()}`;
      });
      const stripReads = reads.slice(CURVE_STEPS);
      view.plot.describe(
        `${info.label} of the output at α = ${stripAlphas.map((a) => fmtNum(a, 1)).join(', ')}: ${stripVals.map((v) => fmtAttr(attr, v)).join(', ')}.` +
          (classifier ? ` The classifier reads: ${stripReads.join(', ')}.` : ''),
      );
      recon0 = vals[(CURVE_STEPS - 1) / 2] ?? 0;
      host.dataset.curve = vals.map((v) => v.toFixed(2)).join(',');
      host.dataset.curveReads = reads.slice(0, CURVE_STEPS).join('');
    });
    let frames = 0;
    const outputJob = latestWins(async ({ src, attr, dir, alpha }: { src: Source; attr: Attribute; dir: Direction; alpha: number }) => {
      const [z] = pathAlong(src.z, dir.v, [alpha]);
      const px = await decodeCodes(rt, model, [z!]);
      const probs = classifier ? await classifier.probs(px, 1) : null;
      const v = measure(attr, px);
      drawDigit(view.output, px);
      await curveJob.idle();
      const info = ATTRIBUTE_INFO[attr];
      view.measured.textContent = `${info.label} of this output: ${fmtAttr(attr, v)}. At α = 0 (the plain reconstruction): ${fmtAttr(attr, recon0)}.`;
      view.caption.set(probs ? `The output ${captionText(probs)}.` : 'No classifier in this build, so no caption.');
      host.dataset.alpha = alpha.toFixed(2);
      host.dataset.measured = v.toFixed(2);
      host.dataset.pred = probs ? String(topClass(probs).digit) : '';
      host.dataset.frames = String(++frames);
    });

    const describeDirection = (attr: Attribute, groups: GroupMode, dir: Direction) => {
      const [hiWord, loWord] = WORDS[attr];
      const n = heldout.count.toLocaleString('en');
      const base =
        groups === 'pooled'
          ? `The direction is the mean code of the ${hiWord} quarter of all ${n} held-out digits (average ${fmtAttr(attr, dir.highMean)}) minus that of the ${loWord} quarter (average ${fmtAttr(attr, dir.lowMean)}).`
          : `The direction is computed inside each class, ${hiWord} quarter minus ${loWord} quarter, and averaged over the ten classes (averages ${fmtAttr(attr, dir.highMean)} and ${fmtAttr(attr, dir.lowMean)}).`;
      let mix: string;
      if (groups === 'pooled') {
        const s = mostSkewedClass(dir);
        const pct = (p: number) => `${Math.round(100 * p)}%`;
        mix = ` The groups are not alike in class: ${s.digit}s are ${pct(s.highShare)} of the ${hiWord} quarter but ${pct(s.lowShare)} of the ${loWord}, so the direction also carries a step ${s.highShare >= s.lowShare ? 'toward' : 'away from'} ${s.digit}s.`;
      } else mix = ' Both groups hold the same number of each digit, so the class mix cannot leak into the direction.';
      const note =
        attr === 'height'
          ? ' MNIST scales every digit so that its longer side is 20 pixels, so height varies only among digits wider than they are tall.'
          : '';
      return base + mix + note;
    };
    const refresh = (what: 'all' | 'alpha' = 'all') => {
      const dir = directionOf(state.attr, state.groups);
      if (what === 'all') {
        view.directionNote.textContent = describeDirection(state.attr, state.groups, dir);
        host.dataset.attr = state.attr;
        host.dataset.groups = state.groups;
        curveJob.request({ src: source, attr: state.attr, dir });
      }
      view.plot.setAlpha(state.alpha);
      view.alphaOut.value = `${fmtNum(state.alpha, 1)}`;
      outputJob.request({ src: source, attr: state.attr, dir, alpha: state.alpha });
    };
    const showSource = () => {
      drawDigit(view.input, source.x);
      const a = state.attr;
      const who = source.kind === 'heldout' ? `Held-out digit #${state.digit}, labelled ${heldout.labels[state.digit]}` : 'Your drawing';
      view.inputNote.textContent = `${who}. ${ATTRIBUTE_INFO[a].label}: ${fmtAttr(a, measure(a, source.x))}.`;
      host.dataset.source = source.kind === 'heldout' ? String(state.digit) : 'drawing';
    };
    const showHeldout = (s: Source) => {
      source = s;
      showSource();
      refresh();
    };
    const pickJob = latestWins(async (i: number) => {
      try {
        const s = await heldoutSource(i);
        if (i === state.digit) showHeldout(s);
      } catch (err) {
        ui.status(`Could not load held-out digit #${i}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    const pickHeldout = (i: number) => {
      state.digit = i;
      view.heldoutIndex.value = String(i);
      sync();
      pickJob.request(i);
    };
    const drawJob = latestWins(async (x: Float32Array) => {
      if (!x.some((v) => v > 0)) return;
      const z = await encodeMeans(rt, model, x, 1);
      source = { kind: 'drawing', x, z };
      showSource();
      refresh();
    });

    const view = buildAttributesView(
      ui.root,
      { attr: state.attr, groups: state.groups, digit: state.digit, alpha: state.alpha, count: heldout.count },
      {
        onAttr(a) {
          state.attr = a;
          showSource();
          refresh();
          sync();
        },
        onGroups(g) {
          state.groups = g;
          refresh();
          sync();
        },
        onPick: pickHeldout,
        onRandom: () => pickHeldout(randomOther(0, heldout.count, state.digit)),
        onStroke: () => drawJob.request(preprocessDrawing(view.pad.ink(), 280, 280)),
        onClear() {
          view.pad.clear();
          pickHeldout(state.digit);
        },
        onAlpha(alpha) {
          state.alpha = alpha;
          refresh('alpha');
          sync();
        },
      },
    );
    disposers.push(() => view.destroy());
    view.heldoutIndex.value = String(state.digit);
    sync();
    showHeldout(source);
    await Promise.all([curveJob.idle(), outputJob.idle()]);
    ui.status('Move α: the decoder draws the edited code, and the widget measures the result.');
    return () => disposers.forEach((f) => f());
  } catch (err) {
    disposers.forEach((f) => f());
    throw err;
  }
}
