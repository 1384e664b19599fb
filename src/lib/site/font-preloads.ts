// Build step that preloads, on each page, exactly the KaTeX fonts its math uses, so they arrive with the stylesheet
// instead of after layout, and the text does not reflow (a layout shift) when they swap in. Fonts that only the blocks
// skipped out of view use (offscreen-blocks.ts) are not preloaded: the browser asks for them when it lays those blocks
// out, well before the reader reaches them. Where the page opens away from its top and lays out everything at once, the
// head script preloads them from <template id="vae-late-fonts"> (theme-script.ts).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { withoutSkippedBlocks } from './offscreen-blocks.ts';

/** A rule that sets a KaTeX font: the class sets that select it (any one suffices) and the face it asks for. */
interface FontRule {
  classSets: string[][];
  face: string;
}
/** What the pages' CSS says about KaTeX's fonts: @font-face URLs by face, and the rules that use them. */
export interface KatexFonts {
  urls: Map<string, string>;
  rules: FontRule[];
}

const faceKey = (family: string, weight: string, style: string) => `${family}|${weight === 'bold' ? '700' : weight}|${style}`;
const decl = (body: string, prop: string) => new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*([^;]+)`).exec(body)?.[1]?.trim();

/** Reads KaTeX's @font-face rules and the class rules that set font-family: KaTeX_* from a stylesheet. */
export function katexFonts(css: string): KatexFonts {
  const urls = new Map<string, string>();
  const rules: FontRule[] = [];
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const [selector, body] = [m[1]!.trim(), m[2]!];
    const family = decl(body, 'font-family')?.split(',')[0]?.replace(/["']/g, '').trim();
    if (!family?.startsWith('KaTeX_')) continue;
    const face = faceKey(family, decl(body, 'font-weight') ?? '400', decl(body, 'font-style') ?? 'normal');
    if (selector.startsWith('@font-face')) {
      const src = /url\(\s*["']?([^"')]+\.woff2)["']?\s*\)/.exec(body)?.[1];
      if (src) urls.set(face, src);
      continue;
    }
    // The classes of each selector's last compound (".katex .delimsizing.mult .delim-size1>span" → delim-size1).
    const classSets = selector.split(',').map((sel) => {
      const compounds = sel
        .trim()
        .split(/\s+|>/)
        .filter((c) => c.includes('.'));
      return [...(compounds.at(-1) ?? '').matchAll(/\.([\w-]+)/g)].map((c) => c[1]!);
    });
    rules.push({ classSets: classSets.filter((s) => s.length), face });
  }
  return { urls, rules };
}

/** The woff2 URLs of the KaTeX fonts a page's HTML needs: KaTeX_Main whenever there is math, plus each rule whose classes appear. */
export function fontsForPage(html: string, fonts: KatexFonts): string[] {
  const elements = [...html.matchAll(/\sclass="([^"]*)"/g)].map((m) => new Set(m[1]!.split(/\s+/)));
  if (!elements.some((c) => c.has('katex'))) return [];
  const faces = new Set([faceKey('KaTeX_Main', '400', 'normal')]);
  for (const rule of fonts.rules) {
    if (rule.classSets.some((set) => elements.some((el) => set.every((c) => el.has(c))))) faces.add(rule.face);
  }
  return [...faces].map((f) => fonts.urls.get(f)).filter((u): u is string => Boolean(u));
}

/** The preload tags of font files. */
const preloadTags = (urls: string[]) => urls.map((u) => `<link rel="preload" href="${u}" as="font" type="font/woff2" crossorigin>`).join('');

/** Inserts <link rel="preload"> tags for `urls` before the page's first stylesheet link (or at the end of <head>); `late`
 * ones go into <template id="vae-late-fonts"> before the head's first script, for it to preload when needed (all are
 * preloaded where the head has no script). */
export function withFontPreloads(html: string, urls: string[], late: string[] = []): string {
  const headEnd = html.indexOf('</head>');
  const script = html.indexOf('<script', 0);
  const lateAt = script >= 0 && (headEnd < 0 || script < headEnd) ? script : -1;
  const now = lateAt >= 0 ? urls : [...urls, ...late];
  let out = html;
  if (now.length) {
    const at = out.search(/<link rel="stylesheet"/);
    out = at >= 0 ? out.slice(0, at) + preloadTags(now) + out.slice(at) : out.replace('</head>', `${preloadTags(now)}</head>`);
  }
  if (lateAt >= 0 && late.length) {
    const at = out.indexOf('<script');
    out = `${out.slice(0, at)}<template id="vae-late-fonts">${preloadTags(late)}</template>${out.slice(at)}`;
  }
  return out;
}

/** All files under a folder with the given extension. */
function filesIn(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesIn(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/** The integration: after the build, adds the font preloads to every HTML page that has math. */
export function katexFontPreloads(): AstroIntegration {
  return {
    name: 'vae-katex-font-preloads',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(dir);
        const css = filesIn(join(out, '_astro'), '.css')
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
        const fonts = katexFonts(css);
        for (const file of filesIn(out, '.html')) {
          const html = readFileSync(file, 'utf8');
          const all = fontsForPage(html, fonts);
          const early = fontsForPage(withoutSkippedBlocks(html), fonts);
          const next = withFontPreloads(
            html,
            early,
            all.filter((u) => !early.includes(u)),
          );
          if (next !== html) writeFileSync(file, next);
        }
      },
    },
  };
}
