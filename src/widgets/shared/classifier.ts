// The digit classifier's caption ("looks like a 3 (94%)"), when the `classifier` model is in the manifest.
import type { TfRuntime } from '../runtime/backend.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import type { Manifest, ShippedModel } from '../runtime/shipped-model.ts';
import { afterFirstFrame } from '../runtime/after-first-frame.ts';

export const CLASSIFIER = 'classifier';

export interface Classifier {
  /** Class probabilities (count × 10) for count images (count × 784). */
  probs(x: Float32Array, count: number): Promise<Float32Array>;
  dispose(): void;
}

/** Starts downloading the classifier (when the manifest has one) while TensorFlow.js loads; loadClassifier takes it over. */
export function prefetchClassifier(): void {
  void import('../runtime/shipped-model.ts').then(({ prefetchShippedModel }) => prefetchShippedModel(CLASSIFIER)).catch(() => undefined);
}

/** Loads the classifier, or returns null when the manifest has none (the caption then says so). */
export async function loadClassifier(rt: TfRuntime): Promise<Classifier | null> {
  const manifest = await fetchManifest<Manifest>();
  if (!manifest.models?.[CLASSIFIER]) return null;
  // Imported here, not at the top: a widget whose first frame comes shipped shows its caption module before TensorFlow.js loads.
  const [{ loadShippedModel }, { classify }] = await Promise.all([import('../runtime/shipped-model.ts'), import('../../lib/models/model.ts')]);
  const shipped: ShippedModel = await loadShippedModel(rt, CLASSIFIER);
  const tf = rt.tf;
  return {
    async probs(x, count) {
      const out = tf.tidy(() => classify(shipped.model, tf.tensor2d(x, [count, 784])));
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose: () => shipped.dispose(),
  };
}

/**
 * The classifier for a caption, fetched only after `widget`'s first frame (no first frame waits for its caption); null when the
 * manifest has none or it could not load (the caption then says there is none).
 */
export async function classifierAfterFirstFrame(rt: TfRuntime | (() => Promise<TfRuntime>), widget: string): Promise<Classifier | null> {
  await afterFirstFrame(widget);
  return (typeof rt === 'function' ? rt() : Promise.resolve(rt)).then(loadClassifier).catch((err: unknown) => {
    console.warn(`[${widget}] classifier unavailable`, err);
    return null;
  });
}

/** What a caption says while the classifier is on its way, and when there is none. */
export const CAPTION_LOADING = 'Loading the classifier that reads the digit…';
export const NO_CLASSIFIER = 'No classifier in this build, so no caption.';

/** The most likely class and its probability. */
export function topClass(probs: ArrayLike<number>, offset = 0): { digit: number; p: number } {
  let best = 0;
  for (let k = 1; k < 10; k++) if ((probs[offset + k] ?? 0) > (probs[offset + best] ?? 0)) best = k;
  return { digit: best, p: probs[offset + best] ?? 0 };
}

/** "looks like a 3 (94%)", or "doesn't look like any digit (best guess 3, 31%)" when the classifier is unsure. */
export function captionText(probs: ArrayLike<number>, offset = 0): string {
  const { digit, p } = topClass(probs, offset);
  const pct = Math.round(100 * p);
  if (p < 0.5) return `is hard to read (best guess: ${article(digit)} ${digit}, ${pct}%)`;
  return `looks like ${article(digit)} ${digit} (${pct}%)`;
}
const article = (d: number) => (d === 8 ? 'an' : 'a');

/**
 * A caption element for the classifier's verdict, in an aria-live region. Screen readers hear it only once it settles
 * (after `settleMs` without change), so a drag does not flood them; the visible text updates at once.
 */
export function createCaption(className = 'caption'): { element: HTMLElement; set(text: string): void; dispose(): void } {
  const element = document.createElement('p');
  element.className = className;
  const visible = document.createElement('span');
  visible.setAttribute('aria-hidden', 'true');
  const live = document.createElement('span');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  element.append(visible, live);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    element,
    set(text) {
      visible.textContent = text;
      element.dataset.text = text;
      clearTimeout(timer);
      timer = setTimeout(() => (live.textContent = text), 600);
    },
    dispose: () => clearTimeout(timer),
  };
}
