// ae-variants: one digit (drawn or held-out) through five 16-D autoencoders: reconstructions, errors, sizes, code bars,
// and one code entry pushed to its held-out maximum. In the default state the first frame comes shipped (frame.ts: the digit,
// every model's reconstruction, code and error, computed ahead of time by the same models), so it needs neither TensorFlow.js
// nor a model (registry: needsTf 'later'); the five then download one after another. Any other opening state loads the models
// progressively within the first-frame byte budget, as before.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { afterFirstFrame as afterFirstFrameIdle } from '../runtime/after-first-frame.ts';
import { loadShippedModelLazily as loadShippedModel } from '../runtime/lazy-shipped-model.ts';
import type { Manifest, ShippedModel } from '../runtime/shipped-model.ts';
import { loadHeldoutDigits, type Heldout } from '../shared/heldout.ts';
import { drawDigit } from '../shared/digit-image.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { loadShippedImages, shippedFramesRecord } from '../shared/shipped-frames.ts';
import type { DigitResult } from './run-model.ts';
import { FRAME_MODEL, hasVariantsFrame, inputKey, reconKey } from './frame.ts';
import { CODE_DIM, STATS_DIGITS, VARIANTS, loadPlan, nearZeroCount, pushCode, sharedRange, signed, type CodeStats } from './variants.ts';
import { variantsSchema, type PushBase } from './state.ts';
import { buildVariantsView, entryName, type VariantCard } from './view.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { randomOther } from '../shared/random-other.ts';

const PREFIX = 'ae-variants';
const DEFAULT_BUDGET = 200_000;

interface Ready {
  shipped: ShippedModel;
  /** Held-out code statistics; null while they are being measured (after the model's first frame). */
  stats: CodeStats | null;
}
interface Job {
  x: Float32Array;
  /** The held-out digit shown, or −1 for a drawing. */
  digit: number;
  push: number;
  base: PushBase;
}

/** The models the first frame shows (the rest load after it, within the manifest's budget) and the held-out count. */
function firstFrame(manifest: Manifest): { plan: ReturnType<typeof loadPlan>; count: number; fileBytes: (name: string) => number } {
  const budget = (manifest.budget as { firstFrameLimit?: number } | undefined)?.firstFrameLimit ?? DEFAULT_BUDGET;
  const count = (manifest.data as { heldoutCount?: number } | undefined)?.heldoutCount ?? 2000;
  const fileBytes = (name: string) => manifest.models?.[name]?.files.reduce((s, f) => s + f.bytes, 0) ?? 0;
  const plan = loadPlan(
    VARIANTS.map((v) => ({ name: v.name, bytes: fileBytes(v.name) })),
    budget,
  );
  return { plan, count, fileBytes };
}

/** The digit the first frame encodes. */
const firstDigitOf = (digit: number, count: number) => (digit >= 0 && digit < count ? digit : variantsSchema.digit.default);

/** The model code (tfjs), imported when something is computed live. */
const runModel = () => import('./run-model.ts');

export async function setup(_rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(variantsSchema, host.urlParams(), PREFIX);
  const sync = () => syncStateToUrl(variantsSchema, state, PREFIX);
  ui.progress('Reading the model manifest…');
  const manifest = await fetchManifest<Manifest>();
  const { plan, count, fileBytes } = firstFrame(manifest);
  const record = state.push === 0 ? await shippedFramesRecord(FRAME_MODEL, PREFIX) : null;
  const shipped = hasVariantsFrame(record, firstDigitOf(state.digit, count)) ? record : null;
  const shippedDigit = shipped ? firstDigitOf(state.digit, count) : -2;
  const shippedImages = shipped ? await loadShippedImages(shipped, PREFIX) : null;
  /** A model's shipped result for the frame's digit (its picture, code and error), or null. */
  const shippedResult = (name: string): DigitResult | null => {
    const r = shipped?.results[String(shippedDigit)]?.[name];
    const recon = shippedImages?.images(reconKey(name, shippedDigit));
    return r && recon ? { code: Float32Array.from(r.code), recon, bce: r.bce } : null;
  };
  const shippedInput = shippedImages?.images(inputKey(shippedDigit)) ?? null;
  /** A model's held-out code range as shipped, so the bars keep their scale until the widget has measured it itself. */
  const shippedRange = (name: string): CodeStats | null => {
    const r = shipped?.ranges?.[name];
    return r ? { n: STATS_DIGITS, min: Float32Array.from(r.min), max: Float32Array.from(r.max), mean: new Float32Array(r.min.length) } : null;
  };
  host.dataset.firstFrameModels = shipped ? '' : plan.first.join(',');
  host.dataset.firstFrameBytes = String(shipped ? 0 : plan.first.reduce((s, n) => s + fileBytes(n), 0));
  /** TensorFlow.js, asked for only when something is computed live. */
  const runtime = (): Promise<TfRuntime> => host.tfRuntime();
  /** Download progress per model, for a card that must show it after the shipped frame. */
  const fractions = new Map<string, number>();

  const ready = new Map<string, Ready>();
  let destroyed = false;
  let heldout: Heldout | null = null;
  let current: Float32Array = new Float32Array(784);
  let source: 'heldout' | 'drawing' = 'heldout';
  let frames = 0;

  const render = latestWins(async (job: Job) => {
    const empty = !job.x.some((v) => v > 0);
    drawDigit(view.input, job.x);
    const fromShipped = job.digit === shippedDigit && job.push === 0;
    const shows = (c: VariantCard) => ready.has(c.variant.name) || (fromShipped && !!shippedResult(c.variant.name));
    // A card that showed the shipped frame but cannot show this job goes back to its download's progress.
    for (const c of view.cards)
      if (!shows(c) && c.element.dataset.shipped === 'true') {
        delete c.element.dataset.shipped;
        if (c.element.dataset.state !== 'error') c.progress(`Downloading ${c.variant.name}…`, fractions.get(c.variant.name) ?? 0);
      }
    const live = view.cards.filter(shows);
    const results = new Map<VariantCard, { r: DigitResult; pushed: Float32Array | null; target: number | null }>();
    if (!empty) {
      const tf = live.some((c) => ready.has(c.variant.name)) ? (await runtime()).tf : null;
      const rm = tf ? await runModel() : null;
      for (const card of live) {
        const m = ready.get(card.variant.name);
        if (!m || !tf || !rm) {
          results.set(card, { r: shippedResult(card.variant.name)!, pushed: null, target: null });
          card.element.dataset.shipped = 'true';
          continue;
        }
        delete card.element.dataset.shipped;
        const { decodeCodes, runDigit } = rm;
        const r = await runDigit(tf, m.shipped.model, job.x);
        let pushed: Float32Array | null = null;
        let target: number | null = null;
        if (job.push > 0 && m.stats) {
          target = m.stats.max[job.push - 1]!;
          const base = job.base === 'mean' ? m.stats.mean : r.code;
          pushed = await decodeCodes(tf, m.shipped.model, pushCode(base, job.push - 1, target), 1);
        }
        results.set(card, { r, pushed, target });
      }
    }
    if (destroyed) return;
    const range = sharedRange(
      live.map((c) => ready.get(c.variant.name)?.stats ?? shippedRange(c.variant.name)),
      [...results.values()].map((v) => v.r.code),
    );
    const counts: string[] = [];
    for (const card of live) {
      const res = results.get(card);
      if (!res) {
        drawDigit(card.recon, new Float32Array(784));
        card.clearDigit();
        card.bars.draw(new Float32Array(CODE_DIM), range, -1, null);
        card.setPushed(null);
        card.element.dataset.code = '';
        continue;
      }
      const nz = nearZeroCount(res.r.code);
      drawDigit(card.recon, res.r.recon);
      card.setDigit(res.r.bce, nz);
      card.bars.draw(res.r.code, range, job.push - 1, res.target);
      card.element.dataset.code = Array.from(res.r.code, (v) => v.toFixed(3)).join(',');
      if (res.pushed && res.target !== null) {
        drawDigit(card.pushed, res.pushed);
        const pushText = `${entryName(job.push)} → ${signed(res.target, 1)}`;
        card.setPushed(job.base === 'mean' ? `Average code,\n${pushText}` : `Pushed: ${pushText}`);
        card.element.dataset.pushTarget = res.target.toFixed(3);
      } else if (job.push > 0) {
        drawDigit(card.pushed, new Float32Array(784));
        card.setPushed(`Measuring ${entryName(job.push)}’s held-out maximum…`);
        delete card.element.dataset.pushTarget;
      } else {
        card.setPushed(null);
        delete card.element.dataset.pushTarget;
      }
      counts.push(`${card.variant.title} ${nz}`);
    }
    view.summary.set(
      empty
        ? 'Draw a digit, or pick a held-out one.'
        : `Code entries near zero for this digit (of ${CODE_DIM}): ${counts.join(', ')}${live.length < VARIANTS.length ? '; more models are loading' : ''}.`,
    );
    view.pushNote.textContent =
      job.push === 0
        ? `Set an entry from 1 to ${CODE_DIM} to replace it, in every model at once, with its largest value over ${STATS_DIGITS} held-out digits. Entry ${entryName(3)} of one model has nothing to do with ${entryName(3)} of another.`
        : `Each model’s ${entryName(job.push)} is set to its own held-out maximum (the dashed mark on its bar chart); the other ${CODE_DIM - 1} entries stay as they are.`;
    host.dataset.source = empty ? 'empty' : source;
    host.dataset.digit = String(job.digit);
    host.dataset.push = String(job.push);
    host.dataset.readyModels = live.map((c) => c.variant.name).join(',');
    host.dataset.frames = String(++frames);
  });
  const request = () => render.request({ x: current, digit: source === 'heldout' ? state.digit : -1, push: state.push, base: state.base });

  const showHeldout = (i: number): void => {
    const tile = i === shippedDigit && heldout && !heldout.has(i) ? shippedInput : null;
    if (heldout && !tile && loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
    if (!heldout) return;
    state.digit = i;
    sync();
    source = 'heldout';
    current = (tile ?? heldout.image(i)).slice();
    view.pad.showDigit(current);
    view.heldoutIndex.value = String(i);
    view.note.textContent = `Held-out digit #${i}, labelled ${heldout.labels[i]}. Draw over it, or clear it.`;
    request();
  };
  const view = buildVariantsView(
    ui.root,
    VARIANTS,
    { count, push: state.push, base: state.base },
    {
      onStroke() {
        if (state.digit !== -1) {
          state.digit = -1;
          sync();
        }
        source = 'drawing';
        current = preprocessDrawing(view.pad.ink(), 280, 280);
        request();
      },
      onClear() {
        view.pad.clear();
        view.note.textContent = '';
        state.digit = -1;
        sync();
        source = 'drawing';
        current = new Float32Array(784);
        request();
      },
      onRandom: () => showHeldout(randomOther(0, heldout?.count ?? count, source === 'heldout' ? state.digit : -1)),
      onPick: showHeldout,
      onPush(k) {
        state.push = Math.max(0, Math.min(CODE_DIM, k));
        view.push.set(state.push);
        sync();
        request();
      },
      onBase(base) {
        state.base = base;
        sync();
        request();
      },
    },
  );

  /** Measures a loaded model's codes on held-out digits (for the push), then renders again. */
  const measure = async (card: VariantCard, m: Ready): Promise<void> => {
    const digits = await heldoutReady;
    await digits.load(Array.from({ length: Math.min(STATS_DIGITS, digits.count) }, (_, i) => i));
    const t0 = performance.now();
    const [{ tf }, { heldoutCodeStats }] = await Promise.all([runtime(), runModel()]);
    const stats = await heldoutCodeStats(tf, m.shipped.model, digits.images, Math.min(STATS_DIGITS, digits.count));
    if (destroyed) return;
    m.stats = stats;
    card.element.dataset.statsMs = String(Math.round(performance.now() - t0));
    card.element.dataset.statsMax = Array.from(stats.max, (v) => v.toFixed(3)).join(',');
    card.element.dataset.stats = 'ready';
    request();
  };

  /** Work that goes on after the first frame; the host carries data-loading="true" until all of it has settled. */
  const track = (work: Promise<unknown>): void => host.trackBackground(work);

  /** Downloads one model and renders it, then measures its held-out codes; failures stay on its card with a Retry. */
  const attempts = new Map<string, number>();
  let firstFrameDone = false;
  const afterFirstFrame: (() => Promise<void>)[] = [];
  const loadVariant = async (card: VariantCard): Promise<void> => {
    const name = card.variant.name;
    const entry = manifest.models?.[name];
    // Progress from a failed attempt's other downloads must not overwrite its error message.
    const attempt = (attempts.get(name) ?? 0) + 1;
    attempts.set(name, attempt);
    let failed = false;
    // A card showing the shipped frame keeps it while its model downloads; its progress shows only if the reader moves on.
    const quiet = () => card.element.dataset.shipped === 'true';
    const onProgress = (f: number) => {
      fractions.set(name, f);
      if (!failed && attempts.get(name) === attempt && !quiet()) card.progress(`Downloading ${name}…`, f);
    };
    try {
      if (!quiet()) card.progress(`Downloading ${name}…`, 0);
      const shipped = await loadShippedModel(await runtime(), name, { onProgress });
      if (destroyed) return shipped.dispose();
      const m: Ready = { shipped, stats: null };
      ready.set(name, m);
      const metrics = entry?.metrics ?? {};
      card.setModelInfo(Number(entry?.params ?? metrics.params ?? 0), Number(entry?.bytes ?? metrics.bytes ?? 0), metrics.recon ?? null);
      card.element.dataset.stats = 'pending';
      card.progress(null);
      request();
      // Not awaited, and only after the first frame: the conv model's statistics take seconds on the CPU backend.
      const start = () =>
        measure(card, m).catch((err: unknown) => {
          if (destroyed) return;
          card.element.dataset.stats = 'error';
          card.setPushed(null);
          ui.status(`Could not measure ${name}'s held-out codes, so its push is off: ${err instanceof Error ? err.message : String(err)}`);
          console.warn(`[${PREFIX}] ${name} statistics`, err);
        });
      if (firstFrameDone) track(start());
      else afterFirstFrame.push(start);
    } catch (err) {
      failed = true;
      if (destroyed) return;
      card.error(`${name} could not load: ${err instanceof Error ? err.message : String(err)}`, () => track(loadVariant(card)));
      console.warn(`[${PREFIX}] ${name}`, err);
    }
  };

  const cardOf = (name: string) => view.cards.find((c) => c.variant.name === name)!;
  view.cards.forEach((c) => {
    if (!shipped) return c.progress(plan.first.includes(c.variant.name) ? 'Waiting to download…' : 'Loads after the first frame…');
    // The shipped frame: every card shows its model's numbers from the manifest and its shipped result at once.
    const entry = manifest.models?.[c.variant.name];
    const metrics = entry?.metrics ?? {};
    c.setModelInfo(Number(entry?.params ?? metrics.params ?? 0), Number(entry?.bytes ?? metrics.bytes ?? 0), metrics.recon ?? null);
    c.element.dataset.shipped = 'true';
    c.element.dataset.stats = 'pending';
    c.progress(null);
  });
  const firstDigit = firstDigitOf(state.digit, count);
  const heldoutReady = loadHeldoutDigits(shipped ? [] : [firstDigit], (f) => ui.progress('Downloading the held-out digits…', f));
  const teardown = () => {
    destroyed = true;
    ready.forEach((m) => m.shipped.dispose());
    ready.clear();
    view.destroy();
  };
  try {
    heldout = await heldoutReady;
    if (!shipped) {
      ui.progress('Downloading the first models…');
      await Promise.all(plan.first.map((n) => loadVariant(cardOf(n))));
    }
    if (state.digit >= 0 && state.digit < heldout.count) showHeldout(state.digit);
    else showHeldout(variantsSchema.digit.default);
    await render.idle();
    if (!ready.size && !shipped) throw new Error('None of the five autoencoders could load. Check your connection and press Retry.');
    ui.status('Draw over the digit, or pick another; push a code entry to see what it does.');
    firstFrameDone = true;
    // Background work starts once the first frame is marked (setup returns first), so it never competes with it; after a
    // shipped frame, once the browser is idle too.
    const afterMark = shipped ? afterFirstFrameIdle(PREFIX) : new Promise((r) => setTimeout(r, 0));
    track(
      (async () => {
        await afterMark;
        for (const start of afterFirstFrame.splice(0)) if (!destroyed) await start();
      })(),
    );
    // The rest load after the first frame, one after another, so the first frame stays within the byte budget.
    track(
      (async () => {
        await afterMark;
        for (const n of shipped ? [...plan.first, ...plan.later] : plan.later) if (!destroyed) await loadVariant(cardOf(n));
      })(),
    );
  } catch (err) {
    teardown();
    throw err;
  }
  return teardown;
}
