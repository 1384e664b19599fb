// Downloads an embed page started in its first inline script (theme-script.ts), before any module had loaded: the weights'
// manifest, and the weights, codes and digits of the widget's first frame in its default state (embed-preloads.ts lists
// them). A plain fetch() rather than <link rel="preload">, because Firefox answers a later fetch() of a failed preload with
// the same failure, so a Retry would fail until a reload; a failed early fetch is simply not used again. Each names the
// version it wants, as every weights request does (fetch-verified.ts).

/** The request header in which a page names the version of a file it wants: the first 16 hex digits of its sha256, as the
 * service worker's plan lists it. Weights keep their names between deploys; with it, an old build's worker that still
 * controls a new deploy's page sends it to the network instead of handing it an old copy (src/service-worker/sw.js). */
export const VERSION_HEADER = 'x-vae-version';

/** A file's version as VERSION_HEADER names it. */
export const fileVersion = (sha256: string): string => sha256.slice(0, 16).toLowerCase();

declare global {
  interface Window {
    /** Early fetch() promises by URL (root-relative, under the base path), each taken at most once. */
    __vaeEarly?: Record<string, Promise<Response>>;
  }
}

/** The fetch() the page started early for `href` (as `url()` writes it), once; undefined when there is none or it was taken. */
export function takeEarlyFetch(href: string): Promise<Response> | undefined {
  const early = typeof window === 'undefined' ? undefined : window.__vaeEarly;
  const p = early?.[href];
  if (p) delete early[href];
  return p;
}
