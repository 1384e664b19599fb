// DOM for the blur widget: the digit, then four panels (decoder mean, pixel samples, means of posterior codes, their average)
// with their numbers, the model and resample controls, and the digit source pad.
import { createDigitCanvas, drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { createCaption } from '../shared/classifier.ts';
import { el, fmt, radioGroup, setOut } from '../shared/controls.ts';
import { button, digitSource } from '../shared/digit-source.ts';
import type { Pad } from '../shared/pad.ts';
import { BLUR_MODELS, MODEL_LABELS, type BlurModel } from './state.ts';

export interface BlurHandlers {
  onModel(model: BlurModel): void;
  onResample(): void;
  onStroke(): void;
  onClear(): void;
  onRandom(): void;
  onPick(index: number): void;
}

/** The numbers a frame shows (null: no digit). */
export interface BlurNumbers {
  llMean: number;
  greyMean: number;
  inkMean: number;
  inkSamples: number[];
  llPosterior: number;
  kl: number;
  sigma: number;
  llAverage: number;
  greyAverage: number;
}

export interface BlurImages {
  input: Float32Array;
  mean: Float32Array;
  samples: Float32Array;
  posteriorMeans: Float32Array;
  average: Float32Array;
  count: number;
}

export interface BlurView {
  /** The widget's layout grid, for panels added beside the built ones. */
  grid: HTMLElement;
  pad: Pad;
  heldoutIndex: HTMLInputElement;
  heldoutNote: HTMLElement;
  caption: ReturnType<typeof createCaption>;
  /** Shows the model and seed without firing handlers. */
  setControls(model: BlurModel, seed: number): void;
  /** Draws the images and writes the numbers; null clears them. */
  show(images: BlurImages | null, numbers: BlurNumbers | null): void;
  destroy(): void;
}

interface Panel {
  figure: HTMLElement;
  canvas: HTMLCanvasElement;
  outs: HTMLElement[];
}

function panel(cls: string, title: string, label: string, outs: number): Panel {
  const figure = el('figure', `blur__fig blur__fig--${cls}`);
  const canvas = createDigitCanvas(label, `blur__img blur__img--${cls}`);
  const cap = el('figcaption');
  cap.append(el('span', 'blur__name', title));
  const list = Array.from({ length: outs }, (_, i) => {
    const o = el('output', `blur__num blur__num--${cls}-${i}`, '–');
    cap.append(o);
    return o;
  });
  figure.append(canvas, cap);
  return { figure, canvas, outs: list };
}

const nats = (v: number) => `${fmt(v, 1)} nats`;

/** Builds the widget's DOM in root; handlers fire on reader input only. */
export function buildBlurView(root: HTMLElement, count: number, h: BlurHandlers): BlurView {
  const wrap = el('div', 'blur-c');
  const grid = el('div', 'blur');
  wrap.append(grid);

  const results = el('section', 'blur__results');
  results.setAttribute('aria-label', 'The digit, the decoder’s mean, pixel samples, and the means of codes drawn from the posterior');
  const input = panel('input', 'Your digit x', 'The digit the encoder is given', 1);
  const mean = panel('mean', '① Decoder mean at μ', 'The decoder’s mean image for the code μ(x): what the book’s other widgets show', 2);
  const samples = panel('samples', '② Pixel samples, same code', 'Six Bernoulli samples from p(x | z = μ): each pixel drawn on its own', 1);
  const posterior = panel('posterior', '③ Means at six z ~ q(z|x)', 'The decoder’s mean images for six codes drawn from the posterior q(z | x)', 2);
  const average = panel('average', '④ Average of ③', 'The pixel-wise average of the six means in panel three', 2);
  const figs = el('div', 'blur__figs');
  figs.append(input.figure, mean.figure, samples.figure, posterior.figure, average.figure);
  const caption = createCaption('caption blur__caption');
  const key = el(
    'p',
    'blur__note widget__explain',
    'log p(x|·): how likely the model finds your digit x under that image’s pixel probabilities (higher is better). Grey: pixels between 0.2 and 0.8, ' +
      'neither ink nor paper. A Bernoulli sample has no grey pixels at all; its speckle is the model’s own noise.',
  );
  results.append(figs, caption.element, key);

  const controls = el('section', 'blur__controls');
  controls.setAttribute('aria-label', 'Model and draws');
  const radios = radioGroup(
    'Model',
    'blur-model',
    BLUR_MODELS.map((m) => ({ value: m, label: MODEL_LABELS[m] })),
    'vae-16d',
    (m) => h.onModel(m),
  );
  const resample = button('Resample (R)', h.onResample);
  resample.className = 'blur__resample';
  resample.dataset.control = 'resample';
  resample.setAttribute('aria-keyshortcuts', 'R');
  const seedOut = el('output', 'blur__seed');
  const line = el('div', 'blur__buttons wbuttons');
  line.append(resample, seedOut);
  const modelNote = el('p', 'blur__note blur__model-note widget__explain');
  controls.append(radios.fieldset, line, modelNote);

  const source = el('section', 'blur__source');
  source.setAttribute('aria-label', 'The digit');
  source.append(el('h3', 'blur__title', 'The digit'));
  const {
    pad,
    index: heldoutIndex,
    note: heldoutNote,
  } = digitSource(source, {
    prefix: 'blur',
    count,
    onStroke: () => h.onStroke(),
    onClear: h.onClear,
    onRandom: h.onRandom,
    onPick: h.onPick,
  });
  grid.append(results, controls, source);
  root.append(wrap);

  // R resamples from anywhere in the widget except a text or number field (where R is typing).
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'r' && e.key !== 'R') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement;
    if (t instanceof HTMLInputElement && (t.type === 'number' || t.type === 'text')) return;
    e.preventDefault();
    h.onResample();
  };
  wrap.addEventListener('keydown', onKey);

  const blank = new Float32Array(784);
  return {
    grid,
    pad,
    heldoutIndex,
    heldoutNote,
    caption,
    setControls(model, seed) {
      radios.set(model);
      seedOut.textContent = `draw #${seed}`;
      modelNote.textContent =
        model === 'beta-0.1' || model === 'beta-8'
          ? 'The β-sweep’s small 2-D models share one architecture and seed; only β differs. β weighs the KL term, so it sets how wide q(z|x) may be: compare the spread in ③ and ④.'
          : model === 'vae-2d'
            ? 'Two numbers per digit: the decoder has to guess the rest, so its mean is a compromise between many digits.'
            : 'Sixteen numbers per digit: a sharper mean, but the pixel samples are just as speckled.';
    },
    show(images, n) {
      drawDigit(input.canvas, images?.input ?? blank);
      drawDigit(mean.canvas, images?.mean ?? blank);
      drawDigitGrid(samples.canvas, images?.samples ?? new Float32Array(6 * 784), 6, 3);
      drawDigitGrid(posterior.canvas, images?.posteriorMeans ?? new Float32Array(6 * 784), 6, 3);
      drawDigit(average.canvas, images?.average ?? blank);
      const outs = [...input.outs, ...mean.outs, ...samples.outs, ...posterior.outs, ...average.outs];
      if (!n) {
        outs.forEach((o) => {
          o.textContent = '–';
          delete o.dataset.value;
        });
        return;
      }
      input.outs[0]!.textContent = 'what the encoder sees';
      setOut(mean.outs[0]!, n.llMean, `log p(x|μ) ${nats(n.llMean)}`);
      setOut(mean.outs[1]!, n.greyMean, `grey ${n.greyMean} px`);
      const lo = Math.min(...n.inkSamples);
      const hi = Math.max(...n.inkSamples);
      setOut(samples.outs[0]!, n.inkMean, `ink ${lo}–${hi} px; mean expects ${fmt(n.inkMean, 0)}`);
      setOut(posterior.outs[0]!, n.llPosterior, `mean log p(x|z) ${nats(n.llPosterior)}`);
      setOut(posterior.outs[1]!, n.kl, `KL(q‖p) ${nats(n.kl)}, σ ≈ ${fmt(n.sigma, 2)}`);
      setOut(average.outs[0]!, n.llAverage, `log p(x|avg) ${nats(n.llAverage)}`);
      setOut(average.outs[1]!, n.greyAverage, `grey ${n.greyAverage} px`);
    },
    destroy() {
      wrap.removeEventListener('keydown', onKey);
      pad.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
