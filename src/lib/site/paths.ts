// Helpers that route every internal link and fetch through the site's base path.

/** The base path the site is served from, always ending in "/" (e.g. "/vae/"). */
export const BASE: string = (() => {
  const b = import.meta.env.BASE_URL || '/';
  return b.endsWith('/') ? b : `${b}/`;
})();

/** Turns a root-relative path ("/chapters/elbo/") into one under the base path ("/vae/chapters/elbo/"). */
export function url(path: string): string {
  if (/^[a-z]+:/i.test(path) || path.startsWith('#')) return path;
  return BASE + path.replace(/^\/+/, '');
}
