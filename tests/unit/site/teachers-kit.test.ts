// The teacher's kit: embed snippets, preview-card names, the theme script's trim options, and citations that agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { embedSnippet, embedSearch, embedHeight, embedUrl } from '../../../src/lib/site/embed-snippet.ts';
import { FALLBACK_EMBED_HEIGHT } from '../../../src/lib/site/embed-heights.ts';
import { ogKey } from '../../../src/lib/site/og.ts';
import { headScript, THEME_SCRIPT } from '../../../src/lib/site/theme-script.ts';
import { CITATION, bibtex, citationCff } from '../../../src/lib/site/citation.ts';
import { WIDGETS } from '../../../src/widgets/registry.ts';

const root = 'https://teach.example/vae/';

test('embedSearch keeps only the widget’s own keys and the embed options', () => {
  assert.equal(embedSearch('draw', '?draw.digit=3&latent-walk.z1=1&debug=1&backend=cpu&theme=dark&text=0'), '?draw.digit=3&theme=dark&text=0');
  assert.equal(embedSearch('draw', 'drawing.x=1&draw=2'), '');
  assert.equal(embedSearch('draw', ''), '');
});

test('embedUrl puts the embed page under the site root, with or without a trailing slash', () => {
  assert.equal(embedUrl('cvae', 'cvae.digit=7', root), 'https://teach.example/vae/embed/cvae/?cvae.digit=7');
  assert.equal(embedUrl('cvae', '', 'https://teach.example/vae'), 'https://teach.example/vae/embed/cvae/');
});

test('embedSnippet: an iframe with the state, title, clipboard permission and a height; then the resize script', () => {
  const html = embedSnippet('latent-walk', '?latent-walk.z1=1.5&latent-walk.z2=-2&draw.digit=3', { siteRoot: root });
  const iframe = html.match(/<iframe [^>]*><\/iframe>/)?.[0] ?? '';
  assert.ok(iframe, html);
  assert.match(iframe, /src="https:\/\/teach\.example\/vae\/embed\/latent-walk\/\?latent-walk\.z1=1\.5&amp;latent-walk\.z2=-2"/);
  assert.doesNotMatch(iframe, /draw\.digit/);
  assert.match(iframe, /allow="clipboard-write"/);
  assert.match(iframe, /title="Walk the latent space \(Variational Autoencoders, Explained\)"/);
  assert.match(iframe, new RegExp(`height: ${embedHeight('latent-walk')}px`));
  assert.match(html, /<script>[\s\S]*addEventListener\('message'[\s\S]*e\.origin[\s\S]*<\/script>$/);
});

test('embedSnippet honours height and title, and escapes what it writes into attributes', () => {
  const html = embedSnippet('draw', '', { siteRoot: root, height: 612.4, title: 'A "draw" <demo> & more' });
  assert.match(html, /height: 612px/);
  assert.match(html, /title="A &quot;draw&quot; &lt;demo&gt; &amp; more"/);
  const hostile = embedSnippet('draw', 'draw.x="><script>alert(1)</script>', { siteRoot: root });
  assert.doesNotMatch(hostile.split('\n')[0] ?? '', /<script>/);
});

test('embedSnippet names the known widgets when given an unknown one, and asks for a site root outside a browser', () => {
  assert.throws(() => embedSnippet('nope', '', { siteRoot: root }), /no widget named "nope"; known widgets: .*latent-walk/);
  assert.throws(() => embedSnippet('draw', ''), /pass opts\.siteRoot/);
});

test('every ready widget has a measured embed height of a plausible size', () => {
  for (const w of WIDGETS.filter((x) => x.ready && x.name !== 'hello')) {
    const h = embedHeight(w.name);
    assert.notEqual(
      h,
      FALLBACK_EMBED_HEIGHT,
      `${w.name} has no measured height: build, then node scripts/with-node.mjs node scripts/embed-heights.ts`,
    );
    assert.ok(h > 300 && h < 5000, `${w.name}: ${h}`);
  }
});

test('the resize script sizes only the iframe that sent the message, and only from its origin', () => {
  const html = embedSnippet('draw', '', { siteRoot: root });
  const code = html.slice(html.indexOf('<script>') + 8, html.lastIndexOf('</script>'));
  const source = {};
  const frame = { src: `${root}embed/draw/`, contentWindow: source, style: { height: '' } };
  const other = { src: `${root}embed/cvae/`, contentWindow: {}, style: { height: '' } };
  let listener: ((e: unknown) => void) | undefined;
  runInNewContext(code, {
    URL,
    Number,
    Math,
    window: { addEventListener: (_: string, f: (e: unknown) => void) => (listener = f) },
    document: { querySelectorAll: () => [frame, other] },
  });
  assert.ok(listener);
  listener({ origin: 'https://evil.example', source, data: { type: 'vae-embed-height', height: 900 } });
  assert.equal(frame.style.height, '');
  listener({ origin: 'https://teach.example', source, data: { type: 'vae-embed-height', height: 900.2 } });
  assert.equal(frame.style.height, '901px');
  assert.equal(other.style.height, '');
  listener({ origin: 'https://teach.example', source, data: { type: 'vae-embed-height', height: 'a lot' } });
  assert.equal(frame.style.height, '901px');
});

test('ogKey names a page’s card by its path under the base', () => {
  assert.equal(ogKey('/vae/', '/vae/'), 'index');
  assert.equal(ogKey('/vae/chapters/elbo/', '/vae/'), 'chapters-elbo');
  assert.equal(ogKey('/embed/draw/', '/'), 'embed-draw');
  assert.equal(ogKey('/vae/about/', '/vae'), 'about');
});

/** Runs a page's inline head script (the embed pages' when `embed`) against a fake document and returns the attributes it set on <html>, and what it added to
 * <head> (the embed page's preload template, `preloads`, when the page has one). */
function runThemeScript(
  search: string,
  embed: boolean,
  saved: string | null,
  page: {
    preloads?: boolean;
    saveData?: boolean;
    early?: string;
    earlyDefault?: string;
    hash?: string;
    navigation?: string;
    lateFonts?: boolean;
  } = {},
): Record<string, string | string[]> {
  const attrs: Record<string, string> = embed ? { 'data-embed': '' } : {};
  const added: string[] = [];
  const fetched: string[] = [];
  const window: { __vaeEarly?: Record<string, unknown> } = {};
  const root = {
    hasAttribute: (k: string) => k in attrs,
    setAttribute: (k: string, v: string) => (attrs[k] = v),
  };
  const attr: Record<string, string | undefined> = { 'data-fetch': page.early, 'data-fetch-default': page.earlyDefault };
  const template = { content: { cloneNode: () => 'preload links' }, getAttribute: (k: string) => attr[k] ?? null };
  const lateFonts = { content: { cloneNode: () => 'late font preloads' } };
  runInNewContext(headScript(embed), {
    URLSearchParams,
    window,
    fetch: (u: string, init: { headers: Record<string, string> }) => {
      fetched.push(`${u} ${init.headers['x-vae-version']}`);
      return Promise.resolve(`response of ${u}`);
    },
    document: {
      documentElement: root,
      head: { appendChild: (n: string) => added.push(n) },
      getElementById: (id: string) =>
        page.preloads && id === 'vae-preloads' ? template : page.lateFonts && id === 'vae-late-fonts' ? lateFonts : null,
    },
    navigator: page.saveData === undefined ? {} : { connection: { saveData: page.saveData } },
    location: { search, hash: page.hash ?? '' },
    performance: { getEntriesByType: (t: string) => (t === 'navigation' ? [{ type: page.navigation ?? 'navigate' }] : []) },
    localStorage: {
      getItem: () => {
        if (saved === 'throw') throw new Error('storage blocked');
        return saved;
      },
    },
  });
  delete attrs['data-embed'];
  const early = window.__vaeEarly ? Object.keys(window.__vaeEarly) : [];
  assert.deepEqual(
    early,
    fetched.map((f) => f.split(' ')[0]),
    'each early fetch is kept, by its URL, for the widget to take',
  );
  return { ...attrs, ...(added.length ? { added } : {}), ...(fetched.length ? { fetched } : {}) };
}

test('theme script: a saved theme everywhere; on embed pages ?theme, ?text=0 and ?view win, even with storage blocked', () => {
  assert.deepEqual(runThemeScript('', false, 'dark'), { 'data-theme': 'dark' });
  assert.deepEqual(runThemeScript('?theme=dark&text=0', false, null), {});
  assert.deepEqual(runThemeScript('?theme=dark&text=0&view=map', true, 'light'), { 'data-theme': 'dark', 'data-text': 'off', 'data-view': 'map' });
  assert.deepEqual(runThemeScript('?theme=light', true, 'throw'), { 'data-theme': 'light' });
  assert.deepEqual(runThemeScript('?theme=purple&view=<b>', true, null), {});
});

test('theme script: pages other than the embeds carry only the theme, not the embed pages’ URL handling (it is in every first view)', () => {
  assert.equal(headScript(false), THEME_SCRIPT);
  assert.doesNotMatch(THEME_SCRIPT, /search|vae-preloads|fetch/);
  assert.ok(THEME_SCRIPT.length < 400, `${THEME_SCRIPT.length} characters`);
});

test('theme script: a chapter that opens away from its top (#link, reload, back or forward) is marked data-resume, so it lays out every block', () => {
  assert.deepEqual(runThemeScript('', false, null), {});
  assert.deepEqual(runThemeScript('', false, null, { hash: '#widget-cvae' }), { 'data-resume': '' });
  assert.deepEqual(runThemeScript('', false, 'dark', { navigation: 'reload' }), { 'data-theme': 'dark', 'data-resume': '' });
  assert.deepEqual(runThemeScript('', false, null, { navigation: 'back_forward' }), { 'data-resume': '' });
  assert.deepEqual(runThemeScript('', false, null, { navigation: 'prerender' }), {});
  // There it also preloads the fonts that only blocks far down the page use (not preloaded when the page opens at its top).
  assert.deepEqual(runThemeScript('', false, null, { hash: '#eq-2', lateFonts: true }), { 'data-resume': '', added: ['late font preloads'] });
  assert.deepEqual(runThemeScript('', false, null, { lateFonts: true }), {});
});

test('theme script: an embed page’s preload links go into <head>, except with Save-Data on', () => {
  assert.deepEqual(runThemeScript('', true, null, { preloads: true }), { added: ['preload links'] });
  assert.deepEqual(runThemeScript('?theme=dark', true, null, { preloads: true, saveData: false }), {
    added: ['preload links'],
    'data-theme': 'dark',
  });
  assert.deepEqual(runThemeScript('', true, null, { preloads: true, saveData: true }), {});
  assert.deepEqual(runThemeScript('', true, null), {});
});

test('theme script: an embed page starts the manifest and its first frame’s files as fetch() calls naming their versions, the latter not with Save-Data or a widget’s state in the URL', () => {
  const early = '/vae/weights/manifest.json|aaaa';
  const earlyDefault = '/vae/weights/a.bin|bbbb /vae/weights/b.png|cccc';
  const all = ['/vae/weights/manifest.json aaaa', '/vae/weights/a.bin bbbb', '/vae/weights/b.png cccc'];
  assert.deepEqual(runThemeScript('', true, null, { preloads: true, early, earlyDefault }), { added: ['preload links'], fetched: all });
  assert.deepEqual(runThemeScript('?theme=dark&text=0&backend=cpu', true, null, { preloads: true, early, earlyDefault }), {
    added: ['preload links'],
    fetched: all,
    'data-theme': 'dark',
    'data-text': 'off',
  });
  const manifestOnly = { added: ['preload links'], fetched: [all[0]!] };
  assert.deepEqual(runThemeScript('?draw.digit=7', true, null, { preloads: true, early, earlyDefault }), manifestOnly);
  assert.deepEqual(runThemeScript('?theme=dark&draw.model=vae-16d', true, null, { preloads: true, early, earlyDefault }), {
    ...manifestOnly,
    'data-theme': 'dark',
  });
  assert.deepEqual(runThemeScript('', true, null, { preloads: true, early, earlyDefault, saveData: true }), {});
  assert.deepEqual(runThemeScript('', false, null, { preloads: true, early, earlyDefault }), {});
  assert.deepEqual(runThemeScript('', true, null, { preloads: true }), { added: ['preload links'] });
});

test('the repository’s CITATION.cff is the one citation.ts writes, and agrees with the BibTeX', () => {
  assert.equal(readFileSync('CITATION.cff', 'utf8'), citationCff(), 'regenerate CITATION.cff from citationCff() in src/lib/site/citation.ts');
  const cff = citationCff('https://teach.example/vae/');
  const tex = bibtex('https://teach.example/vae/');
  assert.match(cff, /^cff-version: 1\.2\.0$/m);
  for (const field of ['message', 'title', 'authors']) assert.match(cff, new RegExp(`^${field}:`, 'm'));
  assert.ok(cff.includes(`title: '${CITATION.title}'`) && tex.includes(`title        = {${CITATION.title}}`));
  assert.ok(cff.includes(`name: '${CITATION.authors}'`) && tex.includes(`{{${CITATION.authors}}}`));
  assert.ok(cff.includes(`date-released: '${CITATION.year}-`) && tex.includes(`year         = {${CITATION.year}}`));
  assert.ok(cff.includes("url: 'https://teach.example/vae/'") && tex.includes('\\url{https://teach.example/vae/}'));
  assert.match(readFileSync('LICENSE', 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} The VAE Explained authors$/m);
});
