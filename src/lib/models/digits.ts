// Layout of the held-out digit sprite (weights/data/heldout.png): digit i sits at column i % cols, row floor(i / cols).

/** Side of one digit in pixels. */
export const DIGIT_SIDE = 28;
/** Pixels per digit. */
export const DIGIT_PIXELS = 784;

/** Top-left corner (in pixels) of digit i in a sprite with `cols` digits per row. */
export function spriteOrigin(i: number, cols: number): { x: number; y: number } {
  return { x: (i % cols) * DIGIT_SIDE, y: Math.floor(i / cols) * DIGIT_SIDE };
}

/** Cuts `count` digits out of sprite pixels (greyscale, or RGBA with channels=4) -> uint8 [count * 784]. */
export function spriteToDigits(px: ArrayLike<number>, spriteWidth: number, count: number, cols: number, channels = 1): Uint8Array {
  const out = new Uint8Array(count * DIGIT_PIXELS);
  for (let i = 0; i < count; i++) {
    const { x, y } = spriteOrigin(i, cols);
    for (let r = 0; r < DIGIT_SIDE; r++)
      for (let c = 0; c < DIGIT_SIDE; c++) out[i * DIGIT_PIXELS + r * DIGIT_SIDE + c] = px[((y + r) * spriteWidth + x + c) * channels]!;
  }
  return out;
}

/** Packs uint8 digits [count * 784] into a greyscale sprite with `cols` digits per row. */
export function digitsToSprite(digits: Uint8Array, count: number, cols: number): { pixels: Uint8Array; width: number; height: number } {
  const width = cols * DIGIT_SIDE;
  const height = Math.ceil(count / cols) * DIGIT_SIDE;
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < count; i++) {
    const { x, y } = spriteOrigin(i, cols);
    for (let r = 0; r < DIGIT_SIDE; r++)
      for (let c = 0; c < DIGIT_SIDE; c++) pixels[(y + r) * width + x + c] = digits[i * DIGIT_PIXELS + r * DIGIT_SIDE + c]!;
  }
  return { pixels, width, height };
}

/** uint8 pixels -> Float32Array in [0, 1] (value / 255), the scale every model is trained on. */
export function toUnit(u8: Uint8Array): Float32Array {
  const out = new Float32Array(u8.length);
  for (let i = 0; i < u8.length; i++) out[i] = u8[i]! / 255;
  return out;
}
