// DOM for the posterior inspector: the digit (held-out or drawn) with its pickers, the heat map with q's ellipse,
// the overview map, the bound-against-K plot with its K slider, and the numbers.
import { createLatentMap, type LatentMap } from '../shared/latent-map.ts';
import { createCaption } from '../shared/classifier.ts';
import { createPad, type Pad } from '../shared/pad.ts';
import { el, nextId } from '../shared/controls.ts';
import { markQuantity } from '../shared/quantities.ts';
import { button, heldoutField, onEnter } from '../shared/digit-source.ts';
import { createHeatMap, type HeatMap } from './heatmap.ts';
import { createBoundsPlot } from './bounds-plot.ts';
import { K_VALUES } from './grid-math.ts';

/** Held-out digits worth a look, found by scanning the held-out set (see the widget's README note in posterior.ts). */
export interface Example {
  digit: number;
  label: string;
}

export interface PosteriorHandlers {
  onStrokeEnd(): void;
  onClear(): void;
  onPick(index: number): void;
  onRandom(): void;
  onK(k: number): void;
  onResample(): void;
  onToggle(key: 'q' | 'bounds' | 'log', on: boolean): void;
}

export interface PosteriorView {
  pad: Pad;
  heat: HeatMap;
  map: LatentMap;
  bounds: ReturnType<typeof createBoundsPlot>;
  boundsPanel: HTMLElement;
  caption: ReturnType<typeof createCaption>;
  gridNote: HTMLElement;
  digitNote: HTMLElement;
  index: HTMLInputElement;
  kSlider: HTMLInputElement;
  kOut: HTMLOutputElement;
  numbers: Record<'logpx' | 'elbo' | 'iwae' | 'gap' | 'kl' | 'recon', HTMLElement>;
  setK(k: number): void;
  setBusy(busy: boolean): void;
  /** Shows a Retry button under the caption that calls `retry` (after a failed download), or hides it (null). */
  setRetry(retry: (() => void) | null): void;
  destroy(): void;
}

/** A checkbox with its label. */
function checkbox(text: string, on: boolean, onChange: (on: boolean) => void): HTMLLabelElement {
  const lab = el('label', 'post__check');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = on;
  box.addEventListener('change', () => onChange(box.checked));
  lab.append(box, document.createTextNode(` ${text}`));
  return lab;
}

export function buildPosteriorView(
  root: HTMLElement,
  count: number,
  examples: Example[],
  init: { k: number; q: boolean; bounds: boolean; log: boolean },
  h: PosteriorHandlers,
): PosteriorView {
  const wrap = el('div', 'post');

  // The digit: a pad that shows the held-out digit and can be drawn on, and the pickers.
  const digitCol = el('section', 'post__digit');
  digitCol.setAttribute('aria-label', 'The digit');
  digitCol.append(el('h3', 'post__title', 'The digit x'));
  const pad = createPad(196, 'The digit x. Draw a digit here with a mouse, finger or pen, or pick a held-out digit below', (reason) => {
    if (reason === 'end') h.onStrokeEnd();
  });
  const padBox = el('div', 'post__pad');
  padBox.append(pad.canvas);
  const row1 = el('div', 'post__buttons');
  const { label: pickLabel, input: index, pick: doPick } = heldoutField(count, 'post-idx', h.onPick, 'Held-out #');
  index.inputMode = 'numeric';
  onEnter(index, doPick);
  index.addEventListener('change', doPick);
  const pick = el('div', 'post__buttons');
  pick.append(pickLabel, index);
  row1.append(
    button('◀', () => h.onPick((Number(index.value) + count - 1) % count), 'Previous held-out digit'),
    button('▶', () => h.onPick((Number(index.value) + 1) % count), 'Next held-out digit'),
    button('Random', h.onRandom, 'Random held-out digit'),
    button('Clear', h.onClear, 'Clear, to draw your own digit'),
  );
  const exSel = el('select');
  exSel.id = nextId('post-ex');
  const exLabel = el('label', '', 'Examples');
  exLabel.htmlFor = exSel.id;
  exSel.append(new Option('choose…', ''));
  for (const ex of examples) exSel.append(new Option(`#${ex.digit}: ${ex.label}`, String(ex.digit)));
  exSel.addEventListener('change', () => {
    if (exSel.value !== '') h.onPick(Number(exSel.value));
    exSel.value = '';
  });
  const exRow = el('div', 'post__buttons');
  exRow.append(exLabel, exSel);
  const digitNote = el('p', 'post__note');
  digitCol.append(padBox, pick, row1, exRow, digitNote);

  // The heat map and its legend.
  const heatCol = el('section', 'post__heat');
  heatCol.setAttribute('aria-label', 'The true posterior and the encoder’s Gaussian');
  heatCol.append(el('h3', 'post__title', 'True posterior p(z|x) on a grid'));
  const heat = createHeatMap(
    'Heat map of the true posterior over the latent plane, zoomed on where its mass lies, with the encoder’s Gaussian drawn as ellipses. The numbers below describe it.',
  );
  const legend = el('div', 'post__legend');
  const key = (cls: string, dash: string) =>
    `<svg class="post__key" viewBox="0 0 28 12" aria-hidden="true"><rect width="28" height="12" rx="2" fill="#440154"/>` +
    `<line class="${cls}" x1="3" x2="25" y1="6" y2="6" stroke-dasharray="${dash}"/></svg>`;
  legend.innerHTML =
    '<span class="post__ramp" aria-hidden="true"></span><span>low → high posterior density</span>' +
    `<span>${key('pheat__hdr', 'none')}${key('pheat__hdr', '2 2')} p(z|x): 39 %, 86 % of its mass</span>` +
    `<span>${key('pheat__q-ell', 'none')}${key('pheat__q-ell', '6 3')} q(z|x): 1σ, 2σ (also 39 %, 86 %)</span>`;
  const toggles = el('div', 'post__toggles');
  toggles.append(
    checkbox('Encoder’s Gaussian q(z|x) and its samples', init.q, (on) => h.onToggle('q', on)),
    checkbox('Log colour scale', init.log, (on) => h.onToggle('log', on)),
    checkbox('ELBO and IWAE bounds', init.bounds, (on) => h.onToggle('bounds', on)),
  );
  const caption = createCaption('caption post__caption');
  const gridNote = el('p', 'post__note widget__explain');
  const retryButton = el('button', 'widget__retry', 'Retry');
  retryButton.type = 'button';
  retryButton.hidden = true;
  let onRetry: (() => void) | null = null;
  retryButton.addEventListener('click', () => onRetry?.());
  heatCol.append(heat.element, legend, toggles, caption.element, retryButton, gridNote);

  // Where the digit sits among the held-out codes (the shared latent map), with the heat map's window.
  const mapCol = el('section', 'post__overview');
  mapCol.setAttribute('aria-label', 'Overview of the latent space');
  const map = createLatentMap({
    label: 'The whole latent space: held-out codes as dots, this digit’s q(z|x) as an ellipse, and a square marking the zoomed heat map',
    size: 220,
  });
  mapCol.append(el('h3', 'post__title', 'Where it sits'), map.element, el('p', 'post__note widget__explain', 'The square is the heat map’s window.'));

  // The bounds.
  const boundsPanel = el('section', 'post__bounds');
  boundsPanel.setAttribute('aria-label', 'ELBO and importance-weighted bounds');
  boundsPanel.append(el('h3', 'post__title', 'The bound against K'));
  const bounds = createBoundsPlot(
    'Plot of the importance-weighted bound IWAE-K against K from 1 to 1000 on a log axis, between the ELBO and the grid estimate of log p(x). The numbers are listed below.',
  );
  const kRow = el('div', 'post__krow');
  const kSlider = el('input');
  kSlider.type = 'range';
  kSlider.min = '0';
  kSlider.max = String(K_VALUES.length - 1);
  kSlider.step = '1';
  kSlider.id = nextId('post-k');
  const kLabel = el('label', '', 'Samples K');
  kLabel.htmlFor = kSlider.id;
  const kOut = el('output', 'post__kout');
  kOut.htmlFor.add(kSlider.id);
  kSlider.addEventListener('input', () => h.onK(K_VALUES[Number(kSlider.value)]!));
  const resample = button('New samples', h.onResample);
  kRow.append(kLabel, kSlider, kOut, resample);
  const dl = el('dl', 'post__numbers');
  // Each number and its name carry data-quantity, so that the chapter's equation terms can point at them.
  const dd = (term: string, cls: string, quantity: string) => {
    const v = markQuantity(el('dd', cls), quantity);
    dl.append(markQuantity(el('dt', '', term), quantity), v);
    return v;
  };
  const numbers = {
    logpx: dd('log p(x), grid', 'n-logpx', 'logpx'),
    iwae: dd('IWAE-K', 'n-iwae', 'iwae'),
    elbo: dd('ELBO', 'n-elbo', 'elbo'),
    gap: dd('gap: KL(q(z|x) ‖ p(z|x))', 'n-gap', 'gap'),
    recon: dd('E_q[log p(x|z)], reconstruction', 'n-recon', 'recon'),
    kl: dd('KL(q(z|x) ‖ p(z))', 'n-kl', 'kl'),
  };
  boundsPanel.append(bounds.element, kRow, dl);

  wrap.append(digitCol, heatCol, mapCol, boundsPanel);
  root.append(wrap);
  const setK = (k: number) => {
    const i = K_VALUES.indexOf(k as (typeof K_VALUES)[number]);
    kSlider.value = String(Math.max(0, i));
    kOut.value = `K = ${k}`;
    kSlider.setAttribute('aria-valuetext', `K = ${k}`);
  };
  setK(init.k);
  boundsPanel.hidden = !init.bounds;
  return {
    pad,
    heat,
    map,
    bounds,
    boundsPanel,
    caption,
    gridNote,
    digitNote,
    index,
    kSlider,
    kOut,
    numbers,
    setK,
    setRetry(retry) {
      onRetry = retry;
      retryButton.hidden = !retry;
    },
    setBusy(busy) {
      wrap.classList.toggle('is-busy', busy);
      wrap.setAttribute('aria-busy', String(busy));
    },
    destroy() {
      pad.destroy();
      map.destroy();
      heat.destroy();
      bounds.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
