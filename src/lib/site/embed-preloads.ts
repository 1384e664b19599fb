// Build step that starts, on each widget's embed page, the download of that widget's code together with the page's own
// scripts: one <link rel="modulepreload"> per chunk of the widget's module, of the page's scripts and of everything they
// import statically. Without them the browser finds that code a level at a time (the page's script, then the widget
// elements, then the widget's module, then its imports), a round trip per level (150 ms on slow 4G). A widget that runs a
// model (all but the plain-JS ones, registry.ts's needsTf: false) reads weights/manifest.json before anything else it
// downloads: that file is preloaded too. The links sit in a <template> that the page's first script (theme-script.ts) puts
// to work unless the reader has Save-Data on: then nothing of the widget downloads until the reader asks for it.
// The weights, codes and digits the first frame fetches in its default state (widget-bytes.ts's firstFrameFiles, the list
// the byte budget sums) are named in the template's data-fetch, and that script starts them as plain fetch() calls that
// the widget takes over (runtime/early-fetch.ts), so that they download beside the code instead of after it. Not as
// <link rel="preload">: Firefox answers a later fetch() of a preload that failed (a 404, a dropped connection) with the
// same failure, so a widget's Retry would not work until a reload (tests/engines caught it). Chapters get none: there a
// widget's code waits until the reader nears it (runtime/start-policy.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { WIDGETS } from '../../widgets/registry.ts';
import { firstFrameFiles } from './widget-bytes.ts';

/** The part of a bundler's output chunk this step reads. */
export interface BundleChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  facadeModuleId?: string | null;
  imports?: string[];
}

/** The files `roots` import statically, transitively (the roots first), by the chunks' import lists. */
export function staticClosure(imports: Map<string, string[]>, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of imports.get(file) ?? []) visit(dep);
  };
  roots.forEach(visit);
  return [...seen];
}

/** Per widget NAME (the chunk built from src/widgets/NAME/NAME.ts): that chunk's file, then every file it imports statically, transitively. */
export function widgetChunkClosures(bundle: Record<string, BundleChunk>): Map<string, string[]> {
  const imports = importGraph(bundle);
  const out = new Map<string, string[]>();
  for (const chunk of Object.values(bundle)) {
    const m = /[\\/]src[\\/]widgets[\\/]([\w-]+)[\\/]([\w-]+)\.ts$/.exec(chunk.facadeModuleId ?? '');
    if (chunk.type !== 'chunk' || !m || m[1] !== m[2]) continue;
    out.set(m[1]!, staticClosure(imports, [chunk.fileName]));
  }
  return out;
}

/** Each chunk's static imports, by file name. */
export function importGraph(bundle: Record<string, BundleChunk>): Map<string, string[]> {
  return new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c.imports ?? []] as [string, string[]]] : [])));
}

/** The files under `base` of a page's module scripts (`<script type="module" src>`). */
export function pageModuleScripts(html: string, base: string): string[] {
  return [...html.matchAll(/<script type="module" src="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((src) => src.startsWith(base))
    .map((src) => src.slice(base.length));
}

/** The id of the <template> that holds an embed page's preload links (theme-script.ts adds them to <head>). */
export const PRELOADS_TEMPLATE_ID = 'vae-preloads';

/**
 * Inserts at the start of the page's <head> a <template id="vae-preloads"> holding a modulepreload link for each of
 * `modules` (none twice, none the page loads already) and, when `manifest` is given, a preload of it as the fetch() of
 * fetch-verified.ts makes it (same-origin, so crossorigin); `earlyFetches` (URLs without spaces) go, space-separated and
 * once each, in its data-fetch attribute, for theme-script.ts to start.
 */
export function withModulePreloads(html: string, modules: string[], manifest?: string, earlyFetches: string[] = []): string {
  const fresh = (h: string) => !html.includes(`href="${h}"`) && !html.includes(`src="${h}"`);
  const links = [
    ...(manifest && fresh(manifest) ? [`<link rel="preload" href="${manifest}" as="fetch" crossorigin>`] : []),
    ...[...new Set(modules)].filter(fresh).map((h) => `<link rel="modulepreload" href="${h}">`),
  ].join('');
  const early = [...new Set(earlyFetches)];
  if (early.some((u) => /[\s"&<>]/.test(u))) throw new Error(`embed-preloads: an early fetch URL with a space or markup: ${early.join(', ')}`);
  if (!links && !early.length) return html;
  if (!html.includes('<head>')) throw new Error('embed-preloads: a page without <head>; cannot add its module preloads');
  const fetchAttr = early.length ? ` data-fetch="${early.join(' ')}"` : '';
  return html.replace('<head>', `<head><template id="${PRELOADS_TEMPLATE_ID}"${fetchAttr}>${links}</template>`);
}

/** The integration: collects the widgets' chunk closures from the client build, then adds them to each embed page. */
export function embedModulePreloads(): AstroIntegration {
  const closures = new Map<string, string[]>();
  let imports = new Map<string, string[]>();
  let base = '/';
  return {
    name: 'vae-embed-preloads',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'vae-embed-preloads:collect',
                apply: 'build',
                generateBundle(_options: unknown, bundle: Record<string, BundleChunk>) {
                  const env = (this as { environment?: { name?: string } }).environment?.name;
                  if (env !== 'client') return;
                  for (const [name, files] of widgetChunkClosures(bundle)) closures.set(name, files);
                  imports = importGraph(bundle);
                },
              },
            ],
          },
        });
      },
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(dir);
        if (!closures.size)
          throw new Error('embed-preloads: the client build produced no widget chunks (src/widgets/NAME/NAME.ts); is the plugin still called?');
        for (const [name, files] of closures) {
          const info = WIDGETS.find((w) => w.name === name);
          const page = join(out, 'embed', name, 'index.html');
          if (!existsSync(page)) continue;
          const html = readFileSync(page, 'utf8');
          // The page's own scripts' imports too (e.g. the embed height messenger's), else found a level late.
          const pageFiles = staticClosure(imports, pageModuleScripts(html, base));
          const next = withModulePreloads(
            html,
            [...pageFiles, ...files].map((f) => base + f),
            info && info.needsTf !== false ? `${base}weights/manifest.json` : undefined,
            firstFrameFiles(name).map((f) => `${base}weights/${f.path}`),
          );
          if (next !== html) writeFileSync(page, next);
        }
      },
    },
  };
}
