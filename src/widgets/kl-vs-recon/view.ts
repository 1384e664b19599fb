// DOM for kl-vs-recon: controls, three panels (map, prior samples, reconstructions, numbers; one at a time on phones),
// the five inputs and their chooser, the R–D plot.
import { drawDigitGrid } from '../shared/digit-image.ts';
import { createLatentMap, type LatentMap } from '../shared/latent-map.ts';
import { createLegend } from '../shared/map-legend.ts';
import { createCaption } from '../shared/classifier.ts';
import { select } from 'd3-selection';
import { createRdPlot, type RdPlot } from './rd-plot.ts';
import { BETAS, INPUTS, SAMPLES, type Beta } from './state.ts';
import { el, nextId, radioGroup } from '../shared/controls.ts';

export type PanelKey = 'recon' | 'kl' | 'both';

export interface Panel {
  key: PanelKey;
  element: HTMLElement;
  title: HTMLElement;
  subtitle: HTMLElement;
  /**
   * Shows the map of one model, creating it on first use (`fresh` is then true and the caller plots its points).
   * Maps are kept, hidden, so that stepping back to a model shows its 2,000 points without redrawing them.
   */
  showMap(model: string): { map: LatentMap; fresh: boolean };
  prior: HTMLCanvasElement;
  recon: HTMLCanvasElement;
  /** The note over both strips while the panel's decoder downloads or after it failed (shared/decoder-note.ts). */
  decoderNote: HTMLElement;
  caption: ReturnType<typeof createCaption>;
  /** Marks the prior samples (+) and the five inputs (numbered) on the map, in its current domain. */
  setOverlay(prior: number[][], inputs: number[][]): void;
  destroyMaps(): void;
}

export interface KlrHandlers {
  onBeta(beta: Beta): void;
  onReroll(): void;
  onOtherDigits(): void;
  onDigits(indices: number[]): void;
  onEnds(on: boolean): void;
}

export interface KlrView {
  panels: Record<PanelKey, Panel>;
  inputs: HTMLCanvasElement;
  inputsNote: HTMLElement;
  beta: HTMLInputElement;
  betaOut: HTMLOutputElement;
  seedOut: HTMLElement;
  digitsInput: HTMLInputElement;
  ends: HTMLInputElement;
  plot: RdPlot;
  /** Shows a β without firing onBeta. */
  setBeta(beta: Beta): void;
  setDigits(indices: number[]): void;
  destroy(): void;
}

const id = (s: string) => nextId(`klr-${s}`);

const TITLES: Record<PanelKey, [string, string]> = {
  recon: ['Reconstruction only', 'β = 0: the KL term is dropped'],
  kl: ['KL only', 'the encoder sees only the KL term'],
  both: ['Both', ''],
};

/** A strip of `n` digits on one canvas, with an accessible name. */
function strip(n: number, label: string, cls: string): HTMLCanvasElement {
  const c = el('canvas', `pixelated klr__strip ${cls}`);
  c.width = n * 28;
  c.height = 28;
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', label);
  drawDigitGrid(c, new Float32Array(n * 784), n, n);
  return c;
}

function buildPanel(key: PanelKey): Panel {
  const element = el('section', `klr__panel klr__panel--${key}`);
  element.dataset.panel = key;
  const [name, sub] = TITLES[key];
  const title = el('h3', 'klr__title', name);
  const subtitle = el('p', 'klr__sub', sub);
  const mapBox = el('div', 'klr__mapbox');
  const maps = new Map<string, { map: LatentMap; over: SVGGElement }>();
  let current: { map: LatentMap; over: SVGGElement } | null = null;
  let lastOverlay: [number[][], number[][]] | null = null;
  const priorLabel = el('p', 'klr__rowlabel', `${SAMPLES} samples from the prior, decoded`);
  const prior = strip(SAMPLES, `${name}: ${SAMPLES} digits decoded from samples of the prior`, 'klr__prior');
  const reconLabel = el('p', 'klr__rowlabel', 'The five inputs, reconstructed');
  const recon = strip(INPUTS, `${name}: reconstructions of the five input digits`, 'klr__recon');
  const caption = createCaption('caption klr__numbers');
  const strips = el('div', 'klr__strips');
  const decoderNote = el('div', 'widget__over-note klr__decoder-note');
  decoderNote.hidden = true;
  strips.append(priorLabel, prior, reconLabel, recon, decoderNote);
  element.append(title, subtitle, mapBox, strips, caption.element);
  return {
    key,
    element,
    title,
    subtitle,
    showMap(model) {
      let entry = maps.get(model);
      const fresh = !entry;
      if (!entry) {
        const map = createLatentMap({
          label: `${name}: latent map of the 2,000 held-out digits`,
          axes: true,
          size: 300,
          // Larger labels on a phone move the axes: the marks follow.
          onFrame: () => lastOverlay && current?.map === map && drawOverlay(...lastOverlay),
        });
        const over = select(map.svg).append('g').attr('class', 'klr__overlay').node()!;
        entry = { map, over };
        maps.set(model, entry);
        mapBox.append(map.element);
      }
      for (const e of maps.values()) e.map.element.hidden = e !== entry;
      current = entry;
      return { map: entry.map, fresh };
    },
    prior,
    recon,
    decoderNote,
    caption,
    destroyMaps() {
      for (const e of maps.values()) e.map.destroy();
      maps.clear();
    },
    setOverlay(priorZ, inputZ) {
      lastOverlay = [priorZ, inputZ];
      drawOverlay(priorZ, inputZ);
    },
  };
  function drawOverlay(priorZ: number[][], inputZ: number[][]): void {
    if (!current) return;
    const { map } = current;
    const gOver = select(current.over);
    gOver.selectAll('*').remove();
    const half = map.domain();
    const clampV = (v: number) => Math.max(-half, Math.min(half, v));
    for (const z of priorZ) {
      const cx = map.x(clampV(z[0]!));
      const cy = map.y(clampV(z[1]!));
      gOver
        .append('path')
        .attr('class', 'klr__prior-pt')
        .attr('d', `M${cx - 6},${cy}h12M${cx},${cy - 6}v12`);
    }
    inputZ.forEach((z, i) => {
      const g = gOver
        .append('g')
        .attr('class', 'klr__input-pt')
        .attr('transform', `translate(${map.x(clampV(z[0]!))},${map.y(clampV(z[1]!))})`);
      g.append('circle').attr('r', 5);
      g.append('text')
        .attr('x', 6)
        .attr('y', -6)
        .text(String(i + 1));
    });
  }
}

export function buildKlrView(
  root: HTMLElement,
  init: { beta: Beta; seed: number; digits: number[]; ends: boolean; count: number },
  h: KlrHandlers,
): KlrView {
  const wrap = el('div', 'klr');

  // Controls.
  const controls = el('div', 'klr__controls');
  const betaBox = el('div', 'klr__beta');
  const betaLabel = el('label', 'klr__beta-label', 'β of the “Both” panel ');
  const beta = el('input');
  beta.type = 'range';
  beta.min = '0';
  beta.max = String(BETAS.length - 1);
  beta.step = '1';
  beta.id = id('beta');
  betaLabel.htmlFor = beta.id;
  const betaOut = el('output', 'klr__beta-out');
  betaOut.htmlFor.add(beta.id);
  const ticks = el('div', 'klr__ticks');
  ticks.setAttribute('aria-hidden', 'true');
  BETAS.forEach((b, i) => {
    const t = el('span', '', b);
    // The thumb's centre runs from half a thumb in from the left to half a thumb in from the right.
    t.style.left = `calc(0.5rem + ${i} * (100% - 1rem) / ${BETAS.length - 1})`;
    ticks.append(t);
  });
  const setBeta = (b: Beta) => {
    beta.value = String(BETAS.indexOf(b));
    beta.setAttribute('aria-valuetext', `β = ${b}`);
    betaOut.textContent = `β = ${b}`;
  };
  setBeta(init.beta);
  beta.addEventListener('input', () => {
    const b = BETAS[Number(beta.value)];
    if (!b) return;
    setBeta(b);
    h.onBeta(b);
  });
  betaBox.dataset.quantity = 'beta';
  const betaHead = el('div', 'klr__beta-head');
  betaHead.append(betaLabel, betaOut);
  betaBox.append(betaHead, beta, ticks);

  const buttons = el('div', 'klr__buttons');
  const reroll = el('button', '', 'New prior samples');
  reroll.type = 'button';
  reroll.addEventListener('click', h.onReroll);
  const seedOut = el('span', 'klr__seed');
  const other = el('button', '', 'Other input digits');
  other.type = 'button';
  other.addEventListener('click', h.onOtherDigits);
  buttons.append(reroll, seedOut, other);

  const digitsRow = el('div', 'klr__digits');
  const digitsLabel = el('label', '', 'Input digits (held-out #)');
  const digitsInput = el('input', 'klr__digits-input');
  digitsInput.type = 'text';
  digitsInput.inputMode = 'numeric';
  digitsInput.id = id('digits');
  digitsInput.autocomplete = 'off';
  digitsInput.spellcheck = false;
  digitsLabel.htmlFor = digitsInput.id;
  const digitsHelp = el(
    'p',
    'klr__note widget__explain',
    `Five different numbers from 0 to ${init.count - 1}, separated by commas; Enter applies them.`,
  );
  digitsHelp.id = id('digits-help');
  digitsInput.setAttribute('aria-describedby', digitsHelp.id);
  const applyDigits = () => {
    const v = digitsInput.value
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number);
    const ok = v.length === INPUTS && v.every((n) => Number.isInteger(n) && n >= 0 && n < init.count) && new Set(v).size === INPUTS;
    digitsInput.setAttribute('aria-invalid', ok ? 'false' : 'true');
    if (ok) h.onDigits(v);
  };
  digitsInput.addEventListener('change', applyDigits);
  digitsRow.append(digitsLabel, digitsInput, digitsHelp);
  controls.append(betaBox, buttons);

  // The five inputs.
  const inputsBox = el('div', 'klr__inputs');
  inputsBox.append(el('p', 'klr__rowlabel', 'The five input digits (numbered 1–5 on each map)'));
  const inputs = strip(INPUTS, 'The five input digits', 'klr__input-strip');
  const inputsNote = el('p', 'klr__note');
  inputsBox.append(inputs, inputsNote, digitsRow);

  // Panels. On phones one panel shows at a time, in place, and the switch above swaps them (the same spot on the screen,
  // so the maps and strips compare at a glance); wider screens show all three side by side and hide the switch.
  const panelsBox = el('div', 'klr__panels');
  const panels = { recon: buildPanel('recon'), kl: buildPanel('kl'), both: buildPanel('both') };
  panelsBox.append(panels.recon.element, panels.kl.element, panels.both.element);
  panelsBox.dataset.show = 'both';
  const switcher = radioGroup<PanelKey>(
    'Show the panel',
    'klr-show',
    [
      { value: 'recon', label: 'Reconstruction only' },
      { value: 'kl', label: 'KL only' },
      { value: 'both', label: 'Both' },
    ],
    'both',
    (v) => (panelsBox.dataset.show = v),
  );
  switcher.fieldset.classList.add('klr__switch');
  const legendRow = el('div', 'klr__legend');
  const key = el(
    'p',
    'klr__note widget__explain',
    'Dots: held-out codes μ, coloured by digit. +: the prior samples decoded below each map. Dashed circles: the prior N(0, I) at 1, 2 and 3σ. Each map has its own scale.',
  );
  legendRow.append(createLegend(), key);

  // Rate–distortion plot.
  const rdSec = el('section', 'klr__rd-sec');
  const rdHead = el('div', 'klr__rd-head');
  rdHead.append(el('h3', 'klr__title', 'Rate and distortion of every model'));
  const endsLabel = el('label', 'klr__check');
  const ends = el('input');
  ends.type = 'checkbox';
  ends.checked = init.ends;
  ends.addEventListener('change', () => h.onEnds(ends.checked));
  endsLabel.append(ends, document.createTextNode(' Include the one-term models'));
  rdHead.append(endsLabel);
  const plot = createRdPlot((b) => {
    setBeta(b);
    h.onBeta(b);
  });
  const rdNote = el(
    'p',
    'klr__note widget__explain',
    'Held-out averages over 2,000 digits, from the manifest. The ring marks the β of the “Both” panel; its line is D + βR = constant, the objective that β-VAE minimises. Tap a point to select its β.',
  );
  rdSec.append(rdHead, plot.element, rdNote);

  // The switch and the panels follow the β slider closely, so that on a phone the slider and a map share the screen.
  wrap.append(controls, switcher.fieldset, panelsBox, inputsBox, legendRow, rdSec);
  root.append(wrap);

  return {
    panels,
    inputs,
    inputsNote,
    beta,
    betaOut,
    seedOut,
    digitsInput,
    ends,
    plot,
    setBeta,
    setDigits(indices) {
      digitsInput.value = indices.join(', ');
      digitsInput.setAttribute('aria-invalid', 'false');
    },
    destroy() {
      for (const p of Object.values(panels)) {
        p.destroyMaps();
        p.caption.dispose();
      }
      plot.destroy();
      wrap.remove();
    },
  };
}
