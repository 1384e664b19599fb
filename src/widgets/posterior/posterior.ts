// The posterior inspector: for a held-out or drawn digit, the true posterior of vae-2d on a grid (log p(x) by
// log-sum-exp quadrature) beside the encoder's q(z|x), and the ELBO and IWAE-K bounds from seeded samples. The digits the book
// opens it on come with their first frame computed (frames-asset.ts, by the widget's own frame.ts, checked by a unit test), so
// that frame needs no model, no WASM and no grid; vae-2d and the fast backend follow it, for every other digit and seed.
import { fastBackend, type TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, type ShippedModel } from '../runtime/shipped-model.ts';
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { domainFor, encodeAll, heldoutMuAsset } from '../shared/codes.ts';
import { preprocessDrawing } from '../shared/preprocess.ts';
import { posteriorSchema } from './state.ts';
import type { Bounds, QParams } from './posterior-model.ts';
import { cellProbabilities, gridLogIntegral, gridMoments, hdrLevels, K_VALUES, type Grid } from './grid-math.ts';
import { COARSE_N, computeBounds, computeGridFrame, type GridFrame } from './frame.ts';
import { loadShippedFrame } from './shipped-frames.ts';
import type { ShippedFrame } from './frames-asset.ts';
import { buildPosteriorView, type Example } from './view.ts';
import { loadingFirst } from '../shared/heldout-first.ts';
import { emitQuantity, signedFixed } from '../shared/quantities.ts';
import { randomOther } from '../shared/random-other.ts';

const MODEL = 'vae-2d';
export { COARSE_N, FINE_N, SAMPLES } from './frame.ts';
/** Decoder calls per step: small on the CPU backend, whose steps block the page, so that clicks stay responsive. */
const chunkFor = (backend: string) => (backend === 'cpu' ? 256 : 1024);
/** Masses of a 2-D Gaussian inside its 1σ and 2σ ellipses: 1 − e^(−1/2), 1 − e^(−2). */
const HDR_MASSES = [1 - Math.exp(-0.5), 1 - Math.exp(-2)];

/** Held-out digits worth a look, from a scan of the held-out set with this model (gap = log p(x) − ELBO, in nats).
 *  The labels name only the digit, so that the reader predicts before the heat map answers. */
const EXAMPLES: Example[] = [
  { digit: 70, label: 'a clear 1' }, // q fits (gap ≈ 0.1)
  { digit: 448, label: 'a clear 2' }, // q fits (gap ≈ 0.1)
  { digit: 150, label: 'a 0' }, // q a little narrow (gap ≈ 1)
  { digit: 0, label: 'a 7' }, // q off-centre (gap ≈ 15)
  { digit: 1575, label: 'an 8' }, // a wide posterior (gap ≈ 14)
  { digit: 1834, label: 'a 2 that can be read two ways' }, // two islands, q between (gap ≈ 58)
  { digit: 847, label: 'a 9' }, // q misses the mass (gap ≈ 150)
];

interface Job {
  x: Float32Array;
  /** Held-out index, or −1 for a drawing. */
  digit: number;
  /** Identifies the image, so that a change of K or seed reuses its grid. */
  key: string;
}

interface GridResult {
  key: string;
  q: QParams;
  grid: Grid;
  logPx: number;
  prob: Float32Array;
}

class Stale extends Error {}
/** A job that could not run because vae-2d did not download (the caption says so, with a Retry). */
class Unavailable extends Error {}
const fmt = signedFixed;
const pair = (z: readonly number[], d = 2) => `(${fmt(z[0]!, d)}, ${fmt(z[1]!, d)})`;

export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(posteriorSchema, host.urlParams(), 'posterior');
  const sync = () => syncStateToUrl(posteriorSchema, state, 'posterior');
  let destroyed = false;
  /** vae-2d on the fast backend (WASM or WebGL: a grid and 2,000 samples are heavy work, slow on the CPU a page starts on). */
  let loaded: { shipped: ShippedModel; chunk: number } | null = null;
  let loading: Promise<{ shipped: ShippedModel; chunk: number }> | null = null;
  const modelReady = (onProgress?: (f: number) => void) =>
    (loading ??= (async () => {
      const [shipped] = await Promise.all([loadShippedModel(rt, MODEL, { onProgress }), fastBackend()]);
      if (destroyed) {
        shipped.dispose();
        throw new Stale();
      }
      loaded = { shipped, chunk: chunkFor(rt.backend) };
      host.dataset.model = 'ready';
      return loaded;
    })().catch((err: unknown) => {
      loading = null; // a later job tries again
      throw err;
    }));
  const disposers: (() => void)[] = [
    () => {
      destroyed = true;
      loaded?.shipped.dispose();
    },
  ];
  const fr = [0, 0];
  const heldoutFirst = loadHeldoutDigits([state.digit], (f) => ((fr[1] = f), ui.progress('Downloading the held-out digit…', f)));
  heldoutFirst.catch(() => undefined); // awaited below; handled now, so a failure while the frame downloads is not "uncaught"
  void heldoutMuAsset(MODEL).catch(() => undefined); // fetched alongside; awaited below
  const first = await loadShippedFrame(MODEL, state.digit, state.seed).catch(async (err: unknown) => {
    await heldoutFirst.catch(() => undefined);
    throw err;
  });
  const shippedFrames = new Map<number, ShippedFrame>(first ? [[state.digit, first]] : []);
  let heldout: Awaited<typeof heldoutFirst>;
  try {
    if (first) heldout = await heldoutFirst;
    else {
      // No shipped frame for this digit and seed: the model and the fast backend come before the first frame.
      const msg = 'Downloading vae-2d and the held-out digits…';
      const report = () => ui.progress(msg, (fr[0]! + fr[1]!) / 2);
      [heldout] = await Promise.all([heldoutFirst, modelReady((f) => ((fr[0] = f), report()))]);
    }
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
  try {
    const mu = (await heldoutMuAsset(MODEL)) ?? (await encodeAll(rt, (await modelReady()).shipped, heldout)).mu;
    const half = domainFor(mu);

    let gen = 0;
    let frames = 0;
    let current: GridResult | null = null;
    let currentBounds: { key: string; seed: number; b: Bounds } | null = null;
    let currentJob: Job | null = null;

    /** Yields to the page between chunks, and abandons the work when a newer request has arrived. */
    const checkpoint = (mine: number) => async () => {
      await new Promise((r) => setTimeout(r, 0));
      if (mine !== gen) throw new Stale();
    };

    const showK = () => {
      const k = Number(state.k);
      view.setK(k);
      if (!current || !currentBounds) return;
      const b = currentBounds.b;
      const ki = K_VALUES.indexOf(k as (typeof K_VALUES)[number]);
      const iw = b.iwae[ki]!;
      view.bounds.draw({ ks: K_VALUES, iwae: b.iwae, elbo: b.elbo, logPx: current.logPx, k });
      view.heat.setSamples(b.z, k);
      view.numbers.iwae.textContent = `${fmt(iw)} nats (K = ${k})`;
      host.dataset.k = String(k);
    };

    /** vae-2d for a job that needs it; when it cannot download, the caption says so and offers a Retry. */
    const need = async (job: Job) => {
      if (loaded) return loaded;
      view.caption.set('Downloading vae-2d to compute this posterior…');
      try {
        return await modelReady();
      } catch (err) {
        if (err instanceof Stale || destroyed) throw new Stale();
        console.warn('[posterior] vae-2d', err);
        view.caption.set(`This posterior could not be computed: ${err instanceof Error ? err.message : String(err)}`);
        view.setRetry(() => request(job));
        host.dataset.model = 'error';
        throw new Unavailable();
      }
    };

    const runJob = async (job: Job) => {
      const mine = gen;
      const between = checkpoint(mine);
      view.setBusy(true);
      try {
        const ship = job.digit >= 0 ? shippedFrames.get(job.digit) : undefined;
        if (!current || current.key !== job.key) {
          let frame: GridFrame;
          if (ship) frame = ship;
          else {
            const m = await need(job);
            frame = await computeGridFrame(tf, m.shipped.model, job.x, half, m.chunk, between);
          }
          const { q, grid, logJoint: lf } = frame;
          const prob = cellProbabilities(lf);
          current = { key: job.key, q, grid, logPx: gridLogIntegral(lf, grid), prob };
          currentBounds = null;
          view.heat.draw({ grid, prob, levels: hdrLevels(prob, HDR_MASSES), q });
          view.map.setMarker(q.mu, q.sigma);
          drawWindow(grid);
          describe(job, grid, prob, q);
          host.dataset.logpx = current.logPx.toFixed(3);
          host.dataset.q = [...q.mu, ...q.sigma].map((v) => v.toFixed(4)).join(',');
          host.dataset.window = [grid.x0, grid.y0, grid.step * grid.n].map((v) => v.toFixed(3)).join(',');
          host.dataset.digit = String(job.digit);
          view.numbers.logpx.textContent = `${fmt(current.logPx)} nats`;
          const who = job.digit >= 0 ? `#${job.digit}` : 'your drawing';
          emitQuantity(host, { widget: 'posterior', name: 'digit', value: job.digit, text: who });
          emitQuantity(host, { widget: 'posterior', name: 'logpx', value: current.logPx, text: fmt(current.logPx) });
        }
        if (!currentBounds || currentBounds.key !== job.key || currentBounds.seed !== state.seed) {
          let b: Bounds;
          if (ship && ship.seed === state.seed) b = ship.bounds;
          else {
            const m = await need(job);
            b = await computeBounds(tf, m.shipped.model, job.x, current.q, state.seed, m.chunk, between);
          }
          currentBounds = { key: job.key, seed: state.seed, b };
          const gap = current.logPx - b.elbo;
          view.numbers.elbo.textContent = `${fmt(b.elbo)} ± ${b.elboSe.toFixed(2)} nats`;
          view.numbers.gap.textContent = `${fmt(gap)} nats`;
          view.numbers.recon.textContent = `${fmt(b.recon)} nats`;
          view.numbers.kl.textContent = `${fmt(b.klPrior)} nats`;
          emitQuantity(host, { widget: 'posterior', name: 'elbo', value: b.elbo, text: fmt(b.elbo) });
          emitQuantity(host, { widget: 'posterior', name: 'gap', value: gap, text: fmt(gap) });
          host.dataset.elbo = b.elbo.toFixed(3);
          host.dataset.iwae = b.iwae.map((v) => v.toFixed(3)).join(',');
          host.dataset.seed = String(state.seed);
        }
        showK();
        view.setRetry(null);
        host.dataset.frames = String(++frames);
        view.setBusy(false);
      } catch (err) {
        if (err instanceof Unavailable) view.setBusy(false);
        else if (!(err instanceof Stale)) {
          view.setBusy(false);
          throw err;
        }
      }
    };
    const render = latestWins(runJob);
    const request = (job: Job) => {
      gen++;
      currentJob = job;
      render.request(job);
    };

    const drawWindow = (g: Grid) => {
      const svg = view.map.svg;
      svg.querySelector('.post__window')?.remove();
      const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      const w = g.step * g.n;
      r.setAttribute('class', 'post__window');
      r.setAttribute('x', String(view.map.x(g.x0)));
      r.setAttribute('y', String(view.map.y(g.y0 + w)));
      r.setAttribute('width', String(Math.max(3, view.map.x(g.x0 + w) - view.map.x(g.x0))));
      r.setAttribute('height', String(Math.max(3, view.map.y(g.y0) - view.map.y(g.y0 + w))));
      svg.append(r);
    };

    const describe = (job: Job, g: Grid, prob: Float32Array, q: QParams) => {
      const m = gridMoments(prob, g);
      const who = job.digit >= 0 ? `Held-out digit #${job.digit} (labelled ${heldout.labels[job.digit]})` : 'Your drawing';
      view.caption.set(
        `${who}: the true posterior has mean ${pair(m.mean)} and spread ${pair(m.sd, 3)}; ` +
          `the encoder’s q(z|x) has mean ${pair(q.mu)} and σ ${pair(q.sigma, 3)}.`,
      );
      const w = g.step * g.n;
      view.gridNote.textContent =
        `Grid: ${g.n} × ${g.n} cells over z₁ ∈ [${fmt(g.x0)}, ${fmt(g.x0 + w)}], z₂ ∈ [${fmt(g.y0)}, ${fmt(g.y0 + w)}] ` +
        `(cell side ${g.step.toFixed(3)}). The window adapts to each digit: it holds q’s ±4σ box and every cell within 12 nats of the best one in ` +
        `two ${COARSE_N} × ${COARSE_N} passes, one over the whole map and one zoomed in. log p(x) is the log-sum-exp over cells of ` +
        `log p(x|z) + log p(z) + log(cell area).`;
    };

    const showHeldout = (i: number): void => {
      if (loadingFirst(heldout, i, showHeldout, (m) => ui.status(m))) return;
      state.digit = i;
      sync();
      const x = heldout.image(i).slice();
      view.pad.showDigit(x);
      view.index.value = String(i);
      view.digitNote.textContent = `Held-out digit #${i}, labelled ${heldout.labels[i]}. Draw over it, or clear it and draw your own.`;
      request({ x, digit: i, key: `heldout-${i}` });
    };
    let drawings = 0;
    const view = buildPosteriorView(
      ui.root,
      heldout.count,
      EXAMPLES,
      { k: Number(state.k), q: state.q, bounds: state.bounds, log: state.log },
      {
        onStrokeEnd() {
          const x = preprocessDrawing(view.pad.ink(), 196, 196);
          if (!x.some((v) => v > 0)) return;
          view.digitNote.textContent = 'Your drawing, preprocessed like MNIST (centred in 28 × 28).';
          request({ x, digit: -1, key: `drawing-${++drawings}` });
        },
        onClear() {
          view.pad.clear();
          view.digitNote.textContent = 'Draw a digit on the pad; the posterior is computed when you lift the pen.';
        },
        onPick: showHeldout,
        onRandom: () => showHeldout(randomOther(0, heldout.count, state.digit)),
        onK(k) {
          state.k = String(k) as typeof state.k;
          sync();
          showK();
        },
        onResample() {
          state.seed = (state.seed + 1) % 10000;
          sync();
          if (currentJob) request(currentJob);
        },
        onToggle(key, on) {
          state[key] = on;
          sync();
          view.heat.setOptions({ showQ: state.q, log: state.log });
          view.boundsPanel.hidden = !state.bounds;
          host.dataset.show = `${Number(state.q)}${Number(state.bounds)}${Number(state.log)}`;
        },
      },
    );
    disposers.push(() => view.destroy());
    view.heat.setOptions({ showQ: state.q, log: state.log });
    view.map.setDomain(half);
    view.map.setPoints(mu, heldout.labels);
    host.dataset.show = `${Number(state.q)}${Number(state.bounds)}${Number(state.log)}`;
    if (!first) ui.progress('Computing the posterior on a grid…');
    host.dataset.firstFrame = first ? 'shipped' : 'computed';
    showHeldout(state.digit);
    await render.idle();
    ui.status('Pick a held-out digit or draw one; the grid and the bounds recompute for each digit.');
    if (!loaded) {
      // vae-2d and the fast backend come after the first frame, ready for the reader's next digit.
      host.dataset.model = 'loading';
      host.trackBackground(
        afterFirstFrame('posterior')
          .then(() => modelReady())
          .catch((err: unknown) => {
            if (destroyed || err instanceof Stale) return;
            host.dataset.model = 'error';
            console.warn('[posterior] vae-2d', err);
          }),
      );
    }
    return () => {
      gen++;
      disposers.forEach((d) => d());
    };
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
