// DOM for the hello widget: the shared code sliders (z₁, z₂ with number fields) and the decoded digit on a canvas.
import { createCodeSliders } from '../shared/code-sliders.ts';
import { createDigitCanvas, drawDigit } from '../shared/digit-image.ts';

export interface HelloView {
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  setValues(z1: number, z2: number): void;
  draw(pixels: Float32Array): void;
}

/** The sliders reach ±4: beyond that the prior N(0, I) has almost no mass. */
const HALF_RANGE = 4;

/** Builds the view inside root; onInput fires with the new code on every slider or field change. */
export function buildHelloView(root: HTMLElement, initial: [number, number], onInput: (z: [number, number]) => void): HelloView {
  const wrap = document.createElement('div');
  wrap.className = 'hello';
  const sliders = createCodeSliders(HALF_RANGE, onInput, 'The code z');
  sliders.element.classList.add('hello__controls');
  sliders.set(initial);
  const figure = document.createElement('div');
  figure.className = 'hello__output';
  const canvas = createDigitCanvas('The digit decoded from the code', 'hello__canvas');
  const caption = document.createElement('p');
  caption.className = 'hello__caption';
  caption.setAttribute('aria-live', 'polite');
  figure.append(canvas, caption);
  wrap.append(sliders.element, figure);
  root.append(wrap);
  return {
    canvas,
    caption,
    setValues: (z1, z2) => sliders.set([z1, z2]),
    draw: (pixels) => drawDigit(canvas, pixels),
  };
}
