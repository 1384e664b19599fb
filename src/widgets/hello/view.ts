// DOM for the hello widget: two labelled sliders with number fields, and the decoded digit on a canvas.

export interface HelloView {
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  setValues(z1: number, z2: number): void;
  draw(pixels: Float32Array): void;
}

/** Builds the view inside root; onInput fires with the new code on every slider or field change. */
export function buildHelloView(root: HTMLElement, initial: [number, number], onInput: (z: [number, number]) => void): HelloView {
  const wrap = document.createElement('div');
  wrap.className = 'hello';
  const controls = document.createElement('div');
  controls.className = 'hello__controls';
  const ranges: HTMLInputElement[] = [];
  const numbers: HTMLInputElement[] = [];
  ['z₁', 'z₂'].forEach((label, i) => {
    const row = document.createElement('div');
    row.className = 'hello__row';
    const id = `hello-z${i + 1}-${Math.random().toString(36).slice(2, 7)}`;
    const lab = document.createElement('label');
    lab.htmlFor = id;
    lab.textContent = label;
    const range = document.createElement('input');
    range.type = 'range';
    range.id = id;
    range.min = '-4';
    range.max = '4';
    range.step = '0.01';
    range.value = String(initial[i]);
    const num = document.createElement('input');
    num.type = 'number';
    num.min = '-4';
    num.max = '4';
    num.step = '0.1';
    num.value = String(initial[i]);
    num.setAttribute('aria-label', `${label} value`);
    const emit = (src: HTMLInputElement) => {
      const v = Math.max(-4, Math.min(4, Number(src.value)));
      if (!Number.isFinite(v)) return;
      range.value = String(v);
      if (src !== num) num.value = v.toFixed(2);
      onInput([Number(ranges[0]?.value ?? 0), Number(ranges[1]?.value ?? 0)]);
    };
    range.addEventListener('input', () => emit(range));
    num.addEventListener('input', () => emit(num));
    ranges.push(range);
    numbers.push(num);
    row.append(lab, range, num);
    controls.append(row);
  });
  const figure = document.createElement('div');
  figure.className = 'hello__output';
  const canvas = document.createElement('canvas');
  canvas.width = 28;
  canvas.height = 28;
  canvas.className = 'pixelated hello__canvas';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'The digit decoded from the code');
  const caption = document.createElement('p');
  caption.className = 'hello__caption';
  caption.setAttribute('aria-live', 'polite');
  figure.append(canvas, caption);
  wrap.append(controls, figure);
  root.append(wrap);
  const ctx = canvas.getContext('2d');
  const image = ctx?.createImageData(28, 28);
  return {
    canvas,
    caption,
    setValues(z1, z2) {
      [z1, z2].forEach((v, i) => {
        const r = ranges[i];
        const n = numbers[i];
        if (r) r.value = String(v);
        if (n) n.value = v.toFixed(2);
      });
    },
    draw(pixels) {
      if (!ctx || !image) return;
      for (let i = 0; i < 784; i++) {
        const v = 255 - Math.round(255 * (pixels[i] ?? 0));
        image.data[4 * i] = v;
        image.data[4 * i + 1] = v;
        image.data[4 * i + 2] = v;
        image.data[4 * i + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
    },
  };
}
