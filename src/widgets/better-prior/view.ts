// DOM for the better-prior widget: per model a row of two panels (baseline density | fitted mixture), each a 4 × 4 grid
// of decoded samples with the classifier's confidence as a bar under each, and the panel's numbers below.
import { createDigitCanvas, drawDigit } from '../shared/digit-image.ts';
import { el, radioGroup } from '../shared/controls.ts';
import { button } from '../shared/digit-source.ts';
import { BASELINES, type Baseline } from './state.ts';
import { COLUMN_TITLES, CONFIDENT, MODELS, MODEL_TITLES, PER_PANEL, type Column, type ModelName } from './sources.ts';

export interface BetterPriorHandlers {
  onResample(): void;
  onBaseline(b: Baseline): void;
}

/** One sample as drawn: its pixels, the classifier's top class and probability. */
export interface ShownSample {
  pixels: Float32Array;
  digit: number;
  p: number;
}

/** A panel's numbers: this draw, every draw so far, and the manifest's 2,000-sample values (when listed). */
export interface PanelNumbers {
  draw: { mean: number; confident: number; n: number };
  tally: { mean: number; share: number; n: number };
  expected: { mean: number; share: number } | null;
}

interface Panel {
  figure: HTMLElement;
  title: HTMLElement;
  canvases: HTMLCanvasElement[];
  bars: HTMLElement[];
  numbers: HTMLElement;
}

export interface BetterPriorView {
  /** Shows the seed and the baseline choice without firing handlers, and retitles the left column. */
  setControls(seed: number, baseline: Baseline): void;
  /** Draws one panel's samples and numbers. */
  showPanel(model: ModelName, side: 'left' | 'right', column: Column, samples: ShownSample[], numbers: PanelNumbers): void;
  destroy(): void;
}

const pct = (v: number) => `${Math.round(100 * v)}%`;
const count = (n: number) => n.toLocaleString('en-US');

function panel(model: ModelName, side: 'left' | 'right'): Panel {
  const figure = el('figure', `bp__panel bp__panel--${side}`);
  figure.dataset.model = model;
  figure.dataset.side = side;
  const title = el('figcaption', 'bp__coltitle');
  const grid = el('div', 'bp__grid');
  const canvases: HTMLCanvasElement[] = [];
  const bars: HTMLElement[] = [];
  for (let i = 0; i < PER_PANEL; i++) {
    const cell = el('div', 'bp__cell');
    const c = createDigitCanvas(`Sample ${i + 1}`, 'bp__img');
    const bar = el('div', 'bp__bar');
    bar.setAttribute('aria-hidden', 'true');
    bar.append(el('span', 'bp__fill'));
    cell.append(c, bar);
    grid.append(cell);
    canvases.push(c);
    bars.push(bar);
  }
  const numbers = el('p', 'bp__numbers');
  figure.append(title, grid, numbers);
  return { figure, title, canvases, bars, numbers };
}

/** Builds the widget's DOM in root; handlers fire on reader input only. */
export function buildBetterPriorView(root: HTMLElement, h: BetterPriorHandlers): BetterPriorView {
  const wrap = el('div', 'bp-c');
  const box = el('div', 'bp');
  wrap.append(box);

  const controls = el('div', 'bp__controls');
  const resample = button('Draw new samples', h.onResample);
  resample.className = 'bp__resample';
  resample.setAttribute('aria-keyshortcuts', 'R');
  const seedOut = el('output', 'bp__seed');
  const line = el('div', 'bp__buttons wbuttons');
  line.append(resample, seedOut);
  const radios = radioGroup(
    'Left column samples from',
    'bp-baseline',
    BASELINES.map((b) => ({ value: b, label: b === 'prior' ? 'the prior N(0, I)' : 'one Gaussian fitted to the codes' })),
    'prior',
    (b) => h.onBaseline(b),
  );
  radios.fieldset.classList.add('bp__baseline');
  controls.append(line, radios.fieldset);

  const panels = new Map<string, Panel>();
  const rows = el('div', 'bp__rows');
  for (const m of MODELS) {
    const row = el('section', 'bp__row');
    row.setAttribute('aria-label', MODEL_TITLES[m]);
    row.append(el('h3', 'bp__rowtitle', MODEL_TITLES[m]));
    const pair = el('div', 'bp__pair');
    for (const side of ['left', 'right'] as const) {
      const p = panel(m, side);
      panels.set(`${m}/${side}`, p);
      pair.append(p.figure);
    }
    row.append(pair);
    rows.append(row);
  }
  const key = el(
    'p',
    'bp__key widget__explain',
    `Each sample is a code drawn from the column’s density and decoded (the decoder’s mean image). The bar under it is the ` +
      `digit classifier’s top probability; it is coloured when that is at least ${pct(CONFIDENT)}, when the sample reads ` +
      `clearly as one digit. Press R or the button for new draws: the “so far” numbers gather every draw and approach ` +
      `the 2,000-sample ones.`,
  );
  box.append(controls, rows, key);
  root.append(wrap);

  // R draws again from anywhere in the widget.
  const onKey = (e: KeyboardEvent) => {
    if ((e.key !== 'r' && e.key !== 'R') || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement;
    if (t instanceof HTMLInputElement && (t.type === 'number' || t.type === 'text')) return;
    e.preventDefault();
    h.onResample();
  };
  wrap.addEventListener('keydown', onKey);

  return {
    setControls(seed, baseline) {
      radios.set(baseline);
      seedOut.textContent = `draw #${seed}`;
      for (const m of MODELS) panels.get(`${m}/left`)!.title.textContent = COLUMN_TITLES[baseline];
      for (const m of MODELS) panels.get(`${m}/right`)!.title.textContent = COLUMN_TITLES.mixture;
    },
    showPanel(model, side, column, samples, numbers) {
      const p = panels.get(`${model}/${side}`)!;
      p.figure.dataset.column = column;
      samples.forEach((s, i) => {
        drawDigit(p.canvases[i]!, s.pixels);
        p.canvases[i]!.setAttribute('aria-label', `Sample ${i + 1}: the classifier reads ${s.digit}, ${pct(s.p)} sure`);
        const bar = p.bars[i]!;
        bar.classList.toggle('is-confident', s.p >= CONFIDENT);
        (bar.firstElementChild as HTMLElement).style.width = `${(100 * s.p).toFixed(1)}%`;
        bar.title = `${s.digit}, ${pct(s.p)}`;
      });
      const { draw, tally, expected } = numbers;
      const lines = [
        `This draw: ${draw.confident} of ${draw.n} clear, mean ${pct(draw.mean)}.`,
        `So far (${count(tally.n)} samples): ${pct(tally.share)} clear, mean ${pct(tally.mean)}.`,
      ];
      if (expected) lines.push(`Over 2,000 samples: ${pct(expected.share)} clear, mean ${pct(expected.mean)}.`);
      p.numbers.replaceChildren(...lines.map((t, i) => el('span', `bp__line bp__line--${['draw', 'tally', 'expected'][i]}`, t)));
      Object.assign(p.figure.dataset, {
        drawMean: String(draw.mean),
        drawConfident: String(draw.confident),
        tallyN: String(tally.n),
        tallyMean: String(tally.mean),
        tallyShare: String(tally.share),
        expectedMean: expected ? String(expected.mean) : '',
        expectedShare: expected ? String(expected.share) : '',
      });
    },
    destroy() {
      wrap.removeEventListener('keydown', onKey);
      wrap.remove();
    },
  };
}
