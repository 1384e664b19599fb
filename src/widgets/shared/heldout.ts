// The 2,000 held-out digits: labels from the manifest, pixels from PNG chunks of 100 digits (weights/data/heldout-NN.png, listed in
// the manifest's data.chunks) fetched only when a digit in them is needed, so a first frame that shows one digit costs ~20 KB, not 400.
import { fetchManifest, fetchVerified, LoadError } from '../runtime/fetch-verified.ts';
import { decodePng } from './png-pixels.ts';

export interface Heldout {
  count: number;
  /** count × 784 values in [0, 1]; a digit reads as zeros until its chunk has loaded (see has() and load()). */
  images: Float32Array;
  labels: Uint8Array;
  /** Digit i's 784 pixels (a view, not a copy). */
  image(i: number): Float32Array;
  /** Whether digit i's pixels have loaded. */
  has(i: number): boolean;
  /** Loads the chunks holding these digits (each once per page); a failed chunk can be retried. */
  load(indices: readonly number[], onProgress?: (fraction: number) => void): Promise<void>;
  /** Loads every digit (for work over the whole held-out set); resolves to the same object. */
  loadAll(onProgress?: (fraction: number) => void): Promise<Heldout>;
}

interface ChunkInfo {
  path: string;
  sha256: string;
  bytes: number;
  first: number;
  count: number;
  width: number;
  height: number;
}
interface DataManifest {
  data?: { heldoutLabels?: string | number[]; chunks?: { size: number; cols: number; files: ChunkInfo[] } };
}

let cache: Promise<Heldout> | null = null;

/** The held-out set's labels and chunk list (one manifest read per page); no pixels are fetched yet. */
function heldoutIndex(): Promise<Heldout> {
  cache ??= (async () => {
    const manifest = await fetchManifest<DataManifest>();
    const chunks = manifest.data?.chunks;
    const rawLabels = manifest.data?.heldoutLabels;
    if (!chunks?.files.length || rawLabels === undefined)
      throw new LoadError('weights/manifest.json describes no held-out digits (data.chunks). The site’s weights are out of date.', 'format');
    const count = chunks.files.reduce((s, c) => Math.max(s, c.first + c.count), 0);
    const labels = Uint8Array.from(typeof rawLabels === 'string' ? [...rawLabels].map(Number) : rawLabels).slice(0, count);
    const images = new Float32Array(count * 784);
    const loaded = new Map<ChunkInfo, Promise<void>>();
    const done = new Set<ChunkInfo>();
    const chunkOf = (i: number) => chunks.files.find((c) => i >= c.first && i < c.first + c.count);

    /** Fetches one chunk, checks its sha256 and writes its digits into `images`. */
    const fetchChunk = (c: ChunkInfo, onBytes: (n: number) => void): Promise<void> => {
      let p = loaded.get(c);
      if (!p) {
        p = (async () => {
          const buf = await fetchVerified(`/weights/${c.path.replace(/^\/+/, '')}`, c.sha256, (n) => onBytes(n));
          const rgba = await decodePng(buf, c.width, c.height, 'The held-out digits image');
          for (let k = 0; k < c.count; k++) {
            const ox = 28 * (k % chunks.cols);
            const oy = 28 * Math.floor(k / chunks.cols);
            const at = (c.first + k) * 784;
            for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) images[at + y * 28 + x] = (rgba[4 * ((oy + y) * c.width + ox + x)] ?? 0) / 255;
          }
          done.add(c);
        })();
        p.catch(() => loaded.delete(c)); // a retry fetches it again
        loaded.set(c, p);
      }
      return p;
    };

    const heldout: Heldout = {
      count,
      images,
      labels,
      image: (i) => images.subarray(i * 784, (i + 1) * 784),
      has: (i) => {
        const c = chunkOf(i);
        return !!c && done.has(c);
      },
      async load(indices, onProgress) {
        const need = [...new Set(indices.map(chunkOf).filter((c): c is ChunkInfo => !!c))];
        const total = need.reduce((s, c) => s + c.bytes, 0) || 1;
        const got = new Map<ChunkInfo, number>();
        await Promise.all(
          need.map((c) =>
            fetchChunk(c, (n) => {
              got.set(c, n);
              onProgress?.([...got.values()].reduce((s, v) => s + v, 0) / total);
            }),
          ),
        );
        onProgress?.(1);
      },
      async loadAll(onProgress) {
        await heldout.load(
          chunks.files.map((c) => c.first),
          onProgress,
        );
        return heldout;
      },
    };
    return heldout;
  })();
  cache.catch(() => (cache = null));
  return cache;
}

/** The labels of all 2,000 held-out digits, from the manifest; no pixels are fetched. */
export async function heldoutLabels(): Promise<Uint8Array> {
  return (await heldoutIndex()).labels;
}

/** The held-out digits with only `indices` loaded (labels for all): what a first frame that shows a few digits needs. */
export async function loadHeldoutDigits(indices: readonly number[], onProgress?: (fraction: number) => void): Promise<Heldout> {
  const heldout = await heldoutIndex();
  await heldout.load(
    indices.filter((i) => Number.isInteger(i) && i >= 0 && i < heldout.count),
    onProgress,
  );
  return heldout;
}

/** All 2,000 held-out digits, loaded (20 chunks, about 400 KB): for work over the whole set (training, attribute directions). */
export async function loadHeldout(onProgress?: (fraction: number) => void): Promise<Heldout> {
  return (await heldoutIndex()).loadAll(onProgress);
}
