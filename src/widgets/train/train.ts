// The training playground: a 2-D VAE trained in the page, step by step, with its map, curves and prior grid kept live.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { loadTrainDigits } from './train-digits.ts';
import { drawDigitGrid } from '../shared/digit-image.ts';
import { domainFor } from '../shared/codes.ts';
import { gridCoords } from '../shared/normal.ts';
import { fmt, setOut } from '../shared/controls.ts';
import { warmupFactor } from '../../lib/models/train.ts';
import { LossHistory, RateMeter, smooth } from './history.ts';
import { klWeight, MAX_STEPS, scheduleFromLink, storedSchedule, trainSchema, withBetaChange, type BetaSchedule } from './state.ts';
import { TrainRun, TRAIN_COUNT, type Snapshot } from './trainer.ts';
import { buildTrainView } from './view.ts';

const GRID_N = 8;
/** Longest a chunk of steps may hold the main thread (CPU and WASM compute there). */
const CHUNK_BUDGET_MS = 35;
/** Steps per chunk while replaying a linked run. */
const REPLAY_CHUNK = 50;
const SMOOTH_STEPS = 50;
/** The moving average drawn through the curves: short early on (so it does not lag), longer as the run grows. */
const curveWindow = (steps: number) => Math.max(5, Math.min(100, Math.round(steps / 15)));

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export async function setup(_rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(trainSchema, host.urlParams(), 'train');
  const link = scheduleFromLink(state.bh, state.beta, state.steps);
  let schedule: BetaSchedule = link.schedule;
  state.beta = link.beta;
  state.bh = storedSchedule(schedule);
  const linkedSteps = state.steps;
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const snapEveryMs = reducedMotion ? 1500 : 250;

  // The kept-aside digits now; those it trains on after the first frame (Play waits for them if it comes first).
  const digits = await loadTrainDigits('train', (f) => ui.progress('Downloading the digits…', f));
  const heldout = digits.heldout;
  const zs: number[][] = [];
  const c = gridCoords(GRID_N);
  for (let row = 0; row < GRID_N; row++) for (let col = 0; col < GRID_N; col++) zs.push([c[col]!, c[GRID_N - 1 - row]!]);
  const evalLabels = heldout.labels.subarray(TRAIN_COUNT);

  const newRun = () =>
    new TrainRun(
      heldout.images,
      { seed: state.seed, lr: Number(state.lr), hidden: Number(state.hidden), warmup: state.warmup, schedule },
      digits.outputBias,
    );
  let run = newRun();
  const history = new LossHistory();
  const meter = new RateMeter();
  let target = 0;
  let loop: Promise<void> | null = null;
  let lastSnap = -Infinity;
  let lastSync = -Infinity;
  let ellipses = true;
  let half = 4;
  let replaying = false;
  let destroyed = false;

  const sync = () => {
    state.steps = run.step;
    state.bh = storedSchedule(schedule);
    syncStateToUrl(trainSchema, state, 'train');
    lastSync = performance.now();
  };

  const view = buildTrainView(
    ui.root,
    {
      beta: state.beta,
      spf: state.spf,
      lr: state.lr,
      hidden: state.hidden,
      seed: state.seed,
      warmup: state.warmup,
      trainCount: TRAIN_COUNT,
      evalCount: run.evalCount,
      gridN: GRID_N,
    },
    {
      onPlay() {
        if (target > run.step) return pause('Paused.');
        target = MAX_STEPS;
        replaying = false;
        ui.status('Training…');
        kick();
      },
      onStep() {
        if (target > run.step) return;
        target = Math.min(MAX_STEPS, run.step + state.spf);
        kick();
      },
      onReset: () => void restart('Reset: a fresh model, the same seed.'),
      onBeta(beta) {
        state.beta = beta;
        schedule = withBetaChange(schedule, run.step, beta);
        run.setSchedule(schedule);
        showWeight();
        sync();
      },
      onSpf(n) {
        state.spf = n;
        sync();
      },
      onLr(lr) {
        state.lr = lr as typeof state.lr;
        void restart(`Learning rate ${lr}: training starts again from step 0.`);
      },
      onHidden(hdn) {
        state.hidden = hdn as typeof state.hidden;
        void restart(`${hdn} hidden units per layer: training starts again from step 0.`);
      },
      onSeed(seed) {
        state.seed = seed;
        void restart(`Seed ${seed}: training starts again from step 0.`);
      },
      onWarmup(on) {
        state.warmup = on;
        void restart(`KL warm-up ${on ? 'on' : 'off'}: training starts again from step 0.`);
      },
      onEllipses(on) {
        ellipses = on;
        view.map.showEllipses(on);
      },
    },
  );

  const showWeight = () => {
    const w = klWeight(schedule, run.step, state.warmup, warmupFactor);
    const b = klWeight(schedule, run.step, false, warmupFactor);
    setOut(view.out.weight, w, w === b ? fmt(w, 2) : `${fmt(w, 2)} (warm-up: ${fmt(w / b, 2)} × β)`);
  };

  const showNumbers = () => {
    setOut(view.out.step, run.step, run.step.toLocaleString('en-US'));
    const r = meter.rate();
    setOut(view.out.rate, r ?? 0, r === null ? '—' : fmt(r, 1));
    const pts = history.points();
    const last = smooth(pts, SMOOTH_STEPS).at(-1);
    if (last) {
      setOut(view.out.recon, last.recon, fmt(last.recon, 1));
      setOut(view.out.kl, last.kl, fmt(last.kl, 2));
      setOut(view.out.elbo, last.recon + last.kl, fmt(last.recon + last.kl, 1));
    }
    showWeight();
    host.dataset.step = String(run.step);
  };

  const drawPlots = () => {
    const raw = history.points();
    const data = { raw, smooth: smooth(raw, curveWindow(run.step)), betaChanges: schedule.slice(1).map(([s]) => s) };
    view.curves.draw(data);
    view.rd.draw(data);
  };

  const showSnapshot = (s: Snapshot) => {
    const want = domainFor(s.mu, 3.5);
    if (want > half || want < half - 1.5) {
      half = want;
      view.map.setDomain(half);
    }
    view.map.setPoints(s.mu, evalLabels, s.logvar);
    view.map.showEllipses(ellipses);
    drawDigitGrid(view.grid, s.grid, GRID_N * GRID_N, GRID_N);
    setOut(view.out.evalStep, s.step, s.step.toLocaleString('en-US'));
    setOut(view.out.evalRecon, s.recon, fmt(s.recon, 1));
    setOut(view.out.evalKl, s.kl, fmt(s.kl, 2));
    setOut(view.out.evalElbo, s.recon + s.kl, fmt(s.recon + s.kl, 1));
    host.dataset.evalStep = String(s.step);
    host.dataset.evalElbo = String(s.recon + s.kl);
  };

  let snapCost = 0;
  const snap = async () => {
    const r = run;
    const t0 = performance.now();
    const s = await r.snapshot(zs);
    if (r === run && !destroyed) showSnapshot(s);
    lastSnap = performance.now();
    snapCost = lastSnap - t0;
  };
  /** Snapshots (encoding the kept-aside digits, decoding the grid, redrawing the map) take at most about a quarter of the time. */
  const snapDue = () => performance.now() - lastSnap > Math.max(replaying ? 4 * snapEveryMs : snapEveryMs, 3 * snapCost);

  const setPlaying = (on: boolean) => {
    view.play.textContent = on ? 'Pause' : 'Play';
    view.step.disabled = on;
    host.dataset.playing = String(on);
  };

  /** Runs chunks of steps until the target is reached or the run is replaced; one loop at a time. */
  const drive = async () => {
    setPlaying(true);
    if (!digits.trainingLoaded()) {
      ui.progress(`Downloading the ${TRAIN_COUNT.toLocaleString('en-US')} digits it trains on…`, 0);
      try {
        await digits.loadTraining((f) => ui.progress(`Downloading the ${TRAIN_COUNT.toLocaleString('en-US')} digits it trains on…`, f));
      } catch (err) {
        target = run.step;
        setPlaying(false);
        throw err;
      }
      if (!replaying) ui.status('Training…');
    }
    meter.reset();
    meter.add(performance.now(), run.step);
    while (run.step < target && !destroyed) {
      const r = run;
      const n = Math.min(replaying ? REPLAY_CHUNK : state.spf, target - r.step);
      const stats = await r.steps(n, CHUNK_BUDGET_MS);
      if (r !== run || destroyed) break;
      for (const s of stats) history.push(s.recon, s.kl);
      const record = stats[stats.length - 1];
      if (record) host.dataset.loss = String(record.recon + record.kl);
      meter.add(performance.now(), r.step);
      if (!replaying || run.step >= target) {
        showNumbers();
        drawPlots();
      } else {
        ui.progress(`Replaying the linked run: step ${run.step.toLocaleString('en-US')} of ${target.toLocaleString('en-US')}…`, run.step / target);
        setOut(view.out.step, run.step, run.step.toLocaleString('en-US'));
      }
      if (snapDue()) await snap();
      if (performance.now() - lastSync > 1000) sync();
      await nextFrame();
    }
    if (destroyed) return;
    showNumbers();
    drawPlots();
    await snap();
    sync();
    setPlaying(false);
    if (replaying && run.step === linkedSteps) {
      ui.progress(
        `Replayed the linked run to step ${run.step.toLocaleString('en-US')}: the same seed and settings give the same numbers (on the same backend). Press Play to go on.`,
      );
    }
    replaying = false;
  };
  const kick = () => {
    loop ??= drive()
      .catch((err: unknown) => {
        ui.status(`Training stopped: ${err instanceof Error ? err.message : String(err)}. Press Reset to start again.`);
        console.error('[train]', err);
      })
      .finally(() => {
        loop = null;
        if (run.step < target && !destroyed) kick();
      });
  };
  const pause = (message: string) => {
    target = run.step;
    ui.status(message);
  };
  /** Stops, throws the model away and builds a fresh one with the current settings. */
  const restart = async (message: string) => {
    target = 0;
    replaying = false;
    await loop;
    run.dispose();
    schedule = [[0, state.beta]];
    run = newRun();
    history.clear();
    meter.reset();
    half = 4;
    view.map.setDomain(half);
    showNumbers();
    drawPlots();
    await snap();
    sync();
    ui.status(message);
  };

  try {
    setPlaying(false);
    showNumbers();
    drawPlots();
    await snap();
  } catch (err) {
    run.dispose();
    view.destroy();
    throw err;
  }
  if (linkedSteps > 0) {
    replaying = true;
    target = linkedSteps;
    ui.progress(`Replaying the linked run to step ${linkedSteps.toLocaleString('en-US')}…`, 0);
    kick();
  } else {
    ui.status(`Press Play to train. Training starts only when you ask${reducedMotion ? '; the map updates every 1.5 s (reduced motion)' : ''}.`);
  }
  return () => {
    destroyed = true;
    target = 0;
    void (loop ?? Promise.resolve()).finally(() => run.dispose());
    view.destroy();
  };
}
