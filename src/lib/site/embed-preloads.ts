// Build step that starts, on each widget's embed page, the download of that widget's code together with the page's own
// scripts: one <link rel="modulepreload"> per chunk of the widget's module, of the page's scripts and of everything they
// import statically. Without them the browser finds that code a level at a time (the page's script, then the widget
// elements, then the widget's module, then its imports), a round trip per level (150 ms on slow 4G). A widget that runs a
// model (all but the plain-JS ones, registry.ts's needsTf: false) reads weights/manifest.json before anything else it
// downloads, and its first frame in its default state needs a few weights, codes and digits (widget-bytes.ts's
// firstFrameFiles, the list the byte budget sums). The links sit in a <template> that the page's first script
// (theme-script.ts) puts to work unless the reader has Save-Data on (then nothing of the widget downloads until the reader
// asks for it); the template also names the manifest and those files, which that script starts as plain fetch() calls the
// widget takes over (runtime/early-fetch.ts), so that they download beside the code instead of after it. Not as
// <link rel="preload">: Firefox answers a later fetch() of a preload that failed (a 404, a dropped connection) with the
// same failure, so a widget's Retry would not work until a reload (tests/engines caught it); and a fetch() can name the
// version it wants to the service worker (runtime/fetch-verified.ts). Chapters get none: there a widget's code waits
// until the reader nears it (runtime/start-policy.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { WIDGETS } from '../../widgets/registry.ts';
import { firstFrameFiles } from './widget-bytes.ts';
import { manifestVersion } from './static-assets.ts';
import { fileVersion } from '../../widgets/runtime/early-fetch.ts';

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

/** A download the page's first script starts (theme-script.ts): its URL and the version it names (fetch-verified.ts). */
export interface EarlyFetch {
  url: string;
  version: string;
}

/**
 * Inserts at the start of the page's <head> a <template id="vae-preloads"> holding a modulepreload link for each of
 * `modules` (none twice, none the page loads already). Downloads for theme-script.ts to start go, once each, as
 * space-separated "url|version" pairs in its data-fetch attribute (`always`: the manifest) and data-fetch-default
 * (`defaultState`: the first frame's files in the widget's default state).
 */
export function withModulePreloads(html: string, modules: string[], always: EarlyFetch[] = [], defaultState: EarlyFetch[] = []): string {
  const fresh = (h: string) => !html.includes(`href="${h}"`) && !html.includes(`src="${h}"`);
  const links = [...new Set(modules)]
    .filter(fresh)
    .map((h) => `<link rel="modulepreload" href="${h}">`)
    .join('');
  const pairs = (fs: EarlyFetch[]) => {
    const out = [...new Map(fs.map((f) => [f.url, `${f.url}|${f.version}`])).values()];
    const bad = out.filter((u) => /[\s"&<>]/.test(u) || u.split('|').length !== 2);
    if (bad.length) throw new Error(`embed-preloads: an early fetch URL or version with a space, a "|" or markup: ${bad.join(', ')}`);
    return out.join(' ');
  };
  const attrs = [
    ...(always.length ? [` data-fetch="${pairs(always)}"`] : []),
    ...(defaultState.length ? [` data-fetch-default="${pairs(defaultState)}"`] : []),
  ].join('');
  if (!links && !attrs) return html;
  if (!html.includes('<head>')) throw new Error('embed-preloads: a page without <head>; cannot add its module preloads');
  return html.replace('<head>', `<head><template id="${PRELOADS_TEMPLATE_ID}"${attrs}>${links}</template>`);
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
            info && info.needsTf !== false ? [{ url: `${base}weights/manifest.json`, version: manifestVersion() }] : [],
            firstFrameFiles(name).map((f) => ({ url: `${base}weights/${f.path}`, version: fileVersion(f.sha256) })),
          );
          if (next !== html) writeFileSync(page, next);
        }
      },
    },
  };
}
