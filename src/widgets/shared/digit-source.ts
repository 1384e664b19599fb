// Where a widget's digit comes from: a drawing pad with its buttons, and a field that picks a held-out digit by number.
// Built in layers, so each widget takes what it needs: button → heldoutField → padBlock → digitSource.
import { createPad, type Pad } from './pad.ts';
import { el, nextId } from './controls.ts';
import { loadYourDigit, onYourDigit, YOUR_DIGIT_SIDE } from './your-digit.ts';

/** The pad's usual accessible name. */
export const PAD_LABEL = 'Drawing area: draw a digit here with a mouse, finger or pen';

/** A plain button (type="button"); ariaLabel replaces its text as the accessible name. */
export function button(text: string, onClick: () => void, ariaLabel?: string): HTMLButtonElement {
  const b = el('button', '', text);
  b.type = 'button';
  if (ariaLabel) b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', onClick);
  return b;
}

export interface HeldoutField {
  label: HTMLLabelElement;
  input: HTMLInputElement;
  /** Calls onPick with the field's value when it is an integer in [0, count); otherwise does nothing. */
  pick(): void;
}

/** A labelled number field for a held-out digit's index (0 … count − 1); the caller wires pick() to Enter, change or a button. */
export function heldoutField(count: number, idPrefix: string, onPick: (index: number) => void, text = 'Held-out digit #'): HeldoutField {
  const input = el('input');
  input.type = 'number';
  input.min = '0';
  input.max = String(count - 1);
  input.step = '1';
  input.id = nextId(idPrefix);
  const label = el('label', '', text);
  label.htmlFor = input.id;
  const pick = () => {
    const v = Number(input.value);
    if (input.value !== '' && Number.isInteger(v) && v >= 0 && v < count) onPick(v);
  };
  return { label, input, pick };
}

/** Calls fn when Enter is pressed in the field. */
export function onEnter(input: HTMLInputElement, fn: () => void): void {
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') fn();
  });
}

export interface PadBlockOptions {
  /** The widget's class prefix: 'draw' gives draw__pad-box, draw__buttons (and draw__pick, draw__note in digitSource). */
  prefix: string;
  /** The pad's side in canvas pixels (280). */
  size?: number;
  /** The pad's accessible name (PAD_LABEL). */
  label?: string;
  onStroke(reason: 'stroke' | 'end'): void;
  onClear(): void;
  /** Buttons after Clear in the same row. */
  buttons?: HTMLButtonElement[];
  /** Shown beside the pad, in a wrapping row (prefix__pad-row). */
  beside?: HTMLElement;
}

export interface PadBlock {
  pad: Pad;
  padBox: HTMLElement;
  buttons: HTMLElement;
}

/** A drawing pad in its box, then a row with a Clear button and any others; appended to parent. */
export function padBlock(parent: HTMLElement, o: PadBlockOptions): PadBlock {
  const pad = createPad(o.size ?? 280, o.label ?? PAD_LABEL, o.onStroke);
  const padBox = el('div', `${o.prefix}__pad-box`);
  padBox.append(pad.canvas);
  const buttons = el('div', `${o.prefix}__buttons wbuttons`);
  // "Your digit": the last digit the reader drew on any pad in this book (shared/your-digit.ts), shown once there is one.
  const yours = button(
    'Your digit',
    () => {
      const ink = loadYourDigit();
      if (!ink) return;
      pad.showDigit(ink, YOUR_DIGIT_SIDE);
      o.onStroke('end');
    },
    'Your digit: the last digit you drew in this book (kept only in this browser)',
  );
  yours.classList.add('your-digit');
  const showYours = () => (yours.hidden = loadYourDigit() === null);
  showYours();
  const unsubscribe = onYourDigit(showYours);
  const destroy = pad.destroy;
  pad.destroy = () => {
    unsubscribe();
    destroy();
  };
  buttons.append(button('Clear', o.onClear), yours, ...(o.buttons ?? []));
  if (o.beside) {
    const row = el('div', `${o.prefix}__pad-row`);
    row.append(padBox, o.beside);
    parent.append(row);
  } else parent.append(padBox);
  parent.append(buttons);
  return { pad, padBox, buttons };
}

export interface DigitSourceOptions extends Omit<PadBlockOptions, 'buttons'> {
  /** How many held-out digits there are. */
  count: number;
  onRandom(): void;
  onPick(index: number): void;
}

export interface DigitSource extends PadBlock {
  /** The held-out digit's number field. */
  index: HTMLInputElement;
  /** The line under the pickers (prefix__note), for the widget to fill. */
  note: HTMLElement;
}

/**
 * The full digit source, appended to parent: the pad, [Clear] [Random held-out digit], "Held-out digit #" [ ] [Show]
 * (Enter also picks), and a note.
 */
export function digitSource(parent: HTMLElement, o: DigitSourceOptions): DigitSource {
  const block = padBlock(parent, { ...o, buttons: [button('Random held-out digit', o.onRandom)] });
  const field = heldoutField(o.count, `${o.prefix}-idx`, o.onPick);
  field.input.placeholder = `0–${o.count - 1}`;
  onEnter(field.input, field.pick);
  const pick = el('div', `${o.prefix}__pick wbuttons wbuttons--pick`);
  pick.append(field.label, field.input, button('Show', field.pick));
  const note = el('p', `${o.prefix}__note`);
  parent.append(pick, note);
  return { ...block, index: field.input, note };
}
