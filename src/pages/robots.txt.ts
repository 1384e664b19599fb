// robots.txt: every page may be crawled (embed pages say noindex themselves), and the full URL of the sitemap.
//
// Under a base path (GitHub Pages project sites: https://user.github.io/repo/) this file lands at /repo/robots.txt,
// where no crawler looks: crawlers read robots.txt only at the host root, which belongs to the user site (or to
// GitHub). So the file cannot govern crawling there; it says so in a comment, allows just the site's own path, and
// carries the sitemap as a full URL with the base, ready to be copied into the root robots.txt. Crawlers still find
// the sitemap without it: every page links it (<link rel="sitemap"> in Base.astro). With a custom domain (base "/"),
// this is the root robots.txt and applies as it is.
import type { APIRoute } from 'astro';
import { BASE, url } from '../lib/site/paths.ts';

/** The robots.txt body for the site at `site` under the build's base path. */
export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL(url('/sitemap-index.xml'), site).href;
  const note =
    BASE === '/'
      ? ''
      : `# This site is served under ${BASE}; crawlers read robots.txt only at the host root.\n` +
        `# To apply these rules, copy the lines below into ${new URL('/robots.txt', site).href}.\n`;
  const body = `${note}User-agent: *\nAllow: ${BASE}\n\nSitemap: ${sitemap}\n`;
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
