// The KL sandbox: two Gaussians and both KL divergences (closed form and Monte Carlo), or a Gaussian fitted live to
// a two-bump target by gradient descent on the forward or the reverse KL. Plain JavaScript math; no TensorFlow.js.
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl, type StateOf } from '../runtime/url-state.ts';
import { fit, fitStep, klGauss, mcKl, mixtureKls, mixtureMoments, S_MAX, S_MIN, type Gauss, type Mixture } from './kl-math.ts';
import { klSchema, N_MAX, N_MIN } from './state.ts';
import { el, fmt, radioGroup, rangeRow, setOut } from '../shared/controls.ts';
import { createPlot, type PlotModel } from './plot.ts';
import { mixtureFitModel, twoGaussiansModel } from './plot-models.ts';
import { sampleControls } from '../shared/sample-controls.ts';

type State = StateOf<typeof klSchema>;
const PREFIX = 'kl-sandbox';
const STEPS_PER_FRAME = 2;
const TOL = 1e-6;

/** A readout line: a term, then an <output>. */
function readout(dl: HTMLElement, term: string, key: string): HTMLOutputElement {
  const dt = el('dt', undefined, term);
  const dd = el('dd');
  const out = el('output');
  out.dataset.out = key;
  dd.append(out);
  dl.append(dt, dd);
  return out;
}

export async function setup(_rt: unknown, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const st: State = readState(klSchema, host.urlParams(), PREFIX);
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)');
  const save = () => syncStateToUrl(klSchema, st, PREFIX);

  // Fit mode's running state (not in the URL): the current q and the steps taken.
  let cur: Gauss = { m: st.qm, s: st.qs };
  let steps = 0;
  let playing = false;
  let raf = 0;
  let frame = 0;

  const wrap = el('div', 'kls');
  const modeGroup = radioGroup(
    'What to explore',
    'kls-mode',
    [
      { value: 'gauss', label: 'Two Gaussians' },
      { value: 'fit', label: 'Fit q to a two-bump p' },
    ] as const,
    st.mode,
    (v) => {
      st.mode = v;
      pause();
      save();
      update();
    },
  );
  modeGroup.fieldset.classList.add('kls__modes');
  const plotBox = el('div', 'kls__plot');
  const legend = el('ul', 'kls__legend');
  legend.setAttribute('aria-label', 'Legend');
  const legendItem = (cls: string, text: string) => {
    const li = el('li');
    const sw = el('span', `kls__swatch kls__swatch--${cls}`);
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, document.createTextNode(text));
    legend.append(li);
    return li;
  };
  legendItem('q', 'q, solid');
  const legendP = legendItem('p', 'p, dashed');
  legendItem('pos', 'integrand above 0, filled');
  legendItem('neg', 'integrand below 0, hatched');
  const hint = el(
    'p',
    'kls__hint widget__explain',
    'Drag the round handles under the axis, or focus one and use the arrow keys (Shift for big steps).',
  );

  /** A slider with a number field for a Gaussian's width, between S_MIN and S_MAX. */
  const widthRow = (label: string, key: string, value: number, onInput: (v: number) => void) =>
    rangeRow({ label, key, min: S_MIN, max: S_MAX, step: 0.01, decimals: 2, value, onInput });

  // Panel 1: two Gaussians.
  const gauss = el('div', 'kls__panel');
  const gaussControls = el('div', 'kls__controls');
  const qsRow = widthRow('Width of q (s₁)', 'qs', st.qs, (v) => setQs(v));
  const psRow = widthRow('Width of p (s₂)', 'ps', st.ps, (v) => {
    st.ps = v;
    save();
    update();
  });
  const samples = sampleControls(st, {
    label: 'Monte Carlo samples (S)',
    symbol: 'S',
    min: N_MIN,
    max: N_MAX,
    cls: 'kls',
    onChange: () => {
      save();
      update();
    },
  });
  gaussControls.append(qsRow.row, psRow.row, samples.nRow.row, samples.line);
  const gaussOut = el('dl', 'kls__readouts');
  const outQp = readout(gaussOut, 'KL(q‖p), closed form', 'klqp');
  const outPq = readout(gaussOut, 'KL(p‖q), closed form', 'klpq');
  const outMc = readout(gaussOut, 'KL(q‖p), Monte Carlo', 'mc');
  const outSe = readout(gaussOut, 'its standard error', 'mcse');
  gauss.append(gaussControls, gaussOut);

  // Panel 2: fit q to a mixture.
  const fitPanel = el('div', 'kls__panel');
  const dirGroup = radioGroup(
    'Minimise',
    'kls-dir',
    [
      { value: 'reverse', label: 'reverse KL(q‖p)' },
      { value: 'forward', label: 'forward KL(p‖q)' },
    ] as const,
    st.dir,
    (v) => {
      st.dir = v;
      save();
      update();
    },
  );
  const buttons = el('div', 'kls__buttons');
  const mk = (text: string, key: string) => {
    const b = el('button', undefined, text);
    b.type = 'button';
    b.dataset.control = key;
    buttons.append(b);
    return b;
  };
  const playBtn = mk('Play', 'play');
  const stepBtn = mk('Step', 'step');
  const resetBtn = mk('Reset', 'reset');
  playBtn.setAttribute('aria-pressed', 'false');
  const fitControls = el('div', 'kls__controls');
  const wRow = rangeRow({
    label: 'Weight of bump 1 (w)',
    key: 'w',
    min: 0.05,
    max: 0.95,
    step: 0.01,
    decimals: 2,
    value: st.w,
    onInput: (v) => setTarget(() => (st.w = v)),
  });
  const asRow = widthRow('Width of bump 1', 'as', st.as, (v) => setTarget(() => (st.as = v)));
  const bsRow = widthRow('Width of bump 2', 'bs', st.bs, (v) => setTarget(() => (st.bs = v)));
  const qs2Row = widthRow('Starting width of q', 'qs-fit', st.qs, (v) => setQs(v));
  fitControls.append(dirGroup.fieldset, buttons, qs2Row.row, wRow.row, asRow.row, bsRow.row);
  const fitOut = el('dl', 'kls__readouts');
  const outSteps = readout(fitOut, 'gradient steps', 'steps');
  const outFm = readout(fitOut, 'mean of q', 'fitm');
  const outFs = readout(fitOut, 'width of q', 'fits');
  const outRev = readout(fitOut, 'KL(q‖p), reverse', 'rev');
  const outFwd = readout(fitOut, 'KL(p‖q), forward', 'fwd');
  const outMoments = readout(fitOut, 'p’s mean and width', 'moments');
  const fitNote = el(
    'p',
    'kls__note widget__explain',
    'Each step moves q’s mean and log-width down the exact gradient (forward: closed form; reverse: the reparameterized gradient, integrated numerically), scaled by the inverse of q’s Fisher information (a natural-gradient step). The KLs against the mixture are integrals on a fine grid (trapezoid rule, 4,001 points).',
  );
  fitPanel.append(fitControls, fitOut, fitNote);

  wrap.append(modeGroup.fieldset, hint, plotBox, legend, gauss, fitPanel);
  ui.root.append(wrap);

  const mixture = (): Mixture => ({ a: { m: st.am, s: st.as }, b: { m: st.bm, s: st.bs }, w: st.w });

  function setQs(v: number): void {
    st.qs = v;
    qsRow.set(v);
    qs2Row.set(v);
    restartFit();
    save();
    update();
  }
  function setTarget(change: () => void): void {
    change();
    save();
    update();
  }
  function restartFit(): void {
    pause();
    cur = { m: st.qm, s: st.qs };
    steps = 0;
  }

  const plot = createPlot(plotBox, 'Densities of q and p with draggable means, and the KL integrand', (key, v) => {
    if (key === 'qm') {
      st.qm = v;
      restartFit();
    } else if (key === 'pm') st.pm = v;
    else if (key === 'am') st.am = v;
    else if (key === 'bm') st.bm = v;
    save();
    update();
  });

  function update(): void {
    const isFit = st.mode === 'fit';
    gauss.hidden = isFit;
    fitPanel.hidden = !isFit;
    legendP.lastChild!.textContent = isFit ? 'p, the two-bump target, dashed' : 'p, dashed';
    host.dataset.mode = st.mode;
    let model: PlotModel;
    if (!isFit) {
      const q = { m: st.qm, s: st.qs };
      const p = { m: st.pm, s: st.ps };
      const klqp = klGauss(q, p);
      const mc = mcKl(q, p, st.n, st.seed);
      setOut(outQp, klqp);
      setOut(outPq, klGauss(p, q));
      setOut(outMc, mc.mean);
      setOut(outSe, mc.se, `± ${fmt(mc.se)}`);
      samples.showSeed();
      model = twoGaussiansModel(q, p, klqp, mc.samples);
    } else {
      const p = mixture();
      const q = cur;
      const kls = mixtureKls(q, p);
      const mo = mixtureMoments(p);
      setOut(outSteps, steps, String(steps));
      setOut(outFm, q.m);
      setOut(outFs, q.s);
      setOut(outRev, kls.reverse);
      setOut(outFwd, kls.forward);
      outMoments.textContent = `${fmt(mo.m)}, ${fmt(mo.s)}`;
      outMoments.dataset.value = `${mo.m},${mo.s}`;
      const moving = playing || steps > 0;
      model = mixtureFitModel(q, p, st.dir, kls, moving);
    }
    plot.draw(model);
    host.dataset.frames = String(++frame);
  }

  function pause(): void {
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    playing = false;
    playBtn.textContent = 'Play';
    playBtn.setAttribute('aria-pressed', 'false');
  }
  function stepOnce(): boolean {
    const next = fitStep(cur, mixture(), st.dir);
    const moved = Math.abs(next.m - cur.m) + Math.abs(next.s - cur.s);
    cur = next;
    steps += 1;
    return moved < TOL;
  }
  function tick(): void {
    let done = false;
    for (let i = 0; i < STEPS_PER_FRAME && !done; i++) done = stepOnce();
    update();
    if (done) {
      pause();
      ui.status(`Converged after ${steps} steps.`);
    } else raf = requestAnimationFrame(tick);
  }
  playBtn.addEventListener('click', () => {
    if (playing) return pause();
    if (reduced.matches) {
      // Reduced motion: no animation; jump to the converged fit.
      const r = fit(cur, mixture(), st.dir, 5000, TOL);
      cur = r.q;
      steps += r.steps;
      update();
      ui.status(`Fitted in ${steps} steps (shown without animation).`);
      return;
    }
    playing = true;
    playBtn.textContent = 'Pause';
    playBtn.setAttribute('aria-pressed', 'true');
    ui.status('Fitting…');
    raf = requestAnimationFrame(tick);
  });
  stepBtn.addEventListener('click', () => {
    pause();
    stepOnce();
    update();
  });
  resetBtn.addEventListener('click', () => {
    restartFit();
    update();
    ui.status('Back to the start.');
  });

  update();
  ui.status('');
  return () => {
    pause();
    plot.destroy();
  };
}
