// DOM for ae-variants: the digit (draw pad or held-out pick), the push controls, and one card per autoencoder.
import { createDigitCanvas } from '../shared/digit-image.ts';
import { createCaption } from '../shared/classifier.ts';
import type { Pad } from '../shared/pad.ts';
import { el, radioGroup, rangeRow, type RangeRow } from '../shared/controls.ts';
import { button, digitSource } from '../shared/digit-source.ts';
import { createCodeBars, type CodeBars } from './bars.ts';
import { CODE_DIM, formatBytes, type Variant } from './variants.ts';
import type { PushBase } from './state.ts';

export interface VariantCard {
  variant: Variant;
  element: HTMLElement;
  recon: HTMLCanvasElement;
  pushed: HTMLCanvasElement;
  bars: CodeBars;
  /** Shows download progress (fraction in [0, 1]) with a message; null hides it. */
  progress(message: string | null, fraction?: number): void;
  /** Shows a load failure with a Retry button. */
  error(message: string, retry: () => void): void;
  /** Fills in the model's fixed numbers: parameters, weight bytes, held-out reconstruction loss. */
  setModelInfo(params: number, bytes: number, heldoutRecon: number | null): void;
  /** Shows this digit's error and how many code entries are near zero. */
  setDigit(bce: number, nearZero: number): void;
  /** Blanks the digit's numbers (no ink to encode). */
  clearDigit(): void;
  /** Shows or hides the pushed decoding and its caption. */
  setPushed(caption: string | null): void;
}

export interface VariantsView {
  pad: Pad;
  input: HTMLCanvasElement;
  heldoutIndex: HTMLInputElement;
  note: HTMLElement;
  push: RangeRow;
  setBase(base: PushBase): void;
  pushNote: HTMLElement;
  summary: ReturnType<typeof createCaption>;
  cards: VariantCard[];
  destroy(): void;
}

export interface VariantsHandlers {
  onStroke(): void;
  onClear(): void;
  onRandom(): void;
  onPick(index: number): void;
  onPush(entry: number): void;
  onBase(base: PushBase): void;
}

/** "z₅" */
export const entryName = (k: number): string => `z${String(k).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]!)}`;

function buildCard(v: Variant, onPick: (entry: number) => void): VariantCard {
  const element = el('article', 'aev-card');
  element.dataset.model = v.name;
  const head = el('header', 'aev-card__head');
  const title = el('h4', 'aev-card__title', v.title);
  const name = el('code', 'aev-card__name', v.name);
  head.append(title, name);
  const blurb = el('p', 'aev-card__blurb', v.blurb);
  const status = el('p', 'aev-card__status');
  status.setAttribute('role', 'status');
  const meter = el('progress', 'aev-card__progress');
  meter.max = 1;
  meter.setAttribute('aria-label', `Download progress of ${v.name}`);
  const imgs = el('div', 'aev-card__imgs');
  const recon = createDigitCanvas(`${v.title} autoencoder's reconstruction`, 'aev-card__recon');
  const f1 = el('figure', 'aev-card__fig');
  f1.append(recon, el('figcaption', '', 'Reconstruction'));
  const pushed = createDigitCanvas(`${v.title} autoencoder's decoding of the pushed code`, 'aev-card__pushed');
  const f2 = el('figure', 'aev-card__fig aev-card__fig--pushed');
  const pushCap = el('figcaption', '', '');
  f2.append(pushed, pushCap);
  f2.hidden = true;
  imgs.append(f1, f2);
  const stats = el('dl', 'aev-card__stats');
  const errOut = el('dd', 'aev-card__err', '–');
  const heldOut = el('dd', 'aev-card__heldout', '–');
  const paramsOut = el('dd', 'aev-card__params', '–');
  const bytesOut = el('dd', 'aev-card__bytes', '–');
  stats.append(
    el('dt', '', 'Error, this digit'),
    errOut,
    el('dt', '', 'Held-out mean'),
    heldOut,
    el('dt', '', 'Parameters'),
    paramsOut,
    el('dt', '', 'Weights'),
    bytesOut,
  );
  const bars = createCodeBars(`${v.title} autoencoder's 16 code entries as bars`, CODE_DIM, onPick);
  const sparsity = el('p', 'aev-card__sparsity', '');
  const body = el('div', 'aev-card__body');
  body.append(imgs, stats, bars.element, sparsity);
  body.hidden = true;
  element.append(head, blurb, status, meter, body);
  const errorBox = el('div', 'aev-card__error');
  errorBox.setAttribute('role', 'alert');
  errorBox.hidden = true;
  element.append(errorBox);
  return {
    variant: v,
    element,
    recon,
    pushed,
    bars,
    progress(message, fraction) {
      status.textContent = message ?? '';
      status.hidden = message === null;
      meter.hidden = message === null || fraction === undefined;
      if (fraction !== undefined) meter.value = Math.max(0, Math.min(1, fraction));
      if (message === null) {
        body.hidden = false;
        errorBox.hidden = true;
        element.dataset.state = 'ready';
      } else element.dataset.state = 'loading';
    },
    error(message, retry) {
      status.hidden = true;
      meter.hidden = true;
      errorBox.replaceChildren(el('p', '', message), button(`Retry ${v.name}`, retry));
      errorBox.hidden = false;
      element.dataset.state = 'error';
    },
    setModelInfo(params, bytes, heldoutRecon) {
      paramsOut.textContent = params.toLocaleString('en-US');
      bytesOut.textContent = formatBytes(bytes);
      heldOut.textContent = heldoutRecon === null ? 'not in the manifest' : `${heldoutRecon.toFixed(1)} nats`;
      if (heldoutRecon !== null) heldOut.dataset.value = String(heldoutRecon);
      element.dataset.params = String(params);
      element.dataset.bytes = String(bytes);
    },
    setDigit(bce, nearZero) {
      errOut.textContent = `${bce.toFixed(1)} nats`;
      errOut.dataset.value = bce.toFixed(4);
      sparsity.textContent = `${nearZero} of ${CODE_DIM} entries near zero`;
      element.dataset.nearZero = String(nearZero);
    },
    clearDigit() {
      errOut.textContent = '–';
      delete errOut.dataset.value;
      sparsity.textContent = '';
      delete element.dataset.nearZero;
    },
    setPushed(caption) {
      f2.hidden = caption === null;
      pushCap.textContent = caption ?? '';
    },
  };
}

/** Builds the whole widget inside root. */
export function buildVariantsView(
  root: HTMLElement,
  variants: readonly Variant[],
  init: { count: number; push: number; base: PushBase },
  h: VariantsHandlers,
): VariantsView {
  const wrap = el('div', 'aev');
  const top = el('div', 'aev__top');

  // The digit: a pad to draw on, a held-out picker, and the 28×28 image every encoder sees.
  const digitBox = el('section', 'aev__digit');
  digitBox.setAttribute('aria-label', 'The digit');
  const input = createDigitCanvas('The 28 by 28 image every encoder sees', 'aev__input');
  const inFig = el('figure', 'aev__in-fig');
  inFig.append(input, el('figcaption', '', 'What the encoders see'));
  digitBox.append(el('h3', 'aev__title', 'Draw a digit or pick one'));
  const {
    pad,
    index: heldoutIndex,
    note,
  } = digitSource(digitBox, {
    prefix: 'aev',
    count: init.count,
    beside: inFig,
    onStroke: () => h.onStroke(),
    onClear: h.onClear,
    onRandom: h.onRandom,
    onPick: h.onPick,
  });

  // Pushing one code entry to its held-out maximum.
  const pushBox = el('section', 'aev__push');
  pushBox.setAttribute('aria-label', 'Push one code entry');
  const push = rangeRow({
    label: 'Push code entry (0: none)',
    numberLabel: 'Pushed code entry number (0 for none)',
    min: 0,
    max: CODE_DIM,
    step: 1,
    value: init.push,
    decimals: 0,
    key: 'push',
    valueText: (k) => (k === 0 ? 'none' : `entry ${k} (${entryName(k)})`),
    onInput: (k) => h.onPush(Math.round(k)),
  });
  const base = radioGroup<PushBase>(
    'Push it in',
    'aev-base',
    [
      { value: 'digit', label: 'this digit’s code' },
      { value: 'mean', label: 'the average code' },
    ],
    init.base,
    h.onBase,
  );
  const pushNote = el('p', 'aev__note widget__explain');
  const summary = createCaption('caption aev__summary');
  pushBox.append(el('h3', 'aev__title', 'Push one code entry'), push.row, base.fieldset, pushNote, summary.element);
  top.append(digitBox, pushBox);

  const grid = el('div', 'aev__grid');
  const cards = variants.map((v) => buildCard(v, h.onPush));
  grid.append(...cards.map((c) => c.element));
  wrap.append(top, grid);
  root.append(wrap);
  return {
    pad,
    input,
    heldoutIndex,
    note,
    push,
    setBase: base.set,
    pushNote,
    summary,
    cards,
    destroy() {
      pad.destroy();
      summary.dispose();
      cards.forEach((c) => c.bars.destroy());
      wrap.remove();
    },
  };
}
