// A 28×28 digit drawn as ink on paper on a canvas, scaled up crisply (image-rendering: pixelated) by CSS.

/** Creates a canvas for one digit, with role="img" and the given accessible name. */
export function createDigitCanvas(label: string, className = ''): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = 28;
  c.height = 28;
  c.className = `digit pixelated ${className}`.trim();
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', label);
  return c;
}

/** Writes 784 values in [0, 1] (1 = ink) into an ImageData at (ox, oy): dark ink on white paper. */
export function paintDigit(image: ImageData, pixels: ArrayLike<number>, offset = 0, ox = 0, oy = 0): void {
  const w = image.width;
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const v = 255 - Math.round(255 * Math.max(0, Math.min(1, pixels[offset + y * 28 + x] ?? 0)));
      const j = 4 * ((oy + y) * w + ox + x);
      image.data[j] = v;
      image.data[j + 1] = v;
      image.data[j + 2] = v;
      image.data[j + 3] = 255;
    }
}

/** Draws one digit (784 values from `offset`) on a 28×28 canvas. */
export function drawDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, offset = 0): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(28, 28);
  paintDigit(image, pixels, offset);
  ctx.putImageData(image, 0, 0);
}

/** Draws `count` digits (count × 784 values) side by side, `cols` per row, on one canvas sized to fit. */
export function drawDigitGrid(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, count: number, cols: number): void {
  const rows = Math.ceil(count / cols);
  if (canvas.width !== cols * 28) canvas.width = cols * 28;
  if (canvas.height !== rows * 28) canvas.height = rows * 28;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(cols * 28, rows * 28);
  image.data.fill(255);
  for (let i = 0; i < count; i++) paintDigit(image, pixels, i * 784, (i % cols) * 28, Math.floor(i / cols) * 28);
  ctx.putImageData(image, 0, 0);
}
