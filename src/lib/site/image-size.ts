// Build-time intrinsic sizes of the site's own images (SVG and PNG under public/), so pages can reserve their space.
import { readFileSync, existsSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface ImageSize {
  width: number;
  height: number;
}

/** Width and height of an SVG's root element: its width/height attributes, else its viewBox; null when neither is there. */
export function svgSize(svg: string): ImageSize | null {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (!root) return null;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root)?.[1];
  const px = (v: string | undefined) => (v && /^\s*[\d.]+\s*(px)?\s*$/.test(v) ? Number.parseFloat(v) : NaN);
  const [width, height] = [px(attr('width')), px(attr('height'))];
  if (width > 0 && height > 0) return { width, height };
  const box = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box?.length === 4 && box[2]! > 0 && box[3]! > 0) return { width: box[2]!, height: box[3]! };
  return null;
}

/** Width and height from a PNG's IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): ImageSize | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Size of a root-relative image in public/ ("/figures/x.svg"); null for other URLs, missing files or unknown formats. */
export function publicImageSize(src: string, publicDir = join(process.cwd(), 'public')): ImageSize | null {
  if (!src.startsWith('/') || src.startsWith('//')) return null;
  const file = join(publicDir, decodeURIComponent(src.split(/[?#]/)[0]!));
  if (!file.startsWith(publicDir + sep) || !existsSync(file)) return null;
  if (/\.svg$/i.test(file)) return svgSize(readFileSync(file, 'utf8'));
  if (/\.png$/i.test(file)) return pngSize(readFileSync(file));
  return null;
}
