// The content licence (the repository's LICENSE-CONTENT.md, CC BY 4.0), served with the site so the About page can link to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRoute } from 'astro';

/** The content licence, as the Markdown text it is written in. */
export const GET: APIRoute = () =>
  new Response(readFileSync(join(process.cwd(), 'LICENSE-CONTENT.md'), 'utf8'), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
