// Astro integration that serves weights/ and the tfjs WASM binaries in dev and copies them into the build.
// weights/manifest.json goes out as its runtime subset (src/lib/site/runtime-manifest.ts): the browser never reads training histories.
import { createHash } from 'node:crypto';
import { cpSync, createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { runtimeManifest } from './runtime-manifest.ts';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/** The folders copied into the site: URL prefix → source folder. */
export function staticMounts(root: string): Record<string, string> {
  return {
    weights: join(root, 'weights'),
    tfjs: join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
  };
}

/** Only the files worth shipping from a mounted folder (weights, data, wasm binaries). */
function shipped(prefix: string, file: string): boolean {
  if (prefix === 'tfjs') return file.endsWith('.wasm');
  // The whole held-out sprite is for `npm run eval`; the browser fetches its chunks (data/heldout-NN.png).
  return !file.endsWith('.md') && !/(^|[/\\])data[/\\]heldout\.png$/.test(file);
}

/** The runtime manifest's JSON text, made from the full weights/manifest.json at `file`. */
export function runtimeManifestText(file: string): string {
  return JSON.stringify(runtimeManifest(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>));
}

/** The runtime manifest's version: the first 16 hex digits of its sha256, as the service worker's plan lists it. Pages
 * name it when they fetch the manifest (runtime/fetch-verified.ts), so a page of a new deploy never takes an old copy. */
export function manifestVersion(file = join(process.cwd(), 'weights', 'manifest.json')): string {
  let v = versions.get(file);
  if (!v) versions.set(file, (v = createHash('sha256').update(runtimeManifestText(file)).digest('hex').slice(0, 16)));
  return v;
}
const versions = new Map<string, string>();

/** The integration: dev middleware plus a copy step after the build. */
export function staticAssets(): AstroIntegration {
  const root = process.cwd();
  const mounts = staticMounts(root);
  return {
    name: 'vae-static-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const base = server.config.base.replace(/\/$/, '');
          const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
          const path = url.startsWith(`${base}/`) ? url.slice(base.length + 1) : url.slice(1);
          const [prefix, ...rest] = path.split('/');
          const dir = prefix ? mounts[prefix] : undefined;
          if (!dir || !prefix) return next();
          const file = normalize(join(dir, ...rest));
          if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile() || !shipped(prefix, file)) return next();
          res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
          if (prefix === 'weights' && rest.join('/') === 'manifest.json') return void res.end(runtimeManifestText(file));
          createReadStream(file).pipe(res);
        });
      },
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(dir);
        for (const [prefix, src] of Object.entries(mounts)) {
          if (!existsSync(src)) continue;
          const dest = join(out, prefix);
          mkdirSync(dest, { recursive: true });
          if (prefix === 'tfjs') {
            for (const f of readdirSync(src)) if (shipped(prefix, f)) cpSync(join(src, f), join(dest, f));
          } else {
            cpSync(src, dest, { recursive: true, filter: (f) => statSync(f).isDirectory() || shipped(prefix, f) });
            const manifest = join(src, 'manifest.json');
            if (prefix === 'weights' && existsSync(manifest)) writeFileSync(join(dest, 'manifest.json'), runtimeManifestText(manifest));
          }
        }
      },
    },
  };
}
