// The book's CITATION.cff with the address it is published at (the repository's copy has no URL; see citation.ts).
import type { APIRoute } from 'astro';
import { url } from '../lib/site/paths.ts';
import { citationCff } from '../lib/site/citation.ts';

/** CITATION.cff for the site at `site`. */
export const GET: APIRoute = ({ site }) =>
  new Response(citationCff(new URL(url('/'), site).href), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
