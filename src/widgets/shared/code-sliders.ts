// Two labelled sliders, each with a number field, that set a 2-D code (z₁, z₂) directly. Arrow keys move a slider by
// 0.1 (a step whose effect a reader can see), Shift+arrow by 0.5; the number fields take any value.

export interface CodeSliders {
  element: HTMLElement;
  set(z: [number, number]): void;
  setRange(half: number): void;
}

let uid = 0;
/** The arrow-key step of a slider, and the Shift+arrow step. */
const STEP = 0.1;
const BIG_STEP = 0.5;

/** Builds the sliders; onInput fires with the new code on every change made by the reader. */
export function createCodeSliders(half: number, onInput: (z: [number, number]) => void, legend = 'Set the code'): CodeSliders {
  const element = document.createElement('fieldset');
  element.className = 'zsliders';
  const lg = document.createElement('legend');
  lg.textContent = legend;
  element.append(lg);
  const ranges: HTMLInputElement[] = [];
  const numbers: HTMLInputElement[] = [];
  // The code itself: a slider holds it rounded to its step, a number field holds any value.
  const cur: [number, number] = [0, 0];
  const value = (): [number, number] => [cur[0], cur[1]];
  ['z₁', 'z₂'].forEach((name, i) => {
    const id = `zs-${++uid}`;
    const row = document.createElement('div');
    row.className = 'zsliders__row';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = name;
    const range = document.createElement('input');
    range.type = 'range';
    range.id = id;
    range.step = String(STEP);
    const num = document.createElement('input');
    num.type = 'number';
    num.step = '0.1';
    num.inputMode = 'decimal';
    num.setAttribute('aria-label', `${name} value`);
    range.addEventListener('input', () => {
      cur[i] = Number(range.value);
      num.value = cur[i].toFixed(2);
      onInput(value());
    });
    // Shift+arrow: a big step (native range inputs have none).
    range.addEventListener('keydown', (e) => {
      const dir = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[e.key];
      if (!e.shiftKey || !dir) return;
      e.preventDefault();
      // From the slider's own value (on its grid of steps), so that the result stays on that grid.
      const next = Number((Number(range.value) + dir * BIG_STEP).toFixed(6));
      range.value = String(Math.max(Number(range.min), Math.min(Number(range.max), next)));
      range.dispatchEvent(new Event('input', { bubbles: true }));
    });
    num.addEventListener('input', () => {
      const v = Number(num.value);
      if (num.value === '' || !Number.isFinite(v)) return;
      cur[i] = Math.max(Number(range.min), Math.min(Number(range.max), v));
      range.value = String(cur[i]);
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
        cur[i] = v;
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
