// Renders the link-preview cards (Open Graph images, 1200x630) into public/og/<key>.png, one per page of the built site:
// a title card with the chapter's first figure, or for a widget's embed page the top of its still. Base.astro points each
// page's og:image at its card when the file exists (else at the site's og.png).
// Usage: build first (DIST_DIR, BASE_PATH as for the build), then node scripts/with-node.mjs node scripts/og-images.ts
// Run it again after a chapter's title, description or first figure changes, or after `npm run stills`.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { OG_SIZE, ogKey } from '../src/lib/site/og.ts';

const base = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');
const dist = resolve(process.env.DIST_DIR || 'dist');
const outDir = 'public/og';
const SITE_NAME = 'Variational Autoencoders, Explained';
const SKIP = new Set(['_astro', 'weights', 'tfjs', 'figures', 'og']);

interface Card {
  key: string;
  title: string;
  description: string;
  eyebrow: string;
  /** A picture for the right half: a file under public/, or undefined for text only. */
  picture?: string;
  /** "top" crops a tall still from its top; "contain" shows all of a figure. */
  fit: 'top' | 'contain';
}

/** Every built page's HTML file and its URL path under the base, 404 excluded. */
function builtPages(): { file: string; path: string }[] {
  const pages: { file: string; path: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!SKIP.has(name)) walk(p);
      } else if (name === 'index.html') {
        const rel = relative(dist, dir).split(sep).join('/');
        pages.push({ file: p, path: `${base}${rel ? `${rel}/` : ''}` });
      }
    }
  };
  walk(dist);
  return pages;
}

/** Decodes the few HTML entities Astro writes in attributes and text. */
function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What a page's card shows, read from its built HTML. */
function cardFor(file: string, path: string): Card {
  const html = readFileSync(file, 'utf8');
  const meta = (prop: string) => unescape(html.match(new RegExp(`<meta property="${prop}" content="([^"]*)"`))?.[1] ?? '');
  const key = ogKey(path, base);
  const eyebrow = unescape(html.match(/<p class="eyebrow"[^>]*>([^<]*)</)?.[1] ?? '');
  const embed = key.match(/^embed-(.+)$/);
  if (embed)
    return {
      key,
      title: meta('og:title'),
      description: meta('og:description'),
      eyebrow: 'Interactive',
      picture: `widgets/${embed[1]}.png`,
      fit: 'top',
    };
  const figure = html.match(new RegExp(`<img src="${base}(figures/[^"]+)"`))?.[1];
  const picture = figure ?? (key === 'index' ? 'widgets/latent-walk.png' : key === 'widgets' ? 'widgets/draw.png' : undefined);
  return { key, title: meta('og:title'), description: meta('og:description'), eyebrow, picture, fit: figure ? 'contain' : 'top' };
}

/** A file under public/ as a data: URL (the card page has no server to load it from). */
function dataUrl(file: string): string {
  const type = file.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
  return `data:${type};base64,${readFileSync(join('public', file)).toString('base64')}`;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The card's HTML: site name, eyebrow, title and description on the left, the picture on the right. */
function cardHtml(card: Card): string {
  const picture = card.picture && existsSync(join('public', card.picture)) ? dataUrl(card.picture) : undefined;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; margin: 0; }
  body { width: ${OG_SIZE.width}px; height: ${OG_SIZE.height}px; background: #fdfcfa; color: #1d1d1f; display: flex;
    border-left: 14px solid #1c5fb8; font-family: 'DejaVu Serif', Georgia, serif; overflow: hidden; }
  .text { flex: 1; padding: 56px 48px 48px 56px; display: flex; flex-direction: column; gap: 18px; min-width: 0; overflow: hidden; }
  .site { font: 600 26px 'DejaVu Sans', Arial, sans-serif; color: #1c5fb8; letter-spacing: 0.02em; }
  .eyebrow { font: 600 26px 'DejaVu Sans', Arial, sans-serif; color: #5b5e66; text-transform: uppercase; letter-spacing: 0.08em; }
  h1 { font-size: 64px; line-height: 1.1; font-weight: 700; }
  p.desc { font: 24px/1.4 'DejaVu Sans', Arial, sans-serif; color: #3d4048; display: -webkit-box; -webkit-line-clamp: 5;
    -webkit-box-orient: vertical; overflow: hidden; }
  .pic { width: ${card.fit === 'top' ? 540 : 500}px; flex: none; background: #f3f1ec; border-left: 1px solid #d9d6cf; display: flex;
    align-items: ${card.fit === 'top' ? 'flex-start' : 'center'}; justify-content: center; overflow: hidden; padding: ${card.fit === 'top' ? '0' : '36px'}; }
  .pic img { ${card.fit === 'top' ? 'width: 100%; height: auto;' : 'max-width: 100%; max-height: 100%; background: #fff; padding: 12px; border-radius: 6px;'} }
</style></head><body>
  <div class="text">
    ${card.title === SITE_NAME ? '' : `<div class="site">${SITE_NAME}</div>`}
    ${card.eyebrow ? `<div class="eyebrow">${esc(card.eyebrow)}</div>` : ''}
    <h1>${esc(card.title)}</h1>
    <p class="desc">${esc(card.description)}</p>
  </div>
  ${picture ? `<div class="pic"><img src="${picture}" alt=""></div>` : ''}
  <script>
    // Shrinks the title until its longest word fits the column and the text fits the card. (A block: every card is
    // written into the same page, so top-level names would clash.)
    {
    const h1 = document.querySelector('h1'), text = document.querySelector('.text');
    let size = parseFloat(getComputedStyle(h1).fontSize);
    while (size > 28 && (h1.scrollWidth > h1.clientWidth || text.scrollHeight > text.clientHeight)) h1.style.fontSize = (size -= 2) + 'px';
    }
  </script>
</body></html>`;
}

if (!existsSync(join(dist, 'index.html')))
  throw new Error(`No built site in ${dist}: run the build first (DIST_DIR and BASE_PATH as for the build).`);
mkdirSync(outDir, { recursive: true });
const cards = builtPages().map(({ file, path }) => cardFor(file, path));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: OG_SIZE, colorScheme: 'light' });
  page.on('pageerror', (err) => console.error(`card script: ${err.message}`));
  for (const card of cards) {
    await page.setContent(cardHtml(card), { waitUntil: 'load' });
    const file = `${outDir}/${card.key}.png`;
    await page.screenshot({ path: file });
    // Shrink with pngquant when it is installed (Debian: apt-get install pngquant); the PNG is fine without it.
    const q = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=65-90', '--ext', '.png', file]);
    console.log(file, q.error ? '(pngquant not found: left unquantised)' : '');
  }
} finally {
  await browser.close();
}
