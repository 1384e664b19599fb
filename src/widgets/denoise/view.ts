// DOM for the denoise widget: four digits with their error numbers, the noise controls, and the clean-digit source pad.
import { createDigitCanvas } from '../shared/digit-image.ts';
import { createCaption } from '../shared/classifier.ts';
import { el, radioGroup, rangeRow, setOut, type RangeRow } from '../shared/controls.ts';
import { button, digitSource } from '../shared/digit-source.ts';
import type { Pad } from '../shared/pad.ts';
import { formatBce, formatPsnr } from './error-metrics.ts';
import { LEVELS, NOISE_KINDS, inTrainedRange, type NoiseKind } from './noise-levels.ts';

export interface DenoiseHandlers {
  onKind(kind: NoiseKind): void;
  onLevel(level: number): void;
  onReroll(): void;
  onStroke(): void;
  onClear(): void;
  onRandom(): void;
  onPick(index: number): void;
}

/** One image and its error readouts. */
export interface Panel {
  canvas: HTMLCanvasElement;
  psnr: HTMLElement;
  bce: HTMLElement | null;
  /** On a model's output: a note over the picture (shared/decoder-note.ts), its model downloading or a failed download with Retry. */
  note: HTMLElement | null;
}

export interface ShownScores {
  noisyPsnr: number;
  dae: { psnr: number; bce: number };
  ae: { psnr: number; bce: number };
}

export interface DenoiseView {
  clean: Panel;
  noisy: Panel;
  dae: Panel;
  ae: Panel;
  pad: Pad;
  caption: ReturnType<typeof createCaption>;
  heldoutIndex: HTMLInputElement;
  heldoutNote: HTMLElement;
  /** Shows the kind, level and seed without firing handlers. */
  setNoise(kind: NoiseKind, level: number, seed: number): void;
  /** Outlines the erased square on the noisy image (28-pixel grid units), or hides the outline. */
  setMask(box: { row: number; col: number; size: number } | null): void;
  /** Writes the error numbers, or dashes when there is no digit. */
  setScores(s: ShownScores | null): void;
  destroy(): void;
}

function panel(title: string, label: string, cls: string, withBce: boolean): Panel & { figure: HTMLElement; box: HTMLElement } {
  const figure = el('figure', `dn__fig dn__fig--${cls}`);
  const canvas = createDigitCanvas(label, `dn__img dn__img--${cls}`);
  const box = el('div', 'dn__imgbox');
  box.append(canvas);
  const note = withBce ? el('div', 'widget__over-note dn__model-note') : null;
  if (note) {
    note.hidden = true;
    box.append(note);
  }
  const cap = el('figcaption');
  cap.append(el('span', 'dn__name', title));
  const psnr = el('span', 'dn__err dn__psnr', '–');
  cap.append(psnr);
  const bce = withBce ? el('span', 'dn__err dn__bce', '–') : null;
  if (bce) cap.append(bce);
  figure.append(box, cap);
  return { figure, box, canvas, psnr, bce, note };
}

/** Builds the widget's DOM in root; handlers fire on reader input only. */
export function buildDenoiseView(root: HTMLElement, count: number, h: DenoiseHandlers): DenoiseView {
  // The outer box is a size container, so the layout follows the widget's width (chapter column or full-width embed).
  const wrap = el('div', 'dn-c');
  const grid = el('div', 'dn');
  wrap.append(grid);

  // The four images.
  const results = el('section', 'dn__results');
  results.setAttribute('aria-label', 'The clean digit, the noisy input and the two models’ outputs');
  const figs = el('div', 'dn__figs');
  const clean = panel('Clean', 'The clean digit', 'clean', false);
  clean.psnr.textContent = 'the target';
  const noisy = panel('Noisy input', 'The noisy digit both models are given', 'noisy', false);
  const dae = panel('Denoising AE', 'The denoising autoencoder’s output', 'dae', true);
  const ae = panel('Plain AE', 'The plain autoencoder’s output', 'ae', true);
  figs.append(clean.figure, noisy.figure, dae.figure, ae.figure);
  // The block mask erases to paper, which is invisible on paper: a dashed outline shows where the hole is.
  const mask = el('div', 'dn__mask');
  mask.setAttribute('aria-hidden', 'true');
  mask.hidden = true;
  noisy.box.append(mask);
  const caption = createCaption('caption dn__verdict');
  const key = el(
    'p',
    'dn__note dn__key widget__explain',
    'Errors against the clean digit. PSNR in dB: higher is closer; every 10 dB is ten times less squared error. ' +
      'BCE in nats: the loss both models were trained on; lower is closer. The noisy input gets no BCE: wherever it is ' +
      'exactly 0 or 1 and the clean digit is not, the BCE is infinite.',
  );
  results.append(figs, caption.element);

  // Noise controls.
  const controls = el('section', 'dn__controls');
  controls.setAttribute('aria-label', 'Noise');
  let kind: NoiseKind = 'gaussian';
  const radios = radioGroup(
    'Noise type',
    'dn-kind',
    NOISE_KINDS.map((k) => ({ value: k, label: LEVELS[k].name })),
    kind,
    (k) => h.onKind(k),
  );
  const levelBox = el('div', 'dn__level');
  let row: RangeRow | null = null;
  const buildRow = (k: NoiseKind, level: number) => {
    const r = LEVELS[k];
    row = rangeRow({
      label: r.label,
      min: r.min,
      max: r.max,
      step: r.step,
      value: level,
      decimals: r.decimals,
      valueText: r.describe,
      onInput: (v) => h.onLevel(v),
      key: 'level',
    });
    levelBox.replaceChildren(row.row);
  };
  const trained = el('p', 'dn__note dn__trained');
  const reroll = button('Re-roll the noise', h.onReroll);
  reroll.className = 'dn__reroll';
  const seedOut = el('output', 'dn__seed');
  const buttons = el('div', 'dn__buttons wbuttons');
  buttons.append(reroll, seedOut);
  controls.append(radios.fieldset, levelBox, trained, buttons, key);

  // The clean digit: a held-out one, or a drawing.
  const source = el('section', 'dn__source');
  source.setAttribute('aria-label', 'The clean digit');
  const title = el('h3', 'dn__title', 'The clean digit');
  source.append(title);
  const {
    pad,
    index: heldoutIndex,
    note: heldoutNote,
  } = digitSource(source, {
    prefix: 'dn',
    count,
    onStroke: () => h.onStroke(),
    onClear: h.onClear,
    onRandom: h.onRandom,
    onPick: h.onPick,
  });
  heldoutNote.classList.add('dn__source-note');

  grid.append(results, controls, source);
  root.append(wrap);

  const showScore = (p: Panel, psnr: number | null, bce?: number | null) => {
    if (psnr === null) {
      p.psnr.textContent = '–';
      delete p.psnr.dataset.value;
    } else setOut(p.psnr, psnr, `PSNR ${formatPsnr(psnr)}`);
    if (p.bce) {
      if (bce === null || bce === undefined) {
        p.bce.textContent = '–';
        delete p.bce.dataset.value;
      } else setOut(p.bce, bce, `BCE ${formatBce(bce)}`);
    }
  };

  return {
    clean,
    noisy,
    dae,
    ae,
    pad,
    caption,
    heldoutIndex,
    heldoutNote,
    setNoise(k, level, seed) {
      if (k !== kind || !row) {
        kind = k;
        radios.set(k);
        buildRow(k, level);
      } else row.set(level);
      const r = LEVELS[k];
      const fmtL = (v: number) => v.toFixed(r.decimals);
      const inside = inTrainedRange(k, level) ? '.' : '; this level is outside that range.';
      trained.textContent = `The denoising model was trained on ${r.symbol} from ${fmtL(r.trained[0])} to ${fmtL(r.trained[1])}${r.unit}${inside}`;
      trained.dataset.inside = String(inTrainedRange(k, level));
      seedOut.textContent = `noise #${seed}`;
    },
    setMask(box) {
      mask.hidden = !box;
      if (!box) return;
      const pct = (v: number) => `${((100 * v) / 28).toFixed(3)}%`;
      Object.assign(mask.style, { top: pct(box.row), left: pct(box.col), width: pct(box.size), height: pct(box.size) });
      noisy.canvas.setAttribute('aria-label', `The noisy digit both models are given; a ${box.size} by ${box.size} pixel square is erased`);
    },
    setScores(s) {
      showScore(noisy, s ? s.noisyPsnr : null);
      showScore(dae, s ? s.dae.psnr : null, s ? s.dae.bce : null);
      showScore(ae, s ? s.ae.psnr : null, s ? s.ae.bce : null);
    },
    destroy() {
      pad.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
