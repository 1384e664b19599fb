// DOM for the conditional VAE: class buttons, the two latent maps side by side, the decoded digit and samples of the
// chosen class, the style row (one code, ten labels), and a drawing re-rendered as every digit.
import { createDigitCanvas } from '../shared/digit-image.ts';
import { createLatentMap, type LatentMap } from '../shared/latent-map.ts';
import { createLegend } from '../shared/map-legend.ts';
import type { Point } from '../shared/map-cursor.ts';
import { createCodeSliders, type CodeSliders } from '../shared/code-sliders.ts';
import { createCaption } from '../shared/classifier.ts';
import type { Pad } from '../shared/pad.ts';
import { el, nextId } from '../shared/controls.ts';
import { button, padBlock } from '../shared/digit-source.ts';

export interface CvaeHandlers {
  onLabel(k: number): void;
  onCursor(z: Point): void;
  onStroke(): void;
  onClear(): void;
  onUseStyle(): void;
}

export interface CvaeView {
  labels: HTMLInputElement[];
  vaeMap: LatentMap;
  cvaeMap: LatentMap;
  separation: HTMLElement;
  digit: HTMLCanvasElement;
  /** A note over the digit (shared/decoder-note.ts): cvae-2d downloading after a shipped first frame, or its failure with Retry. */
  digitNote: HTMLElement;
  digitTitle: HTMLElement;
  caption: ReturnType<typeof createCaption>;
  coords: HTMLElement;
  sliders: CodeSliders;
  samples: HTMLCanvasElement;
  samplesNote: HTMLElement;
  style: HTMLCanvasElement;
  styleReads: HTMLElement[];
  styleNote: HTMLElement;
  setStyleHighlight(k: number): void;
  pad: Pad;
  drawnRow: HTMLCanvasElement;
  drawnReads: HTMLElement[];
  drawnNote: HTMLElement;
  useStyle: HTMLButtonElement;
  destroy(): void;
}

/** A row of ten digit images with the label under each (used by the style row and the drawing's row). */
function tenRow(label: string): { box: HTMLElement; canvas: HTMLCanvasElement; reads: HTMLElement[]; hi: HTMLElement } {
  const box = el('div', 'cv__row');
  const frame = el('div', 'cv__row-frame');
  const canvas = el('canvas', 'pixelated cv__row-canvas');
  canvas.width = 280;
  canvas.height = 28;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const hi = el('div', 'cv__row-hi');
  hi.hidden = true;
  frame.append(canvas, hi);
  const ticks = el('div', 'cv__row-ticks');
  ticks.setAttribute('aria-hidden', 'true');
  const reads: HTMLElement[] = [];
  for (let k = 0; k < 10; k++) {
    const t = el('span', 'cv__tick');
    t.append(el('b', '', String(k)));
    const r = el('span', 'cv__read');
    t.append(r);
    reads.push(r);
    ticks.append(t);
  }
  box.append(frame, ticks);
  return { box, canvas, reads, hi };
}

export function buildCvaeView(root: HTMLElement, init: { label: number }, h: CvaeHandlers): CvaeView {
  const wrap = el('div', 'cv');
  const group = nextId('cv');

  // The class to generate: native radios styled as a row of buttons (Tab in, arrow keys move).
  const classes = el('fieldset', 'cv__classes');
  classes.append(el('legend', '', 'Digit to generate'));
  const labels = Array.from({ length: 10 }, (_, k) => {
    const lab = el('label', 'cv__class');
    const r = el('input');
    r.type = 'radio';
    r.name = `${group}-label`;
    r.value = String(k);
    r.checked = k === init.label;
    r.addEventListener('change', () => r.checked && h.onLabel(k));
    lab.append(r, el('span', '', String(k)));
    classes.append(lab);
    return r;
  });

  // The two maps, side by side, and the decoded digit.
  const main = el('div', 'cv__main');
  const mapFig = (title: string, map: LatentMap) => {
    const f = el('figure', 'cv__map');
    f.append(el('figcaption', 'cv__h', title), map.element);
    return f;
  };
  const vaeMap = createLatentMap({ label: 'Latent map of vae-2d: held-out digits coloured by class; the model never saw a label', axes: true });
  const cvaeMap = createLatentMap({
    label: 'Style cursor on the latent map of cvae-2d',
    interactive: true,
    axes: true,
    onCursor: (z) => h.onCursor(z),
  });
  const maps = el('div', 'cv__maps');
  maps.append(mapFig('vae-2d: no label', vaeMap), mapFig('cvae-2d: label given', cvaeMap));
  const legendRow = el('div', 'cv__legend');
  const separation = el('p', 'cv__note');
  separation.setAttribute('aria-live', 'polite');
  legendRow.append(createLegend(), separation);
  const mapsCol = el('div', 'cv__maps-col');
  mapsCol.append(maps, legendRow);

  const side = el('div', 'cv__side');
  const digitTitle = el('h3', 'cv__h');
  const digit = createDigitCanvas('The digit decoded at the cursor with the chosen label', 'cv__digit');
  const digitBox = el('div', 'cv__digit-box');
  const digitNote = el('div', 'widget__over-note cv__digit-note');
  digitNote.hidden = true;
  digitBox.append(digit, digitNote);
  const caption = createCaption('caption cv__caption');
  const coords = el('p', 'cv__coords');
  const sliders = createCodeSliders(4, (z) => h.onCursor(z), 'Style code');
  const samplesTitle = el('h3', 'cv__h', 'Samples from the prior');
  const samples = el('canvas', 'pixelated cv__samples');
  samples.setAttribute('role', 'img');
  samples.setAttribute('aria-label', 'Twenty-five codes spread evenly over the prior, each decoded with the chosen label');
  const samplesNote = el('p', 'cv__note');
  samplesNote.setAttribute('aria-live', 'polite');
  side.append(digitTitle, digitBox, caption.element, coords, sliders.element, samplesTitle, samples, samplesNote);
  main.append(mapsCol, side);

  // Style transfer: the cursor's code with every label.
  const styleSec = el('section', 'cv__sec cv__style');
  styleSec.append(el('h3', 'cv__h', 'One style, every label'));
  const s = tenRow('The cursor’s code decoded with each label from 0 to 9');
  const styleNote = el('p', 'cv__note');
  styleNote.setAttribute('aria-live', 'polite');
  styleSec.append(
    el(
      'p',
      'cv__note widget__explain',
      'The cursor’s code on the cvae-2d map, decoded once with each label. Under each: the label, and what the classifier reads.',
    ),
    s.box,
    styleNote,
  );

  // Draw a digit: encoded with the classifier's label, re-rendered as every digit.
  const drawSec = el('section', 'cv__sec cv__draw');
  drawSec.append(el('h3', 'cv__h', 'Your handwriting, every digit'));
  const padCol = el('div', 'cv__pad-col');
  const useStyle = button('Put this style on the map', h.onUseStyle);
  useStyle.disabled = true;
  const { pad } = padBlock(padCol, {
    prefix: 'cv',
    onStroke: () => h.onStroke(),
    onClear: h.onClear,
    buttons: [useStyle],
  });
  const outCol = el('div', 'cv__out-col');
  const d = tenRow('Your drawing’s code decoded with each label from 0 to 9');
  const drawnNote = el('p', 'cv__note');
  drawnNote.setAttribute('aria-live', 'polite');
  outCol.append(
    el(
      'p',
      'cv__note widget__explain',
      'Draw a digit. The classifier names it, the encoder turns your drawing and that label into a style code, and the decoder draws that code with every label.',
    ),
    d.box,
    drawnNote,
  );
  const drawGrid = el('div', 'cv__draw-grid');
  drawGrid.append(padCol, outCol);
  drawSec.append(drawGrid);

  main.append(styleSec);
  wrap.append(classes, main, drawSec);
  root.append(wrap);

  return {
    labels,
    vaeMap,
    cvaeMap,
    separation,
    digit,
    digitNote,
    digitTitle,
    caption,
    coords,
    sliders,
    samples,
    samplesNote,
    style: s.canvas,
    styleReads: s.reads,
    styleNote,
    setStyleHighlight(k) {
      s.hi.hidden = false;
      s.hi.style.left = `${10 * k}%`;
    },
    pad,
    drawnRow: d.canvas,
    drawnReads: d.reads,
    drawnNote,
    useStyle,
    destroy() {
      pad.destroy();
      vaeMap.destroy();
      cvaeMap.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
