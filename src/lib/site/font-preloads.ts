// Build step that preloads, on each page, exactly the KaTeX fonts its math uses, so they arrive with the stylesheet
// instead of after layout, and the text does not reflow (a layout shift) when they swap in.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

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

/** Inserts <link rel="preload"> tags for `urls` before the page's first stylesheet link (or at the end of <head>). */
export function withFontPreloads(html: string, urls: string[]): string {
  if (!urls.length) return html;
  const links = urls.map((u) => `<link rel="preload" href="${u}" as="font" type="font/woff2" crossorigin>`).join('');
  const at = html.search(/<link rel="stylesheet"/);
  return at >= 0 ? html.slice(0, at) + links + html.slice(at) : html.replace('</head>', `${links}</head>`);
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
          const next = withFontPreloads(html, fontsForPage(html, fonts));
          if (next !== html) writeFileSync(file, next);
        }
      },
    },
  };
}
