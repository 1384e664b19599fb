// Link previews: which Open Graph image a page carries. scripts/og-images.ts renders public/og/<key>.png (1200x630).

/** The Open Graph image size every generated card has. */
export const OG_SIZE = { width: 1200, height: 630 } as const;

/** The file name (without .png) of a page's card: "/vae/chapters/elbo/" -> "chapters-elbo", the landing page -> "index". */
export function ogKey(pathname: string, base: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  const rel = pathname.startsWith(b) ? pathname.slice(b.length) : pathname.replace(/^\/+/, '');
  const key = rel.replace(/\/+$/, '').replace(/\//g, '-');
  return key || 'index';
}
