// Reads the pixels of a PNG the site ships (held-out digits, shipped first frames) in the browser.
import { LoadError } from '../runtime/fetch-verified.ts';

/** Decodes PNG bytes to RGBA without colour conversion, through an ImageBitmap (no <img>, so no CSP or layout); `what` names it in errors. */
export async function decodePng(buf: ArrayBuffer, width: number, height: number, what: string): Promise<Uint8ClampedArray> {
  const blob = new Blob([buf], { type: 'image/png' });
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new LoadError(`${what} could not be decoded. Reload the page.`, 'format');
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new LoadError(`This browser gave no 2-D canvas to decode ${what.replace(/^The /, 'the ')}.`, 'format');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, width, height).data;
}
