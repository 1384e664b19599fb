// DOM for the latent walk: model switch, map with cursor, decoded digit, manifold grid, interpolation controls and strip.
import { createDigitCanvas } from '../shared/digit-image.ts';
import { createLatentMap, type LatentMap } from '../shared/latent-map.ts';
import { createLegend } from '../shared/map-legend.ts';
import { describePoint, type Point } from '../shared/map-cursor.ts';
import { createCaption } from '../shared/classifier.ts';
import { el, nextId, radioGroup } from '../shared/controls.ts';
import { STRIP, WALK_MODELS, type WalkModel } from './state.ts';

export interface WalkHandlers {
  onModel(m: WalkModel): void;
  onSigma(on: boolean): void;
  onCursor(z: Point): void;
  onGridN(n: number): void;
  onGridCell(row: number, col: number): void;
  onEndpoints(a: number, b: number): void;
  onMode(mode: 'linear' | 'spherical'): void;
  onScrub(t: number): void;
  onPlay(): void;
}

export interface WalkView {
  map: LatentMap;
  digit: HTMLCanvasElement;
  /** A note laid over the decoded digit (while its decoder downloads, or after a failed download); hidden when empty. */
  digitNote: HTMLElement;
  coords: HTMLElement;
  caption: ReturnType<typeof createCaption>;
  sigma: HTMLInputElement;
  sigmaNote: HTMLElement;
  models: HTMLInputElement[];
  grid: HTMLCanvasElement;
  gridControl: HTMLElement;
  setGridCell(row: number, col: number, n: number, z: Point): void;
  nInput: HTMLInputElement;
  aInput: HTMLInputElement;
  bInput: HTMLInputElement;
  endpointsNote: HTMLElement;
  modes: HTMLInputElement[];
  scrub: HTMLInputElement;
  play: HTMLButtonElement | null;
  strip: HTMLCanvasElement;
  setStripFrame(t: number): void;
  destroy(): void;
}

const id = (s: string) => nextId(`lw-${s}`);
const MODEL_LABELS: Record<WalkModel, string> = { 'vae-2d': 'VAE', 'ae-2d': 'Plain autoencoder' };

/** A radio group styled for this widget; its inputs, for the widget to set. */
function radios<T extends string>(legend: string, values: readonly T[], labels: Record<T, string>, current: T, onChange: (v: T) => void) {
  const { fieldset, inputs } = radioGroup(
    legend,
    'lw',
    values.map((value) => ({ value, label: labels[value] })),
    current,
    onChange,
  );
  fieldset.classList.add('lw__radios');
  return { fs: fieldset, inputs };
}

export function buildWalkView(
  root: HTMLElement,
  init: { model: WalkModel; sigma: boolean; n: number; a: number; b: number; mode: 'linear' | 'spherical'; t: number; count: number },
  h: WalkHandlers,
): WalkView {
  const wrap = el('div', 'lw');

  // Controls row: model switch and ellipses.
  const top = el('div', 'lw__top');
  const model = radios('Model', WALK_MODELS, MODEL_LABELS, init.model, h.onModel);
  const sigmaLabel = el('label', 'lw__check');
  const sigma = el('input');
  sigma.type = 'checkbox';
  sigma.checked = init.sigma;
  sigma.addEventListener('change', () => h.onSigma(sigma.checked));
  sigmaLabel.append(sigma, document.createTextNode(' Show σ-ellipses'));
  const sigmaNote = el('span', 'lw__note');
  const sigmaBox = el('div', 'lw__sigma');
  sigmaBox.append(sigmaLabel, sigmaNote);
  top.append(model.fs, sigmaBox);

  // Map and the decoded digit at the cursor.
  const main = el('div', 'lw__main');
  const map = createLatentMap({ label: 'Latent map cursor', interactive: true, axes: true, onCursor: (z) => h.onCursor(z) });
  const mapCol = el('div', 'lw__map');
  mapCol.append(map.element, createLegend());
  const side = el('div', 'lw__side');
  const digit = createDigitCanvas('The digit decoded at the cursor', 'lw__digit');
  const digitNote = el('div', 'widget__over-note lw__digit-note');
  digitNote.hidden = true;
  const digitBox = el('div', 'lw__digit-box');
  digitBox.append(digit, digitNote);
  const coords = el('p', 'lw__coords');
  const caption = createCaption('caption lw__caption');
  const help = el(
    'p',
    'lw__note widget__explain',
    'Click or tap the map to place the cursor, drag the cursor, or focus the map and use the arrow keys (Shift: bigger steps, Home: the origin). Dashed circles: the prior N(0, I) at 1, 2 and 3σ.',
  );
  side.append(digitBox, coords, caption.element, help);
  main.append(mapCol, side);

  // Manifold grid.
  const gridSec = el('section', 'lw__grid-sec');
  const gridHead = el('div', 'lw__row');
  const gh = el('h3', 'lw__h', 'Manifold grid');
  const nLabel = el('label', '', 'Grid size n ');
  const nInput = el('input');
  nInput.type = 'number';
  nInput.min = '3';
  nInput.max = '25';
  nInput.step = '1';
  nInput.value = String(init.n);
  nInput.id = id('n');
  nLabel.htmlFor = nInput.id;
  nInput.addEventListener('change', () => {
    const v = Math.round(Number(nInput.value));
    if (Number.isFinite(v) && v >= 3 && v <= 25) h.onGridN(v);
  });
  gridHead.append(gh, nLabel, nInput);
  const gridNote = el(
    'p',
    'lw__note widget__explain',
    'Each cell decodes the code at evenly spaced quantiles of the prior, z = Φ⁻¹(p), as in Kingma & Welling’s figure. Click a cell, or focus the grid and use the arrow keys, to move the cursor there.',
  );
  const gridControl = el('div', 'lw__grid');
  gridControl.tabIndex = 0;
  gridControl.setAttribute('role', 'slider');
  gridControl.setAttribute('aria-roledescription', 'grid of decoded digits');
  gridControl.setAttribute('aria-label', 'Manifold grid: arrow keys move the cursor from cell to cell');
  const grid = el('canvas', 'pixelated lw__grid-canvas');
  grid.setAttribute('aria-hidden', 'true');
  const hi = el('div', 'lw__grid-hi');
  gridControl.append(grid, hi);
  let gridN = init.n;
  let cell: [number, number] = [0, 0];
  gridControl.addEventListener('click', (e) => {
    const r = grid.getBoundingClientRect();
    const col = Math.floor(((e.clientX - r.left) / r.width) * gridN);
    const row = Math.floor(((e.clientY - r.top) / r.height) * gridN);
    if (col >= 0 && col < gridN && row >= 0 && row < gridN) h.onGridCell(row, col);
  });
  gridControl.addEventListener('keydown', (e) => {
    const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = d[e.key];
    if (!m) return;
    e.preventDefault();
    const k = e.shiftKey ? 3 : 1;
    h.onGridCell(Math.max(0, Math.min(gridN - 1, cell[0] + k * m[0])), Math.max(0, Math.min(gridN - 1, cell[1] + k * m[1])));
  });
  gridSec.append(gridHead, gridNote, gridControl);

  // Interpolation.
  const interp = el('section', 'lw__interp');
  interp.append(el('h3', 'lw__h', 'Interpolation'));
  const ends = el('div', 'lw__row');
  const mkIndex = (label: string, value: number) => {
    const lab = el('label', '', label);
    const inp = el('input');
    inp.type = 'number';
    inp.min = '0';
    inp.max = String(init.count - 1);
    inp.step = '1';
    inp.value = String(value);
    inp.id = id('idx');
    lab.htmlFor = inp.id;
    ends.append(lab, inp);
    return inp;
  };
  const aInput = mkIndex('From held-out digit #', init.a);
  const bInput = mkIndex('to #', init.b);
  const onEnds = () => {
    const a = Math.round(Number(aInput.value));
    const b = Math.round(Number(bInput.value));
    const ok = (v: number) => Number.isFinite(v) && v >= 0 && v < init.count;
    if (ok(a) && ok(b)) h.onEndpoints(a, b);
  };
  aInput.addEventListener('change', onEnds);
  bInput.addEventListener('change', onEnds);
  const mode = radios('Path', ['linear', 'spherical'] as const, { linear: 'Linear', spherical: 'Spherical (slerp)' }, init.mode, h.onMode);
  const endpointsNote = el('p', 'lw__note');
  const scrubRow = el('div', 'lw__row lw__scrub');
  const scrubLabel = el('label', '', 'Along the path');
  const scrub = el('input');
  scrub.type = 'range';
  scrub.min = '0';
  scrub.max = '1';
  scrub.step = '0.01';
  scrub.value = String(init.t);
  scrub.id = id('t');
  scrubLabel.htmlFor = scrub.id;
  scrub.addEventListener('input', () => h.onScrub(Number(scrub.value)));
  scrubRow.append(scrubLabel, scrub);
  let play: HTMLButtonElement | null = null;
  if (!window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    play = el('button', '', 'Play');
    play.type = 'button';
    play.addEventListener('click', h.onPlay);
    scrubRow.append(play);
  }
  const stripBox = el('div', 'lw__strip-box');
  const strip = el('canvas', 'pixelated lw__strip');
  strip.width = STRIP * 28;
  strip.height = 28;
  strip.setAttribute('role', 'img');
  strip.setAttribute('aria-label', `${STRIP} digits decoded along the path from A to B`);
  const stripHi = el('div', 'lw__strip-hi');
  stripBox.append(strip, stripHi);
  interp.append(ends, mode.fs, endpointsNote, scrubRow, stripBox);

  wrap.append(top, main, gridSec, interp);
  root.append(wrap);

  return {
    map,
    digit,
    digitNote,
    coords,
    caption,
    sigma,
    sigmaNote,
    models: model.inputs,
    grid,
    gridControl,
    setGridCell(row, col, n, z) {
      gridN = n;
      cell = [row, col];
      hi.style.left = `${(100 * col) / n}%`;
      hi.style.top = `${(100 * row) / n}%`;
      hi.style.width = `${100 / n}%`;
      hi.style.height = `${100 / n}%`;
      gridControl.setAttribute('aria-valuemin', '1');
      gridControl.setAttribute('aria-valuemax', String(n * n));
      gridControl.setAttribute('aria-valuenow', String(row * n + col + 1));
      gridControl.setAttribute('aria-valuetext', `row ${row + 1}, column ${col + 1} of ${n}: ${describePoint(z)}`);
      gridControl.dataset.cell = `${row},${col}`;
    },
    nInput,
    aInput,
    bInput,
    endpointsNote,
    modes: mode.inputs,
    scrub,
    play,
    strip,
    setStripFrame(t) {
      const k = Math.round(t * (STRIP - 1));
      stripHi.style.left = `${(100 * k) / STRIP}%`;
      stripHi.style.width = `${100 / STRIP}%`;
    },
    destroy() {
      map.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
