// Two labelled sliders, each with a number field, that set a 2-D code (z₁, z₂) directly.

export interface CodeSliders {
  element: HTMLElement;
  set(z: [number, number]): void;
  setRange(half: number): void;
}

let uid = 0;

/** Builds the sliders; onInput fires with the new code on every change made by the reader. */
export function createCodeSliders(half: number, onInput: (z: [number, number]) => void, legend = 'Set the code'): CodeSliders {
  const element = document.createElement('fieldset');
  element.className = 'zsliders';
  const lg = document.createElement('legend');
  lg.textContent = legend;
  element.append(lg);
  const ranges: HTMLInputElement[] = [];
  const numbers: HTMLInputElement[] = [];
  const value = (): [number, number] => [Number(ranges[0]!.value), Number(ranges[1]!.value)];
  ['z₁', 'z₂'].forEach((name) => {
    const id = `zs-${++uid}`;
    const row = document.createElement('div');
    row.className = 'zsliders__row';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = name;
    const range = document.createElement('input');
    range.type = 'range';
    range.id = id;
    range.step = '0.01';
    const num = document.createElement('input');
    num.type = 'number';
    num.step = '0.1';
    num.inputMode = 'decimal';
    num.setAttribute('aria-label', `${name} value`);
    range.addEventListener('input', () => {
      num.value = Number(range.value).toFixed(2);
      onInput(value());
    });
    num.addEventListener('input', () => {
      const v = Number(num.value);
      if (num.value === '' || !Number.isFinite(v)) return;
      range.value = String(Math.max(Number(range.min), Math.min(Number(range.max), v)));
      onInput(value());
    });
    ranges.push(range);
    numbers.push(num);
    row.append(label, range, num);
    element.append(row);
  });
  const api: CodeSliders = {
    element,
    set(z) {
      z.forEach((v, i) => {
        ranges[i]!.value = String(v);
        if (document.activeElement !== numbers[i]) numbers[i]!.value = v.toFixed(2);
      });
    },
    setRange(h) {
      for (const el of [...ranges, ...numbers]) {
        el.min = String(-h);
        el.max = String(h);
      }
    },
  };
  api.setRange(half);
  api.set([0, 0]);
  return api;
}
