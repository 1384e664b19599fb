// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified, rehypeHeadingIds } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeCitation from 'rehype-citation';
import { remarkCrossrefs } from './src/lib/markdown/crossrefs.ts';
import { rehypeBaseLinks } from './src/lib/markdown/base-links.ts';
import { rehypeImageSizes } from './src/lib/markdown/image-sizes.ts';
import { rehypeMathPunctuation } from './src/lib/markdown/math-punctuation.ts';
import { rehypeHeadingAnchors } from './src/lib/markdown/heading-anchors.ts';
import { katexTrust, rehypeEquationTerms } from './src/lib/markdown/equation-terms.ts';
import { rehypeBibliography } from './src/lib/markdown/bibliography.ts';
import { staticAssets } from './src/lib/site/static-assets.ts';
import { katexWoff2Only } from './src/lib/site/katex-woff2.ts';
import { katexFontPreloads } from './src/lib/site/font-preloads.ts';
import { serviceWorker } from './src/lib/site/service-worker.ts';
import { embedModulePreloads } from './src/lib/site/embed-preloads.ts';

// GitHub Pages serves a project site from /<repo>/: BASE_PATH sets it (default "/"), SITE_URL the origin.
const rawBase = process.env.BASE_PATH || '/';
const base = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;
const site = process.env.SITE_URL || 'https://example.github.io';

export default defineConfig({
  site,
  // DIST_DIR lets parallel builds (e.g. several people testing on one machine) write to separate folders.
  outDir: process.env.DIST_DIR || './dist',
  base,
  trailingSlash: 'always',
  output: 'static',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  // The sitemap lists the pages to find (chapters, appendix, widgets, about), not the bare embed pages.
  // serviceWorker() last: it hashes the finished dist/, including what the others copy or rewrite there.
  integrations: [
    mdx(),
    staticAssets(),
    katexFontPreloads(),
    embedModulePreloads(),
    sitemap({ filter: (page) => !new URL(page).pathname.includes('/embed/') }),
    serviceWorker(),
  ],
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath, remarkCrossrefs],
      rehypePlugins: [
        // trust: only \htmlData and \htmlClass, with which a chapter marks an equation's terms for the widget beside it.
        [rehypeKatex, { output: 'htmlAndMathml', throwOnError: false, strict: 'ignore', trust: katexTrust }],
        rehypeEquationTerms,
        rehypeMathPunctuation,
        [
          rehypeCitation,
          {
            bibliography: 'content/references.bib',
            path: process.cwd(),
            csl: 'apa',
            lang: 'en-US',
            linkCitations: true,
          },
        ],
        rehypeBibliography,
        rehypeHeadingIds,
        rehypeHeadingAnchors,
        rehypeImageSizes,
        [rehypeBaseLinks, { base }],
      ],
    }),
  },
  vite: {
    plugins: [katexWoff2Only()],
    build: { assetsInlineLimit: 0 },
  },
});
