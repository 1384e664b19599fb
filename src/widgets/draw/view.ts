// DOM for the draw widget: the pad with its buttons, the encoder's input and reconstruction, μ and σ, the small map, sliders.
import { createDigitCanvas } from '../shared/digit-image.ts';
import { createLatentMap, type LatentMap } from '../shared/latent-map.ts';
import { createLegend } from '../shared/map-legend.ts';
import { createCodeSliders, type CodeSliders } from '../shared/code-sliders.ts';
import { createCaption } from '../shared/classifier.ts';
import { el } from '../shared/controls.ts';
import { digitSource } from '../shared/digit-source.ts';
import type { Pad } from '../shared/pad.ts';

export interface DrawView {
  pad: Pad;
  input: HTMLCanvasElement;
  recon: HTMLCanvasElement;
  reconLabel: HTMLElement;
  /** A note laid over the reconstruction square (while its decoder downloads, or after a failed download); hidden when empty. */
  reconNote: HTMLElement;
  map: LatentMap;
  sliders: CodeSliders;
  caption: ReturnType<typeof createCaption>;
  heldoutIndex: HTMLInputElement;
  heldoutNote: HTMLElement;
  setStats(mu: [number, number] | null, sigma: [number, number] | null): void;
  destroy(): void;
}

export interface DrawHandlers {
  onStroke(reason: 'stroke' | 'end'): void;
  onClear(): void;
  onRandom(): void;
  onPick(index: number): void;
  onCode(z: [number, number]): void;
}

const fmt = (v: number) => (v < 0 ? `−${Math.abs(v).toFixed(2)}` : v.toFixed(2));

export function buildDrawView(root: HTMLElement, count: number, isVae: boolean, h: DrawHandlers): DrawView {
  const wrap = el('div', 'draw');

  // Column 1: the pad.
  const padCol = el('section', 'draw__pad-col');
  padCol.setAttribute('aria-label', 'Drawing');
  // Not "Draw a digit": that is the widget's title, which its embed page already shows as its heading.
  const padTitle = el('h3', 'draw__title', 'The digit');
  padCol.append(padTitle);
  const {
    pad,
    index: heldoutIndex,
    note: heldoutNote,
  } = digitSource(padCol, {
    prefix: 'draw',
    count,
    onStroke: h.onStroke,
    onClear: h.onClear,
    onRandom: h.onRandom,
    onPick: h.onPick,
  });

  // Column 2: what the encoder sees, and the reconstruction.
  const outCol = el('section', 'draw__out-col');
  outCol.setAttribute('aria-label', 'Encoder input and reconstruction');
  const pair = el('div', 'draw__pair');
  const input = createDigitCanvas('The 28 by 28 image the encoder sees', 'draw__input');
  const recon = createDigitCanvas('The digit decoded from the code', 'draw__recon');
  const fig1 = el('figure', 'draw__fig');
  const cap1 = el('figcaption', '', 'Encoder input (28×28)');
  fig1.append(input, cap1);
  const fig2 = el('figure', 'draw__fig');
  const reconLabel = el('figcaption', '', 'Reconstruction');
  // The note sits over the square, so showing or hiding it never moves anything.
  const reconBox = el('div', 'draw__recon-box');
  const reconNote = el('div', 'widget__over-note draw__recon-note');
  reconNote.hidden = true;
  reconBox.append(recon, reconNote);
  fig2.append(reconBox, reconLabel);
  pair.append(fig1, fig2);
  const caption = createCaption('caption draw__caption');
  const stats = el('dl', 'draw__stats');
  const muOut = el('dd');
  const sigmaOut = el('dd');
  stats.append(el('dt', '', isVae ? 'μ' : 'z'), muOut);
  if (isVae) stats.append(el('dt', '', 'σ'), sigmaOut);
  const sliders = createCodeSliders(4, h.onCode, 'Or set the code yourself');
  outCol.append(pair, caption.element, stats, sliders.element);

  // Column 3: the small latent map.
  const mapCol = el('section', 'draw__map-col');
  mapCol.setAttribute('aria-label', 'Latent space');
  const map = createLatentMap({
    label: `The latent space: the held-out digits' codes as coloured dots, your digit's code as a larger dot${isVae ? ' with its σ-ellipse' : ''}`,
    size: 240,
  });
  const mapCap = el(
    'p',
    'draw__note widget__explain',
    isVae
      ? 'Your code μ and its σ-ellipse, among the held-out digits’ codes; dashed circles: the prior N(0, I) at 1, 2, 3σ.'
      : 'Your code among the held-out digits’ codes.',
  );
  mapCol.append(map.element, createLegend(), mapCap);

  wrap.append(padCol, outCol, mapCol);
  root.append(wrap);
  return {
    pad,
    input,
    recon,
    reconLabel,
    reconNote,
    map,
    sliders,
    caption,
    heldoutIndex,
    heldoutNote,
    setStats(mu, sigma) {
      muOut.textContent = mu ? `(${fmt(mu[0])}, ${fmt(mu[1])})` : '–';
      sigmaOut.textContent = sigma ? `(${fmt(sigma[0])}, ${fmt(sigma[1])})` : '–';
    },
    destroy() {
      pad.destroy();
      map.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
