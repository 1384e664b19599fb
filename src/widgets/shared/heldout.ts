// The 2,000 held-out digits: one PNG sprite (weights/data/heldout.png) decoded into floats, plus labels from the manifest.
import { fetchBytes, fetchManifest, fetchVerified, LoadError } from '../runtime/fetch-verified.ts';

export interface Heldout {
  count: number;
  /** count × 784 values in [0, 1]. */
  images: Float32Array;
  labels: Uint8Array;
  /** Digit i's 784 pixels (a view, not a copy). */
  image(i: number): Float32Array;
}

interface SpriteInfo {
  path: string;
  sha256?: string;
  bytes?: number;
  width: number;
  height: number;
  cols: number;
  digitSize: number;
  count: number;
}
interface DataManifest {
  data?: { heldoutLabels?: string | number[]; sprite?: SpriteInfo };
}

let cache: Promise<Heldout> | null = null;

/** Decodes PNG bytes to RGBA without colour conversion, through an ImageBitmap (no <img>, so no CSP or layout). */
async function decodePng(buf: ArrayBuffer, width: number, height: number): Promise<Uint8ClampedArray> {
  const blob = new Blob([buf], { type: 'image/png' });
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new LoadError('The held-out digits image could not be decoded. Reload the page.', 'format');
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new LoadError('This browser gave no 2-D canvas to decode the held-out digits.', 'format');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, width, height).data;
}

/** Loads the held-out digits once per page (a failed load can be retried). */
export function loadHeldout(onProgress?: (fraction: number) => void): Promise<Heldout> {
  cache ??= (async () => {
    const manifest = await fetchManifest<DataManifest>();
    const sprite = manifest.data?.sprite;
    const rawLabels = manifest.data?.heldoutLabels;
    if (!sprite || rawLabels === undefined)
      throw new LoadError('weights/manifest.json describes no held-out digits (data.sprite). The site’s weights are out of date.', 'format');
    const path = `/weights/${sprite.path.replace(/^\/+/, '')}`;
    const progress = (n: number, total: number) => onProgress?.(n / (total || sprite.bytes || 1));
    const buf = sprite.sha256 ? await fetchVerified(path, sprite.sha256, progress) : await fetchBytes(path, progress);
    const rgba = await decodePng(buf, sprite.width, sprite.height);
    const { count, cols, digitSize: s } = sprite;
    const labels = Uint8Array.from(typeof rawLabels === 'string' ? [...rawLabels].map(Number) : rawLabels).slice(0, count);
    const images = new Float32Array(count * 784);
    for (let i = 0; i < count; i++) {
      const ox = s * (i % cols);
      const oy = s * Math.floor(i / cols);
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++) images[i * 784 + y * 28 + x] = (rgba[4 * ((oy + y) * sprite.width + ox + x)] ?? 0) / 255;
    }
    return { count, images, labels, image: (i: number) => images.subarray(i * 784, (i + 1) * 784) };
  })();
  cache.catch(() => (cache = null));
  return cache;
}
