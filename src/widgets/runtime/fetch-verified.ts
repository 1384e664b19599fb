// Fetches files through the base path with download progress, and checks each against its sha256.
import { url } from '../../lib/site/paths.ts';
import { fileVersion, takeEarlyFetch, VERSION_HEADER } from './early-fetch.ts';

export type Progress = (loadedBytes: number, totalBytes: number) => void;

/** An error whose message is meant for the reader, with a hint on what to do. */
export class LoadError extends Error {
  readonly kind: 'network' | 'integrity' | 'format';
  constructor(message: string, kind: 'network' | 'integrity' | 'format') {
    super(message);
    this.name = 'LoadError';
    this.kind = kind;
  }
}

/** Hex sha256 of a buffer, with the Web Crypto API. */
export async function sha256Hex(buf: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', buf);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** How fetchBytes downloads: progress, time limit, whether it may take the page's early fetch, the version it names, and
 * `revalidate`: ask the server even when the HTTP cache holds a copy it may still reuse. */
interface FetchOptions {
  onProgress?: Progress;
  timeoutMs?: number;
  early?: boolean;
  version?: string;
  revalidate?: boolean;
}

/** Downloads a site file (root-relative path) as bytes, reporting progress, naming the `version` it wants to the service
 * worker, taking the page's early fetch of it unless `early` is false; throws LoadError on failure. */
export async function fetchBytes(
  path: string,
  { onProgress, timeoutMs = 30000, early = true, version = '', revalidate = false }: FetchOptions = {},
): Promise<ArrayBuffer> {
  const href = url(path);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    // The page's own early fetch of this file, when it made one and it answered; else a fresh one (a failed early fetch
    // is not used again, so the failure reported is the fresh one's, and a Retry asks the network again). An early fetch
    // has no abort signal of ours, so the time limit races it.
    const timedOut = new Promise<never>((_, reject) => ctrl.signal.addEventListener('abort', () => reject(new Error('timed out'))));
    timedOut.catch(() => undefined);
    const started = early ? takeEarlyFetch(href) : undefined;
    let res = started
      ? await Promise.race([
          started.then(
            (r) => (r.ok ? r : undefined),
            () => undefined,
          ),
          timedOut,
        ]).catch(() => undefined)
      : undefined;
    if (!res) {
      try {
        res = await fetch(href, {
          signal: ctrl.signal,
          headers: version ? { [VERSION_HEADER]: version } : {},
          ...(revalidate ? { cache: 'no-cache' as const } : {}),
        });
      } catch {
        throw new LoadError(`Could not download ${path} (the connection failed or timed out). Check your connection and retry.`, 'network');
      }
    }
    if (!res.ok) throw new LoadError(`Could not download ${path} (HTTP ${res.status}). Retry, or reload the page.`, 'network');
    const total = Number(res.headers.get('Content-Length') ?? 0);
    if (!res.body || !onProgress) return await Promise.race([res.arrayBuffer(), timedOut]);
    const reader = res.body.getReader();
    ctrl.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress(loaded, total);
    }
    const out = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out.buffer;
  } catch (err) {
    if (err instanceof LoadError) throw err;
    throw new LoadError(`Could not download ${path} (${err instanceof Error ? err.message : String(err)}). Retry.`, 'network');
  } finally {
    clearTimeout(timer);
  }
}

/** Downloads started ahead by prefetchVerified, by path and sha256, until fetchVerified takes them. */
const ahead = new Map<string, Promise<ArrayBuffer>>();

/**
 * Starts downloading and verifying a file that a widget is about to ask fetchVerified for (while TensorFlow.js loads, say),
 * and returns that download. The next fetchVerified of the same file and checksum takes it instead of downloading again;
 * a failed one is dropped, so that fetchVerified tries afresh and reports the failure.
 */
export function prefetchVerified(path: string, sha256: string): Promise<ArrayBuffer> {
  const key = `${path} ${sha256}`;
  let p = ahead.get(key);
  if (!p) {
    p = download(path, sha256);
    ahead.set(key, p);
    p.catch(() => ahead.delete(key));
  }
  return p;
}

/** Downloads a file and refuses it unless its sha256 equals the expected one (a prefetched download is used once). */
export async function fetchVerified(path: string, sha256: string, onProgress?: Progress): Promise<ArrayBuffer> {
  const key = `${path} ${sha256}`;
  const early = ahead.get(key);
  if (early) {
    ahead.delete(key);
    try {
      return await early;
    } catch {
      // downloaded ahead and failed: try again below, where the failure is reported
    }
  }
  return download(path, sha256, onProgress);
}

/**
 * Downloads a file that should be the version `want` names (its sha256, or the first hex digits of it; '' for any), and
 * its sha256. Bytes of another version may be a stale copy, not a broken file: the page's early fetch from an earlier
 * attempt (a Retry after another file failed), or the HTTP cache's copy of the previous deploy (GitHub Pages lets a
 * browser reuse a file for 10 minutes without asking, and weights keep their URL between builds). So it asks the server
 * once more, past the HTTP cache, before returning what it got.
 */
async function fetchVersion(path: string, want: string, onProgress?: Progress): Promise<{ buf: ArrayBuffer; sha256: string }> {
  const version = fileVersion(want);
  let buf = await fetchBytes(path, { onProgress, version });
  let got = await sha256Hex(buf);
  if (!got.startsWith(want.toLowerCase())) {
    buf = await fetchBytes(path, { onProgress, version, early: false, revalidate: true });
    got = await sha256Hex(buf);
  }
  return { buf, sha256: got };
}

/** A file by fetchVersion, refused (LoadError 'integrity') unless its sha256 is the expected one. */
async function download(path: string, sha256: string, onProgress?: Progress): Promise<ArrayBuffer> {
  const { buf, sha256: got } = await fetchVersion(path, sha256, onProgress);
  if (got !== sha256.toLowerCase()) {
    throw new LoadError(
      `${path} is corrupted: its checksum does not match the manifest, so it was refused. Reload the page; if it persists, the site needs a rebuild.`,
      'integrity',
    );
  }
  return buf;
}

let manifest: Promise<unknown> | null = null;

/** The manifest version the page was built with (its widgets' data-manifest), or '' where there is none. */
const builtManifestVersion = (): string =>
  (typeof document === 'undefined' ? undefined : document.querySelector<HTMLElement>('[data-manifest]')?.dataset.manifest) ?? '';

/** weights/manifest.json, fetched once per page, naming the version the page was built with (its widgets' data-manifest). */
export function fetchManifest<T = unknown>(): Promise<T> {
  // Another version than the page's, even after asking past the HTTP cache, is still used: its files' checksums guard
  // every download.
  manifest ??= fetchVersion('/weights/manifest.json', builtManifestVersion()).then(({ buf }) => {
    try {
      return JSON.parse(new TextDecoder().decode(buf)) as unknown;
    } catch {
      throw new LoadError('The model manifest is not valid JSON. Reload the page.', 'format');
    }
  });
  manifest.catch(() => {
    manifest = null; // let a retry fetch it again
  });
  return manifest as Promise<T>;
}
