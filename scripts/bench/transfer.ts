// Bytes as a reader downloads them: each fetched file of the built site, gzip-compressed where GitHub Pages compresses it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What a fetched file is, for the byte tables and budgets. */
export type AssetKind = 'html' | 'css' | 'font' | 'js' | 'wasm' | 'weights' | 'image' | 'other';

/** Text types GitHub Pages serves gzip-compressed; binaries (fonts, PNG, .bin shards, .wasm) are counted as they are. */
const COMPRESSED = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.map']);

/** The built site's folder: DIST_DIR, else dist/. */
export function distDir(): string {
  return resolve(process.env.DIST_DIR || 'dist');
}

/** Classifies a site path (as requested, after the base path) by what it is. */
export function assetKind(path: string): AssetKind {
  const ext = extname(path.split('?')[0] ?? '').toLowerCase();
  if (/(^|\/)weights\//.test(path)) return 'weights';
  if (path.endsWith('/') || ext === '.html') return 'html';
  if (ext === '.css') return 'css';
  if (ext === '.woff2' || ext === '.woff' || ext === '.ttf') return 'font';
  if (ext === '.js' || ext === '.mjs') return 'js';
  if (ext === '.wasm') return 'wasm';
  if (['.png', '.svg', '.jpg', '.jpeg', '.webp', '.gif', '.ico'].includes(ext)) return 'image';
  return 'other';
}

/** Maps a request URL to its file in the built site (directories to index.html), or null when it is not a site file. */
export function siteFile(requestUrl: string, basePath: string, dist = distDir()): string | null {
  const { pathname } = new URL(requestUrl);
  if (!pathname.startsWith(basePath)) return null;
  let file = normalize(join(dist, decodeURIComponent(pathname.slice(basePath.length))));
  if (file !== dist && !file.startsWith(dist + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

const cache = new Map<string, number>();

/** Bytes on the wire for one built file: gzip level 6 (what GitHub Pages' CDN sends) for text, the raw size for binaries. */
export function servedBytes(file: string): number {
  let n = cache.get(file);
  if (n === undefined) {
    const raw = readFileSync(file);
    n = COMPRESSED.has(extname(file).toLowerCase()) ? gzipSync(raw, { level: 6 }).byteLength : raw.byteLength;
    cache.set(file, n);
  }
  return n;
}

/** Served bytes of a set of request URLs, summed by kind; URLs that are not site files are listed in `unknown`. */
export function bytesByKind(urls: Iterable<string>, basePath: string, dist = distDir()): { byKind: Record<AssetKind, number>; unknown: string[] } {
  const byKind: Record<AssetKind, number> = { html: 0, css: 0, font: 0, js: 0, wasm: 0, weights: 0, image: 0, other: 0 };
  const unknown: string[] = [];
  for (const u of new Set(urls)) {
    const file = siteFile(u, basePath, dist);
    if (!file) {
      unknown.push(u);
      continue;
    }
    byKind[assetKind(new URL(u).pathname)] += servedBytes(file);
  }
  return { byKind, unknown };
}

/** The weight shards the site ships (manifest files with a `part`), with their sizes in the built site. */
export function shippedShards(dist = distDir()): { path: string; bytes: number }[] {
  const manifest = JSON.parse(readFileSync(join(dist, 'weights', 'manifest.json'), 'utf8')) as {
    models: Record<string, { files: { path: string; part?: string }[] }>;
  };
  return Object.values(manifest.models).flatMap((m) =>
    m.files.filter((f) => f.part).map((f) => ({ path: f.path, bytes: statSync(join(dist, 'weights', f.path)).size })),
  );
}
