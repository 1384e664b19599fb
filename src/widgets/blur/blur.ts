// The blur widget: for one digit, the decoder's mean at μ(x), Bernoulli pixel samples for that same code, the means of codes
// drawn from q(z|x), and their average, with each image's log-likelihood of the digit and how many of its pixels are grey.
// A closed τ ↔ β panel below runs the same digit through the trained β sweep once the reader opens it.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, type Manifest, type ShippedModel } from '../runtime/shipped-model.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { Rng } from '../../lib/models/rng.ts';
import { averageImage, averagingBlurs, bernoulliLogLik, bernoulliSamples, greyPixels, klToPrior, posteriorCodes } from './blur-math.ts';
import { blurSchema, FIRST_SWEEP_BETA, sweepModel, type BlurModel, type SweepBeta } from './state.ts';
import { buildBlurView, type BlurNumbers } from './view.ts';
import { buildSweepView } from './sweep-view.ts';
import { heldoutNumbers, sweepPriorCodes } from './sweep-math.ts';
import { randomOther } from '../shared/random-other.ts';

const PREFIX = 'blur';
/** How many pixel samples and how many posterior codes each frame draws. */
export const DRAWS = 6;

interface Job {
  key: string;
  x: Float32Array;
  model: BlurModel;
  seed: number;
}

interface SweepJob {
  key: string;
  x: Float32Array;
  beta: SweepBeta;
  seed: number;
}

const ink = (img: Float32Array, offset = 0) => {
  let s = 0;
  for (let j = 0; j < 784; j++) s += img[offset + j]!;
  return s;
};

/** Loads the chosen model and the held-out digit, builds the view, and redraws on every change (latest wins). */
export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(blurSchema, host.urlParams(), PREFIX);
  const models = new Map<string, Promise<ShippedModel>>();
  let destroyed = false;
  const modelFor = (name: string, onProgress?: (f: number) => void): Promise<ShippedModel> => {
    let p = models.get(name);
    if (!p) {
      p = loadShippedModel(rt, name, { onProgress });
      p.catch(() => models.delete(name)); // a later switch retries
      models.set(name, p);
    }
    return p;
  };
  const disposeAll = () =>
    models.forEach((p) =>
      p.then(
        (m) => m.dispose(),
        () => undefined,
      ),
    );

  const msg = `Downloading ${state.model} and the digit…`;
  ui.progress(msg, 0);
  const fractions = [0, 0];
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    ui.progress(msg, (fractions[0]! + fractions[1]!) / 2);
  };
  const first = state.digit >= 0 ? state.digit : blurSchema.digit.default;
  let heldout: Awaited<ReturnType<typeof loadHeldoutDigits>>;
  try {
    [, heldout] = await Promise.all([modelFor(state.model, report(0)), loadHeldoutDigits([first], report(1))]);
  } catch (err) {
    disposeAll();
    throw err;
  }

  let frames = 0;
  let x: Float32Array = new Float32Array(784);
  const runJob = async (job: Job) => {
    if (!job.x.some((v) => v > 0)) {
      view.show(null, null);
      view.caption.set('Draw a digit, or pick a held-out one.');
      host.dataset.rendered = job.key;
      host.dataset.frames = String(++frames);
      return;
    }
    let shipped: ShippedModel;
    try {
      if (!models.has(job.model)) ui.status(`Downloading ${job.model}…`);
      shipped = await modelFor(job.model);
    } catch (err) {
      ui.status(`${job.model} could not load: ${err instanceof Error ? err.message : String(err)}. Pick it again to retry.`);
      return;
    }
    if (destroyed) return;
    const rng = new Rng(`blur-${job.seed}`);
    const enc = await shipped.encode(tf, job.x, 1);
    const mu = enc.mu;
    const logvar = enc.logvar ?? new Float32Array(mu.length);
    const codes = [Array.from(mu), ...posteriorCodes(mu, logvar, DRAWS, rng.fork('codes'))];
    const decoded = await shipped.decode(tf, codes);
    if (destroyed) return;
    const mean = decoded.slice(0, 784);
    const posteriorMeans = decoded.slice(784);
    const samples = bernoulliSamples(mean, DRAWS, rng.fork('pixels'));
    const average = averageImage(posteriorMeans, DRAWS);
    let llPosterior = 0;
    for (let k = 0; k < DRAWS; k++) llPosterior += bernoulliLogLik(job.x, posteriorMeans, k * 784) / DRAWS;
    const sigma = Array.from(logvar).reduce((s, v) => s + Math.exp(0.5 * v), 0) / logvar.length;
    const n: BlurNumbers = {
      llMean: bernoulliLogLik(job.x, mean),
      greyMean: greyPixels(mean),
      inkMean: ink(mean),
      inkSamples: Array.from({ length: DRAWS }, (_, k) => ink(samples, k * 784)),
      llPosterior,
      kl: klToPrior(mu, logvar),
      sigma,
      llAverage: bernoulliLogLik(job.x, average),
      greyAverage: greyPixels(average),
    };
    view.show({ input: job.x, mean, samples, posteriorMeans, average, count: DRAWS }, n);
    view.caption.set(
      averagingBlurs(n.greyAverage, n.greyMean)
        ? `The average of the six means has ${n.greyAverage} grey pixels against ${n.greyMean} for the mean at μ: overlapping posteriors blur it further.`
        : `This time the six means agree closely enough that averaging adds little or no grey (${n.greyAverage} grey pixels against ${n.greyMean} for the mean at μ; the codes' σ ≈ ${n.sigma.toFixed(2)}). Resample to draw six other codes.`,
    );
    host.dataset.llMean = n.llMean.toFixed(4);
    host.dataset.llPosterior = n.llPosterior.toFixed(4);
    host.dataset.llAverage = n.llAverage.toFixed(4);
    host.dataset.greyMean = String(n.greyMean);
    host.dataset.greyAverage = String(n.greyAverage);
    host.dataset.kl = n.kl.toFixed(4);
    host.dataset.mu = Array.from(mu, (v) => v.toFixed(4)).join(',');
    host.dataset.rendered = job.key;
    host.dataset.frames = String(++frames);
  };
  const render = latestWins(runJob);

  // The τ ↔ β panel: one sweep member at a time, for the same digit; nothing of it loads before the first frame.
  let sweepFrames = 0;
  const runSweep = async (job: SweepJob) => {
    if (!job.x.some((v) => v > 0)) {
      sweep.show(null);
      host.dataset.sweepRendered = job.key;
      host.dataset.sweepFrames = String(++sweepFrames);
      return;
    }
    const name = sweepModel(job.beta);
    let shipped: ShippedModel;
    try {
      if (!models.has(name)) ui.status(`Downloading ${name}…`);
      shipped = await modelFor(name);
    } catch (err) {
      if (destroyed) return;
      sweep.error(`${name} could not load: ${err instanceof Error ? err.message : String(err)}`);
      ui.status(`${name} could not load; Retry is under the β choices.`);
      host.dataset.sweepError = name;
      return;
    }
    const manifest = await fetchManifest<Manifest>();
    if (destroyed) return;
    sweep.error(null);
    delete host.dataset.sweepError;
    const enc = await shipped.encode(tf, job.x, 1);
    const decoded = await shipped.decode(tf, [Array.from(enc.mu), ...sweepPriorCodes(job.seed)]);
    if (destroyed) return;
    const mean = decoded.slice(0, 784);
    const llMean = bernoulliLogLik(job.x, mean);
    const kl = klToPrior(enc.mu, enc.logvar ?? new Float32Array(enc.mu.length));
    const greyMean = greyPixels(mean);
    sweep.show({ beta: job.beta, mean, prior: decoded.slice(784), llMean, kl, greyMean, heldout: heldoutNumbers(manifest.models[name]?.metrics) });
    ui.status(`beta-${job.beta} ready: compare its mean and prior draws with the other β.`);
    host.dataset.sweepLlMean = llMean.toFixed(4);
    host.dataset.sweepKl = kl.toFixed(4);
    host.dataset.sweepGreyMean = String(greyMean);
    host.dataset.sweepRendered = job.key;
    host.dataset.sweepFrames = String(++sweepFrames);
  };
  const sweepRender = latestWins(runSweep);
  /** False until the first frame is drawn: the β models wait for it. */
  let sweepAllowed = false;
  let lastBeta: SweepBeta = FIRST_SWEEP_BETA;
  const requestSweep = () => {
    if (!sweepAllowed || state.beta === 'off') return;
    const key = `${state.digit}|${state.beta}|${state.seed}`;
    sweepRender.request({ key, x, beta: state.beta, seed: state.seed });
  };
  const sweep = buildSweepView({
    onToggle(open) {
      if (open === (state.beta !== 'off')) return;
      if (state.beta !== 'off') lastBeta = state.beta;
      state.beta = open ? lastBeta : 'off';
      update();
    },
    onBeta(beta) {
      state.beta = beta;
      update();
    },
    onRetry() {
      sweep.error(null);
      requestSweep();
    },
  });

  const update = () => {
    syncStateToUrl(blurSchema, state, PREFIX);
    view.setControls(state.model, state.seed);
    sweep.setControls(state.beta);
    host.dataset.model = state.model;
    host.dataset.seed = String(state.seed);
    host.dataset.digit = String(state.digit);
    host.dataset.beta = state.beta;
    const key = `${state.digit}|${state.model}|${state.seed}`;
    render.request({ key, x, model: state.model, seed: state.seed });
    requestSweep();
  };
  const showHeldout = (i: number): void => {
    if (loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
    state.digit = i;
    x = heldout.image(i).slice();
    view.pad.showDigit(x);
    view.heldoutIndex.value = String(i);
    view.heldoutNote.textContent = `Held-out digit #${i}, labelled ${heldout.labels[i]}. Draw over it, or clear it and draw your own.`;
    host.dataset.source = 'heldout';
    update();
  };

  const view = buildBlurView(ui.root, heldout.count, {
    onModel(model) {
      state.model = model;
      update();
    },
    onResample() {
      state.seed = (state.seed + 1) % 1_000_000;
      update();
    },
    onStroke() {
      x = preprocessDrawing(view.pad.ink(), 280, 280);
      if (state.digit !== -1) view.heldoutNote.textContent = 'Your drawing (a drawing is not saved in the link).';
      state.digit = -1;
      host.dataset.source = 'drawing';
      update();
    },
    onClear() {
      view.pad.clear();
      x = new Float32Array(784);
      state.digit = -1;
      view.heldoutNote.textContent = '';
      host.dataset.source = 'drawing';
      update();
    },
    onRandom: () => showHeldout(randomOther(0, heldout.count, state.digit)),
    onPick: showHeldout,
  });
  view.grid.append(sweep.element);
  const teardown = () => {
    destroyed = true;
    disposeAll();
    sweep.destroy();
    view.destroy();
  };
  try {
    if (state.digit >= 0 && state.digit < heldout.count) showHeldout(state.digit);
    else {
      host.dataset.source = 'drawing';
      update();
    }
    await render.idle();
    sweepAllowed = true;
    requestSweep();
    ui.status('Resample (R), switch the model, or pick another digit; the model runs in your browser.');
  } catch (err) {
    teardown();
    throw err;
  }
  return teardown;
}
