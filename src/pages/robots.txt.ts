// robots.txt: every page may be crawled (embed pages say noindex themselves); points at the sitemap under the base path.
import type { APIRoute } from 'astro';
import { url } from '../lib/site/paths.ts';

/** The robots.txt body for the site at `site`. */
export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL(url('/sitemap-index.xml'), site).href;
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
