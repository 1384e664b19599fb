// Small DOM helpers shared by the widgets: labelled range + number rows, radio groups, readouts, ids.

let uid = 0;
/** A page-unique id with a readable prefix. */
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface RangeRow {
  row: HTMLElement;
  range: HTMLInputElement;
  number: HTMLInputElement;
  /** Shows a value without firing onInput. */
  set(value: number): void;
}

export interface RangeOptions {
  label: string;
  /** The accessible name of the number field (defaults to "<label> value"). */
  numberLabel?: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** Decimals shown in the number field. */
  decimals: number;
  /** For log-scale sliders: the slider works on log10 of the value. */
  log?: boolean;
  /** aria-valuetext for the slider. */
  valueText?: (v: number) => string;
  onInput(value: number): void;
  /** A data-control attribute, for tests and styling. */
  key: string;
}

/** A labelled native range input with a number field beside it; both stay in sync and clamp to [min, max]. */
export function rangeRow(o: RangeOptions): RangeRow {
  const row = el('div', 'wrow');
  const id = nextId(`w-${o.key}`);
  const label = el('label', 'wrow__label', o.label);
  label.htmlFor = id;
  const range = el('input');
  range.type = 'range';
  range.id = id;
  range.dataset.control = o.key;
  const toSlider = (v: number) => (o.log ? Math.log10(v) : v);
  const fromSlider = (v: number) => (o.log ? Math.round(10 ** v) : v);
  range.min = String(toSlider(o.min));
  range.max = String(toSlider(o.max));
  range.step = o.log ? '0.01' : String(o.step);
  const number = el('input');
  number.type = 'number';
  number.min = String(o.min);
  number.max = String(o.max);
  number.step = String(o.step);
  number.dataset.control = `${o.key}-number`;
  number.setAttribute('aria-label', o.numberLabel ?? `${o.label} value`);
  const clamp = (v: number) => Math.min(o.max, Math.max(o.min, v));
  const show = (v: number, from?: HTMLInputElement) => {
    if (from !== range) range.value = String(toSlider(v));
    if (from !== number) number.value = v.toFixed(o.decimals);
    if (o.valueText) range.setAttribute('aria-valuetext', o.valueText(v));
  };
  range.addEventListener('input', () => {
    const v = clamp(fromSlider(Number(range.value)));
    show(v, range);
    o.onInput(v);
  });
  number.addEventListener('change', () => {
    const raw = Number(number.value);
    if (number.value === '' || !Number.isFinite(raw)) return show(Number(fromSlider(Number(range.value))));
    const v = clamp(raw);
    show(v);
    o.onInput(v);
  });
  show(o.value);
  row.append(label, range, number);
  return { row, range, number, set: (v) => show(v) };
}

/** A fieldset of radio buttons; onChange fires with the chosen value. */
export function radioGroup<T extends string>(
  legend: string,
  name: string,
  choices: readonly { value: T; label: string }[],
  value: T,
  onChange: (v: T) => void,
): { fieldset: HTMLFieldSetElement; inputs: HTMLInputElement[]; set(v: T): void } {
  const fieldset = el('fieldset', 'wradio');
  fieldset.append(el('legend', undefined, legend));
  const group = nextId(name);
  const inputs: HTMLInputElement[] = [];
  for (const c of choices) {
    const lab = el('label', 'wradio__choice');
    const input = el('input');
    input.type = 'radio';
    input.name = group;
    input.value = c.value;
    input.checked = c.value === value;
    input.addEventListener('change', () => input.checked && onChange(c.value));
    inputs.push(input);
    lab.append(input, document.createTextNode(` ${c.label}`));
    fieldset.append(lab);
  }
  return { fieldset, inputs, set: (v) => inputs.forEach((i) => (i.checked = i.value === v)) };
}

/** Formats a number for a readout: 3 decimals, fewer for large values. */
export function fmt(v: number, decimals = 3): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : '—';
  const a = Math.abs(v);
  const d = a >= 1000 ? 0 : a >= 100 ? 1 : decimals;
  const s = v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  return s.replace('-', '−');
}

/** Writes a readout: its text, and its full-precision value in data-value (for tests). */
export function setOut(out: HTMLElement, v: number, text = fmt(v)): void {
  out.textContent = text;
  out.dataset.value = String(v);
}
