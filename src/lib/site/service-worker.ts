// Build step that writes dist/sw.js: the service worker (src/service-worker/sw.js) with the plan of this build's files filled in.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** What the service worker knows about one build. Paths are relative to the base path; hashes are sha256, first 16 hex digits. */
export interface SwPlan {
  /** The base path the site is served under, e.g. "/vae/". */
  base: string;
  /** Pages (network first, saved copy offline): "chapters/elbo/" → hash of its index.html. */
  pages: Record<string, string>;
  /** Versioned files (cache first, a copy is used only while its hash is this build's): "_astro/x.js" → hash. */
  assets: Record<string, string>;
  /** What the page may ask to save for offline reading, in that order (everything but `onDemand` assets). */
  precache: string[];
}

/** Where a file goes, by its path under dist/: a page, a versioned file saved ahead or on first use, or nothing (network only). */
export function classify(path: string): 'page' | 'precache' | 'on-demand' | null {
  if (path === 'index.html' || path.endsWith('/index.html')) return 'page';
  if (path.startsWith('_astro/') || path.startsWith('figures/') || path === 'favicon.svg') return 'precache';
  if (path.startsWith('weights/')) return path.endsWith('.md') ? null : 'precache';
  // tfjs picks one WASM binary: SIMD (every current browser) is saved ahead; the plain one on first use; threads need
  // cross-origin isolation, which GitHub Pages does not give, so that one is cached only if a browser ever asks for it.
  if (path.startsWith('tfjs/')) return /simd/.test(path) && !/threaded/.test(path) ? 'precache' : 'on-demand';
  // Widget stills: every page shows its widgets' WebP stills before they come alive (and without JavaScript), so they
  // are saved ahead like the figures; the PNGs are link previews' sources, saved only if a page ever asks for one. The
  // stills of embeds under ?text=0 (NAME-text0*.webp) show only in a course's iframe that asks for them: on first use.
  if (path.startsWith('widgets/')) return path.endsWith('.webp') && !path.includes('-text0') ? 'precache' : 'on-demand';
  return null; // sw.js itself, 404.html, preview cards, robots.txt, sitemaps: always from the network
}

/** Order of saving: what every page needs first (CSS, fonts, scripts), then pages and figures, then the widgets' binaries. */
function rank(path: string): number {
  const order = [/\.css$/, /\.woff2$/, /^_astro\//, /(^|\/)$/, /^(figures\/|favicon)/, /^tfjs\//, /^weights\/[^/]+\.json$/, /^weights\//];
  const i = order.findIndex((re) => re.test(path));
  return i < 0 ? order.length : i;
}

/** The plan for a list of built files (path under dist/ with "/" separators, and its full sha256 hex). */
export function swPlan(files: { path: string; sha256: string }[], base: string): SwPlan {
  const plan: SwPlan = { base, pages: {}, assets: {}, precache: [] };
  for (const { path, sha256 } of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const kind = classify(path);
    const hash = sha256.slice(0, 16);
    if (kind === 'page') {
      const rel = path.slice(0, -'index.html'.length);
      plan.pages[rel] = hash;
      plan.precache.push(rel);
    } else if (kind) {
      plan.assets[path] = hash;
      if (kind === 'precache') plan.precache.push(path);
    }
  }
  plan.precache.sort((a, b) => rank(a) - rank(b));
  return plan;
}

/** Every file under a folder, as paths relative to it with "/" separators. */
function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, root) : [relative(root, full).split(sep).join('/')];
  });
}

/** The service worker's source with the plan in place of its placeholder. */
export function swSource(template: string, plan: SwPlan): string {
  const marker = 'self.__VAE_SW_PLAN__';
  if (!template.includes(marker)) throw new Error(`src/service-worker/sw.js must contain ${marker} (where the build puts the plan).`);
  return template.replace(marker, JSON.stringify(plan));
}

/** Hashes a built site and writes its sw.js from the template; returns the plan (also used by the deploy test on a copied build). */
export function writeServiceWorker(out: string, base: string, template: string): SwPlan {
  const files = walk(out)
    .filter((p) => p !== 'sw.js')
    .map((path) => ({
      path,
      sha256: createHash('sha256')
        .update(readFileSync(join(out, path)))
        .digest('hex'),
    }));
  const plan = swPlan(files, base);
  writeFileSync(join(out, 'sw.js'), swSource(template, plan));
  return plan;
}

/** The integration: after the build (list it after the integrations that copy files into dist/), hashes dist/ and writes sw.js. */
export function serviceWorker(): AstroIntegration {
  let root = process.cwd();
  let base = '/';
  return {
    name: 'vae-service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const template = readFileSync(join(root, 'src', 'service-worker', 'sw.js'), 'utf8');
        const plan = writeServiceWorker(fileURLToPath(dir), base, template);
        const [pages, assets] = [Object.keys(plan.pages).length, Object.keys(plan.assets).length];
        logger.info(`sw.js: ${pages} pages, ${assets} versioned files; ${plan.precache.length} files saved ahead when a page asks`);
      },
    },
  };
}
