// The code licence (the repository's LICENSE), served with the site so the About page can link to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRoute } from 'astro';

/** The MIT licence text. */
export const GET: APIRoute = () =>
  new Response(readFileSync(join(process.cwd(), 'LICENSE'), 'utf8'), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
