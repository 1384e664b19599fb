// Vite plugin that strips the woff and ttf fallbacks from KaTeX's CSS, so only woff2 fonts ship.

/** Removes `,url(...) format("woff")` and `format("truetype")` sources from @font-face rules. */
export function woff2Only(css: string): string {
  return css.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g, '');
}

/** The Vite plugin applying woff2Only to katex.min.css. */
export function katexWoff2Only() {
  return {
    name: 'katex-woff2-only',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (/katex(\.min)?\.css(\?|$)/.test(id)) return { code: woff2Only(code), map: null };
      return null;
    },
  };
}
