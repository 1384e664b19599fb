// Decoded images that a widget's first frame shows, computed ahead of time (scripts/eval-frames.ts --write) from exactly the codes
// the widget would decode in its default state, so that frame needs neither TensorFlow.js nor the decoder's weights. One greyscale
// PNG per model and widget (models[<model>].assets[decodedFramesKey(widget)]): 28 × 28 tiles, FRAME_COLS to a row, in groups
// named by what they show ("grid:15"), each stored with its own number of grey levels (16 for a grid of small tiles, 256 for
// a digit shown large). Plain data, no DOM and no tfjs: the widgets, the script and the unit tests share it.

/** Tiles per row of a frames PNG. */
export const FRAME_COLS = 16;

/** One group of decoded images: tiles first … first + count − 1, quantised to `levels` grey levels. */
export interface FrameGroup {
  first: number;
  count: number;
  levels: number;
}

/** A frames asset's record in the manifest. */
export interface DecodedFramesRecord {
  description?: string;
  path: string;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  groups: Record<string, FrameGroup>;
}

/** What a widget asks to be shipped: a group's name, the codes it decodes, and its grey levels. */
export interface FrameRequest {
  key: string;
  codes: number[][];
  levels: number;
}

/** The key of a widget's frames among a model's assets ("latentWalkFrames" for latent-walk). */
export const decodedFramesKey = (widget: string): string => `${widget.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Frames`;

/** How far a shipped pixel (in [0, 1]) may be from the live decode: half a grey level, plus float rounding across backends. */
export const frameTolerance = (levels: number): number => 0.5 / (levels - 1) + 2e-3;

/** A pixel value in [0, 1] as the byte that stores it with `levels` grey levels. */
export function quantise(v: number, levels: number): number {
  const step = levels - 1;
  return Math.round((Math.round(Math.min(1, Math.max(0, v)) * step) * 255) / step);
}

/** Lays groups of decoded images (each count × 784 values in [0, 1]) out as one greyscale image of tiles, and names them. */
export function packFrames(groups: { key: string; pixels: Float32Array; levels: number }[]): {
  grey: Uint8Array;
  width: number;
  height: number;
  groups: Record<string, FrameGroup>;
} {
  const total = groups.reduce((s, g) => s + g.pixels.length / 784, 0);
  const width = 28 * FRAME_COLS;
  const height = 28 * Math.max(1, Math.ceil(total / FRAME_COLS));
  const grey = new Uint8Array(width * height);
  const out: Record<string, FrameGroup> = {};
  let tile = 0;
  for (const g of groups) {
    const count = g.pixels.length / 784;
    if (!Number.isInteger(count)) throw new Error(`Frame group ${g.key} holds ${g.pixels.length} values, not a whole number of 28 × 28 images.`);
    out[g.key] = { first: tile, count, levels: g.levels };
    for (let k = 0; k < count; k++, tile++) {
      const [ox, oy] = tileOrigin(tile);
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) grey[(oy + y) * width + ox + x] = quantise(g.pixels[k * 784 + y * 28 + x]!, g.levels);
    }
  }
  return { grey, width, height, groups: out };
}

/** The images of one group, count × 784 values in [0, 1], from the frames image's grey values (`grey(i)` for pixel i). */
export function unpackGroup(group: FrameGroup, width: number, grey: (i: number) => number): Float32Array {
  const px = new Float32Array(group.count * 784);
  for (let k = 0; k < group.count; k++) {
    const [ox, oy] = tileOrigin(group.first + k);
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) px[k * 784 + y * 28 + x] = grey((oy + y) * width + ox + x) / 255;
  }
  return px;
}

/** The top-left pixel of tile `t`. */
const tileOrigin = (t: number): [number, number] => [28 * (t % FRAME_COLS), 28 * Math.floor(t / FRAME_COLS)];
