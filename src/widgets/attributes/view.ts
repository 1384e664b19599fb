// DOM for the attributes widget: attribute and group choice, the starting digit (held-out or drawn), the α slider with
// the decoded output and its measured attribute, the plot of attribute against α, and a strip of outputs.
import { createDigitCanvas } from '../shared/digit-image.ts';
import { createLegend } from '../shared/map-legend.ts';
import { createCaption } from '../shared/classifier.ts';
import { createPad, type Pad } from '../shared/pad.ts';
import { el, nextId, radioGroup } from '../shared/controls.ts';
import { PAD_LABEL, button, heldoutField } from '../shared/digit-source.ts';
import { createAttributePlot, type AttributePlot } from './plot.ts';
import { ATTRIBUTES, ATTRIBUTE_INFO, type Attribute } from './measure.ts';
import { ALPHA_MAX, GROUP_MODES, STRIP_STEPS } from './state.ts';
import type { GroupMode } from './directions.ts';

export interface AttributesHandlers {
  onAttr(a: Attribute): void;
  onGroups(g: GroupMode): void;
  onPick(i: number): void;
  onRandom(): void;
  onStroke(): void;
  onClear(): void;
  onAlpha(alpha: number): void;
}

export interface AttributesView {
  directionNote: HTMLElement;
  input: HTMLCanvasElement;
  inputNote: HTMLElement;
  heldoutIndex: HTMLInputElement;
  pad: Pad;
  alpha: HTMLInputElement;
  alphaOut: HTMLOutputElement;
  output: HTMLCanvasElement;
  caption: ReturnType<typeof createCaption>;
  measured: HTMLElement;
  plot: AttributePlot;
  strip: HTMLCanvasElement;
  stripTicks: HTMLElement[];
  destroy(): void;
}

const GROUP_LABELS: Record<GroupMode, string> = { pooled: 'All digits together', 'within-class': 'Within each class, averaged' };

/** A radio group styled for this widget. */
function radios<T extends string>(
  legend: string,
  name: string,
  values: readonly T[],
  labels: (v: T) => string,
  current: T,
  onChange: (v: T) => void,
) {
  const { fieldset } = radioGroup(
    legend,
    name,
    values.map((value) => ({ value, label: labels(value) })),
    current,
    onChange,
  );
  fieldset.classList.add('at__radios');
  return fieldset;
}

export function buildAttributesView(
  root: HTMLElement,
  init: { attr: Attribute; groups: GroupMode; digit: number; alpha: number; count: number },
  h: AttributesHandlers,
): AttributesView {
  const wrap = el('div', 'at');
  const group = nextId('at');

  const top = el('div', 'at__top');
  top.append(
    radios('Attribute', `${group}-attr`, ATTRIBUTES, (a) => ATTRIBUTE_INFO[a].label, init.attr, h.onAttr),
    radios('Top and bottom quarters of', `${group}-groups`, GROUP_MODES, (g) => GROUP_LABELS[g], init.groups, h.onGroups),
  );
  const directionNote = el('p', 'at__note at__direction widget__explain');
  directionNote.setAttribute('aria-live', 'polite');

  const main = el('div', 'at__main');

  // Starting digit.
  const srcCol = el('section', 'at__col');
  srcCol.setAttribute('aria-label', 'Starting digit');
  srcCol.append(el('h3', 'at__h', 'Start from'));
  const input = createDigitCanvas('The starting digit', 'at__digit');
  const inputNote = el('p', 'at__note');
  const pick = el('div', 'at__pick');
  const { label: pickLabel, input: heldoutIndex, pick: doPick } = heldoutField(init.count, 'at-idx', h.onPick);
  heldoutIndex.value = String(init.digit);
  heldoutIndex.addEventListener('change', doPick);
  const random = button('Random', h.onRandom);
  pick.append(pickLabel, heldoutIndex, random);
  const drawBox = el('details', 'at__draw');
  drawBox.append(el('summary', '', 'Or draw your own'));
  const pad = createPad(280, PAD_LABEL, () => h.onStroke());
  drawBox.append(pad.canvas, button('Clear drawing', h.onClear));
  srcCol.append(input, inputNote, pick, drawBox);

  // α and the output.
  const outCol = el('section', 'at__col');
  outCol.setAttribute('aria-label', 'Edited digit');
  outCol.append(el('h3', 'at__h', 'Add α times the direction'));
  const alphaRow = el('div', 'at__alpha');
  const alphaLabel = el('label', '', 'α');
  const alpha = el('input');
  alpha.type = 'range';
  alpha.min = String(-ALPHA_MAX);
  alpha.max = String(ALPHA_MAX);
  alpha.step = '0.1';
  alpha.value = String(init.alpha);
  alpha.id = `${group}-alpha`;
  alphaLabel.htmlFor = alpha.id;
  const alphaOut = el('output', 'at__alpha-out');
  alphaOut.htmlFor.add(alpha.id);
  alpha.addEventListener('input', () => h.onAlpha(Number(alpha.value)));
  alphaRow.append(alphaLabel, alpha, alphaOut);
  const output = createDigitCanvas('The decoded digit after adding α times the direction', 'at__digit');
  const caption = createCaption('caption at__caption');
  const measured = el('p', 'at__measured');
  measured.setAttribute('aria-live', 'polite');
  outCol.append(alphaRow, output, measured, caption.element);

  // The plot.
  const plotCol = el('section', 'at__col at__plot-col');
  plotCol.setAttribute('aria-label', 'Measured attribute against α');
  plotCol.append(el('h3', 'at__h', 'Does it do what it says?'));
  const plot = createAttributePlot('The measured attribute of the output for α from −2 to 2; each dot coloured by the class the classifier reads');
  plotCol.append(
    plot.element,
    el(
      'p',
      'at__note widget__explain',
      'The attribute measured on each output, for α from −2 to 2. Each dot has the colour of the digit the classifier reads:',
    ),
    createLegend(),
  );
  main.append(srcCol, outCol, plotCol);

  // Strip of outputs across α.
  const stripSec = el('section', 'at__strip-sec');
  const strip = el('canvas', 'pixelated at__strip');
  strip.width = STRIP_STEPS * 28;
  strip.height = 28;
  strip.setAttribute('role', 'img');
  strip.setAttribute('aria-label', `${STRIP_STEPS} outputs for α from −2 to 2`);
  const ticks = el('div', 'at__ticks');
  ticks.setAttribute('aria-hidden', 'true');
  const stripTicks = Array.from({ length: STRIP_STEPS }, () => {
    const t = el('span');
    ticks.append(t);
    return t;
  });
  stripSec.append(
    el('p', 'at__note at__strip-note widget__explain', 'Outputs at α = −2, −1.5, …, 2, with α and the measured attribute under each.'),
    strip,
    ticks,
  );

  wrap.append(top, directionNote, main, stripSec);
  root.append(wrap);
  return {
    directionNote,
    input,
    inputNote,
    heldoutIndex,
    pad,
    alpha,
    alphaOut,
    output,
    caption,
    measured,
    plot,
    strip,
    stripTicks,
    destroy() {
      pad.destroy();
      plot.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
