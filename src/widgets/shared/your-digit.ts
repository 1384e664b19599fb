// "Your digit": the last digit the reader drew on any pad, kept in this browser (localStorage, never sent anywhere), so a
// digit drawn in chapter 1 can be carried into every later widget that takes a digit.

const KEY = 'vae.yourDigit';
/** The side of the stored picture (alpha only): enough for the widgets' 28×28 preprocessing after cropping. */
export const YOUR_DIGIT_SIDE = 56;
/** Fired on window when the reader's digit changes on this page (other tabs get the storage event). */
export const YOUR_DIGIT_EVENT = 'vae:your-digit';

/** Stores the ink of a pad canvas (alpha channel) downsampled to YOUR_DIGIT_SIDE²; ignores an empty pad. */
export function saveYourDigit(canvas: HTMLCanvasElement): void {
  const small = document.createElement('canvas');
  small.width = small.height = YOUR_DIGIT_SIDE;
  const ctx = small.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(canvas, 0, 0, YOUR_DIGIT_SIDE, YOUR_DIGIT_SIDE);
  const data = ctx.getImageData(0, 0, YOUR_DIGIT_SIDE, YOUR_DIGIT_SIDE).data;
  const alpha = new Uint8Array(YOUR_DIGIT_SIDE * YOUR_DIGIT_SIDE);
  for (let i = 0; i < alpha.length; i++) alpha[i] = data[4 * i + 3] ?? 0;
  if (!alpha.some((a) => a > 32)) return;
  try {
    localStorage.setItem(KEY, btoa(String.fromCharCode(...alpha)));
    window.dispatchEvent(new Event(YOUR_DIGIT_EVENT));
  } catch {
    // Storage full or refused (private mode): the digit simply does not follow the reader.
  }
}

/** The reader's digit as ink in [0, 1] (YOUR_DIGIT_SIDE² values, row-major), or null when none is stored. */
export function loadYourDigit(): Float32Array | null {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const bytes = atob(raw);
    if (bytes.length !== YOUR_DIGIT_SIDE * YOUR_DIGIT_SIDE) return null;
    return Float32Array.from(bytes, (c) => c.charCodeAt(0) / 255);
  } catch {
    return null;
  }
}

/** Calls fn whenever the reader's digit changes, here or in another tab; returns an unsubscribe. */
export function onYourDigit(fn: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) fn();
  };
  window.addEventListener(YOUR_DIGIT_EVENT, fn);
  window.addEventListener('storage', onStorage);
  return () => {
    window.removeEventListener(YOUR_DIGIT_EVENT, fn);
    window.removeEventListener('storage', onStorage);
  };
}
