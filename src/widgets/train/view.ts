// DOM for the training playground: transport buttons, the run's settings, the latent map, the prior grid, curves and readouts.
import { el, nextId, rangeRow, type RangeRow } from '../shared/controls.ts';
import { createLatentMap, type LatentMap } from '../shared/latent-map.ts';
import { createLegend } from '../shared/map-legend.ts';
import { BETAS, HIDDEN, LRS } from './state.ts';
import { createCurves, createRdPlane, type Plot } from './plots.ts';

export interface TrainInit {
  beta: number;
  spf: number;
  lr: string;
  hidden: string;
  seed: number;
  warmup: boolean;
  trainCount: number;
  evalCount: number;
  gridN: number;
}

export interface TrainHandlers {
  onPlay(): void;
  onStep(): void;
  onReset(): void;
  onBeta(beta: number): void;
  onSpf(n: number): void;
  onLr(lr: string): void;
  onHidden(h: string): void;
  onSeed(seed: number): void;
  onWarmup(on: boolean): void;
  onEllipses(on: boolean): void;
}

export interface TrainView {
  play: HTMLButtonElement;
  step: HTMLButtonElement;
  reset: HTMLButtonElement;
  beta: HTMLInputElement;
  setBeta(beta: number): void;
  spf: RangeRow;
  seed: HTMLInputElement;
  map: LatentMap;
  grid: HTMLCanvasElement;
  curves: Plot;
  rd: Plot;
  out: Record<'step' | 'rate' | 'weight' | 'recon' | 'kl' | 'elbo' | 'evalRecon' | 'evalKl' | 'evalElbo' | 'evalStep', HTMLElement>;
  destroy(): void;
}

const BETA_TEXT = (b: number) => `β = ${b}${b === 0 ? ' (reconstruction only)' : ''}`;

/** A labelled <select>. */
function select<T extends string>(label: string, values: readonly T[], text: (v: T) => string, value: T, onChange: (v: T) => void) {
  const wrap = el('div', 'trn__field');
  const id = nextId('trn-sel');
  const lab = el('label', 'trn__field-label', label);
  lab.htmlFor = id;
  const s = el('select');
  s.id = id;
  for (const v of values) {
    const o = el('option', undefined, text(v));
    o.value = v;
    o.selected = v === value;
    s.append(o);
  }
  s.addEventListener('change', () => onChange(s.value as T));
  wrap.append(lab, s);
  return wrap;
}

/** A readout: a term and its value (the value carries data-value for tests). */
function readout(dl: HTMLElement, term: string, key: string): HTMLElement {
  const dt = el('dt', undefined, term);
  const dd = el('dd', 'trn__value', '—');
  dd.dataset.out = key;
  dl.append(dt, dd);
  return dd;
}

export function buildTrainView(root: HTMLElement, init: TrainInit, h: TrainHandlers): TrainView {
  const wrap = el('div', 'trn');

  // Transport: play / pause, step, reset, and the step counter.
  const transport = el('div', 'trn__transport');
  const play = el('button', 'trn__btn trn__btn--play', 'Play');
  play.type = 'button';
  play.addEventListener('click', h.onPlay);
  const step = el('button', 'trn__btn', 'Step');
  step.type = 'button';
  step.addEventListener('click', h.onStep);
  const reset = el('button', 'trn__btn', 'Reset');
  reset.type = 'button';
  reset.addEventListener('click', h.onReset);
  const counter = el('p', 'trn__counter');
  const stepOut = el('span', 'trn__value', '0');
  stepOut.dataset.out = 'step';
  const rateOut = el('span', 'trn__value', '—');
  rateOut.dataset.out = 'rate';
  counter.append('step ', stepOut, ' · ', rateOut, ' steps/s');
  transport.append(play, step, reset, counter);

  // β: a native slider over the offered values; it acts while training runs.
  const betaRow = el('div', 'wrow trn__beta');
  const betaId = nextId('trn-beta');
  const betaLabel = el('label', 'wrow__label', 'β, the weight on the KL term');
  betaLabel.htmlFor = betaId;
  const beta = el('input');
  beta.type = 'range';
  beta.id = betaId;
  beta.min = '0';
  beta.max = String(BETAS.length - 1);
  beta.step = '1';
  beta.dataset.control = 'beta';
  const betaOut = el('output', 'trn__beta-out');
  betaOut.htmlFor.add(betaId);
  const setBeta = (b: number) => {
    const i = Math.max(0, (BETAS as readonly number[]).indexOf(b));
    beta.value = String(i);
    beta.setAttribute('aria-valuetext', BETA_TEXT(b));
    betaOut.textContent = `β = ${b}`;
  };
  beta.addEventListener('input', () => {
    const b = BETAS[Number(beta.value)] ?? 1;
    setBeta(b);
    h.onBeta(b);
  });
  setBeta(init.beta);
  betaRow.append(betaLabel, beta, betaOut);
  const weightNote = el('p', 'trn__note trn__weight');
  const weightOut = el('span', 'trn__value', '—');
  weightOut.dataset.out = 'weight';
  weightNote.append('Weight on the KL term at this step: ', weightOut);

  const spf = rangeRow({
    label: 'Steps per frame (at most)',
    min: 1,
    max: 50,
    step: 1,
    value: init.spf,
    decimals: 0,
    key: 'spf',
    onInput: (v) => h.onSpf(Math.round(v)),
  });

  // The run's settings: changing one starts the run again.
  const settings = el('fieldset', 'trn__settings');
  settings.append(el('legend', undefined, 'Run settings (each restarts training)'));
  const lr = select('Learning rate', LRS, (v) => v, init.lr as (typeof LRS)[number], h.onLr);
  const hidden = select('Hidden units', HIDDEN, (v) => `${v} per layer`, init.hidden as (typeof HIDDEN)[number], h.onHidden);
  const seedWrap = el('div', 'trn__field');
  const seedId = nextId('trn-seed');
  const seedLabel = el('label', 'trn__field-label', 'Seed');
  seedLabel.htmlFor = seedId;
  const seed = el('input');
  seed.type = 'number';
  seed.id = seedId;
  seed.min = '0';
  seed.max = '99999';
  seed.step = '1';
  seed.inputMode = 'numeric';
  seed.value = String(init.seed);
  seed.addEventListener('change', () => {
    const v = Math.round(Number(seed.value));
    if (seed.value !== '' && Number.isFinite(v) && v >= 0 && v <= 99_999) h.onSeed(v);
  });
  seedWrap.append(seedLabel, seed);
  const warmLabel = el('label', 'trn__check');
  const warm = el('input');
  warm.type = 'checkbox';
  warm.checked = init.warmup;
  warm.addEventListener('change', () => h.onWarmup(warm.checked));
  warmLabel.append(warm, ' KL warm-up (β’s weight rises from 0 over the first 500 steps)');
  settings.append(lr, hidden, seedWrap, warmLabel);

  const controls = el('div', 'trn__controls');
  controls.append(transport, betaRow, weightNote, spf.row, settings);

  // Displays.
  const main = el('div', 'trn__main');
  const left = el('section', 'trn__panel');
  left.append(el('h3', 'trn__h', `Latent map: the ${init.evalCount} kept-aside digits`));
  const map = createLatentMap({ label: `Posterior means of the ${init.evalCount} kept-aside digits, coloured by class`, axes: true });
  const ellLabel = el('label', 'trn__check');
  const ell = el('input');
  ell.type = 'checkbox';
  ell.checked = true;
  ell.addEventListener('change', () => h.onEllipses(ell.checked));
  ellLabel.append(ell, ' σ-ellipses');
  left.append(map.element, createLegend(), ellLabel);
  const gridSec = el('section', 'trn__panel');
  gridSec.append(el('h3', 'trn__h', 'Decoded from the prior'));
  const grid = el('canvas', 'pixelated trn__grid');
  grid.width = init.gridN * 28;
  grid.height = init.gridN * 28;
  grid.setAttribute('role', 'img');
  grid.setAttribute('aria-label', `${init.gridN} × ${init.gridN} digits decoded from evenly spaced quantiles of the prior N(0, I)`);
  gridSec.append(
    grid,
    el(
      'p',
      'trn__note widget__explain',
      'Each cell decodes the code z = Φ⁻¹(p) at evenly spaced quantiles p of the prior: what the model would generate now.',
    ),
  );
  const right = el('section', 'trn__panel');
  right.append(el('h3', 'trn__h', 'Loss, per training minibatch'));
  const curves = createCurves('Curves of the distortion, the rate and the negative ELBO against the training step');
  right.append(curves.element);
  right.append(el('h3', 'trn__h', 'Path on the rate–distortion plane'));
  const rd = createRdPlane('The path of the run on the rate–distortion plane, from its start (hollow) to now (filled)');
  right.append(
    rd.element,
    el('p', 'trn__note widget__explain', 'Hollow dot: the start; filled: now. Along each dotted line D + R, the negative ELBO, is constant.'),
  );
  const leftCol = el('div', 'trn__col');
  leftCol.append(left, gridSec);
  main.append(leftCol, right);

  // Numbers.
  const nums = el('div', 'trn__numbers');
  const dl1 = el('dl', 'trn__dl');
  const dl2 = el('dl', 'trn__dl');
  const cap1 = el('p', 'trn__dl-title', 'Training minibatches (mean of the last 50 steps), nats per digit');
  const out = {
    step: stepOut,
    rate: rateOut,
    weight: weightOut,
    recon: readout(dl1, 'Distortion D', 'recon'),
    kl: readout(dl1, 'Rate R', 'kl'),
    elbo: readout(dl1, '−ELBO = D + R', 'elbo'),
    evalStep: el('span', 'trn__value', '0'),
    evalRecon: readout(dl2, 'Distortion D', 'evalRecon'),
    evalKl: readout(dl2, 'Rate R', 'evalKl'),
    evalElbo: readout(dl2, '−ELBO = D + R', 'evalElbo'),
  };
  out.evalStep.dataset.out = 'evalStep';
  const cap2 = el('p', 'trn__dl-title');
  cap2.append(`The ${init.evalCount} kept-aside digits, at step `, out.evalStep);
  const b1 = el('div');
  b1.append(cap1, dl1);
  const b2 = el('div');
  b2.append(cap2, dl2);
  nums.append(b1, b2);
  const dataNote = el(
    'p',
    'trn__note widget__explain',
    `Data: the 2,000 digits shipped with this page are the book’s held-out digits, which the pre-trained models never saw. ` +
      `This model trains on ${init.trainCount.toLocaleString('en-US')} of them; the other ${init.evalCount} are kept aside, ` +
      `never trained on: they are the points on the map and the second set of numbers.`,
  );

  wrap.append(controls, main, nums, dataNote);
  root.append(wrap);
  return {
    play,
    step,
    reset,
    beta,
    setBeta,
    spf,
    seed,
    map,
    grid,
    curves,
    rd,
    out,
    destroy() {
      map.destroy();
      curves.destroy();
      rd.destroy();
      wrap.remove();
    },
  };
}
