// Downloads an embed page started in its first inline script (theme-script.ts), before any module had loaded: the
// weights, codes and digits of the widget's first frame in its default state (embed-preloads.ts lists them). A plain
// fetch() rather than <link rel="preload">, because Firefox answers a later fetch() of a failed preload with the same
// failure, so a Retry would fail until a reload; a failed early fetch is simply not used again.

declare global {
  interface Window {
    /** Early fetch() promises by URL (root-relative, under the base path), each taken at most once. */
    __vaeEarly?: Record<string, Promise<Response>>;
  }
}

/** Whether the page started an early fetch for `href` that nobody has taken yet. */
export function hasEarlyFetch(href: string): boolean {
  return typeof window !== 'undefined' && !!window.__vaeEarly?.[href];
}

/** The fetch() the page started early for `href` (as `url()` writes it), once; undefined when there is none or it was taken. */
export function takeEarlyFetch(href: string): Promise<Response> | undefined {
  const early = typeof window === 'undefined' ? undefined : window.__vaeEarly;
  const p = early?.[href];
  if (p) delete early[href];
  return p;
}
