// The cross-engine suite: every page, every ready widget, the theme toggle, the table of contents and the no-WebGL path,
// in one browser session of one engine (Firefox or WebKit), against the production build served under the base path.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WIDGETS } from '../../src/widgets/registry.ts';
import { builtPages } from '../e2e/support/site.ts';
import { launch, missingFor, VIEWPORT, type Driver, type EngineName, type Key } from './drivers.ts';
import {
  at,
  centre,
  focusControl,
  hostSelector,
  pageErrors,
  poll,
  settledPicture,
  pictureChanges,
  waitForWidget,
  widgetSignals,
  type WidgetSignals,
} from './page.ts';
import { startSite, type Site } from './server.ts';

/** How the suite touches each widget: where to drag (fractions of the control's box) and which control takes an arrow key. */
interface Touch {
  drag: string;
  from: readonly [number, number];
  to: readonly [number, number];
  key: string;
  /** The key to press; by default ArrowRight (ArrowLeft on a range input at its maximum). */
  press?: Key;
}
const STROKE = { drag: 'canvas.pad', from: [0.3, 0.2], to: [0.65, 0.8] } as const;
const SLIDER = { drag: 'input[type=range]', from: [0.1, 0.5], to: [0.9, 0.5] } as const;
const MAP = { drag: '.lmap__frame[tabindex]', from: [0.5, 0.5], to: [0.25, 0.3] } as const;
const TOUCH: Record<string, Touch> = {
  draw: { ...STROKE, key: 'input[type=range]' },
  'latent-walk': { ...MAP, key: '.lmap__frame[tabindex]' },
  'kl-vs-recon': { ...SLIDER, key: 'input[type=range]' },
  denoise: { ...STROKE, key: 'input[type=range]' },
  'kl-sandbox': { drag: '.klplot__handle--q', from: [0.5, 0.5], to: [3, 0.5], key: '.klplot__handle--q' },
  reparam: { ...SLIDER, key: 'input[type=range]' },
  posterior: { ...STROKE, key: 'input[type=range]' },
  // A tap on Step trains a few steps; the arrow key steps the seed, which starts a fresh model.
  train: { drag: '.trn__btn:not(.trn__btn--play)', from: [0.5, 0.5], to: [0.5, 0.5], key: 'input[id^=trn-seed]', press: 'ArrowUp' },
  cvae: { ...MAP, key: '.lmap__frame[tabindex]' },
  // The drawing pad sits in a closed <details>; the α slider is the main control.
  attributes: { ...SLIDER, key: 'input[type=range]' },
  'ae-variants': { ...STROKE, key: 'input[type=range]' },
  // blur has no slider: the arrow key moves the model radio from vae-16d to vae-2d.
  blur: { ...STROKE, key: 'input[type=radio]:checked', press: 'ArrowRight' },
  // A tap on the button draws new samples; the arrow key switches the left column's density.
  'better-prior': { drag: '.bp__resample', from: [0.5, 0.5], to: [0.5, 0.5], key: '.bp__baseline input[type=radio]', press: 'ArrowRight' },
  // A stroke on the pad makes the drawing the query; Enter in the held-out digit field brings that digit back.
  retrieval: { ...STROKE, key: '.rt__pick input[type=number]', press: 'Enter' },
};
/** A widget added later is touched on whatever it offers first: a latent map, a drawing pad, a slider. */
const GENERIC: Touch = {
  drag: '.lmap__frame[tabindex], canvas.pad, input[type=range]',
  from: [0.3, 0.3],
  to: [0.7, 0.7],
  key: '.lmap__frame[tabindex], input[type=range], [role=slider]',
};

/**
 * Equations that point at the widget (issue 14, §6; tests/e2e/term-links.spec.ts checks more of it in Chromium): a term
 * focused from the script, then a Tab to the next term, each lighting its widget quantity; a term and a widget element
 * under the mouse lighting their partners; then a key on a control, after which a <Live> number in the prose must change
 * and read what the widget shows (`shown` holds the number in its first group).
 */
interface TermCheck {
  chapter: string;
  widget: string;
  focus: { term: string; lights: string };
  tab: { term: string; lights: string };
  hover: { term: string; lights: string };
  reverse: { shown: string; lights: string };
  change: { control: string; live: string; readout: string; shown: RegExp };
}
const TERM_CHECKS: TermCheck[] = [
  {
    chapter: 'elbo',
    widget: 'kl-vs-recon',
    focus: { term: 'kl-vs-recon.beta', lights: '.klr__beta' },
    tab: { term: 'kl-vs-recon.rate', lights: '[data-panel="both"] .klr__numbers' },
    hover: { term: 'kl-vs-recon.distortion', lights: 'text.klr__rd-label[data-quantity="distortion"]' },
    reverse: { shown: '[data-panel="both"] .klr__numbers', lights: 'kl-vs-recon.rate' },
    change: {
      control: '.klr__beta input[type=range]',
      live: 'kl-vs-recon.rate',
      readout: '[data-panel="both"] .klr__numbers',
      shown: /rate ([\d.]+) nats/,
    },
  },
  {
    chapter: 'reparameterization',
    widget: 'reparam',
    focus: { term: 'reparam.mu', lights: '.rpgraph__node[data-quantity="mu"]' },
    tab: { term: 'reparam.eps', lights: '.rpgraph__node[data-quantity="eps"]' },
    hover: { term: 'reparam.reinforce', lights: 'tr[data-quantity="reinforce"]' },
    reverse: { shown: '.wrow[data-quantity="sigma"]', lights: 'reparam.sigma' },
    change: {
      control: '.wrow[data-quantity="mu"] input[type=range]',
      live: 'reparam.rf-mu-var',
      readout: 'output[data-out="rf-mu-var"]',
      shown: /^(.+)$/,
    },
  },
];

const ready = WIDGETS.filter((w) => w.ready).map((w) => w.name);
/** Widgets that load TensorFlow.js and weights (the others compute in plain JavaScript). */
const usesTf = (name: string) => WIDGETS.find((w) => w.name === name)?.needsTf !== false;
const embedPaths = new Set(ready.map((n) => `embed/${n}/`));
/**
 * The backend the widget tests ask for. WebKit renders WebGL here in software (llvmpipe), which the site passes over for WASM
 * unless asked: forcing it tests the path of Safari on a real GPU. Headless Firefox has no WebGL: WASM, where a reader's page
 * lands after its CPU start (the default path is tested once below; its CPU first frame takes tens of seconds for posterior).
 */
const WIDGET_QUERY: Record<EngineName, string> = { firefox: '?backend=wasm', webkit: '?backend=webgl' };
/** Per test: generous, for a loaded 2-core machine; the benchmark, not this suite, measures speed. */
const TEST_TIMEOUT = 240_000;
/** Lines a browser writes as errors that the suite provokes on purpose (404 weights). */
const EXPECTED = /^console: (Failed to load resource|.*HTTP 404)/;

/** The driver's and the page probe's errors since the page loaded, minus the expected ones. */
async function errorsOn(drv: Driver): Promise<string[]> {
  const fromPage = await drv.run(pageErrors);
  return [...fromPage, ...drv.takeConsoleErrors()].filter((e) => !EXPECTED.test(e));
}

/** Registers the suite for `engine`. With CI=true a missing engine fails; elsewhere it is skipped (the runner says so once). */
export function engineSuite(engine: EngineName, port: number): void {
  const missing = missingFor(engine);
  if (missing && process.env.CI !== 'true') {
    describe(engine, { skip: `${engine} is not installed (apt-get install -y ${missing})` }, () => {});
    return;
  }
  describe(engine, { concurrency: 1 }, () => {
    let site: Site;
    let drv: Driver;

    before(async () => {
      if (missing) throw new Error(`${engine} is not installed: apt-get install -y ${missing}`);
      site = await startSite(port);
      drv = await launch(engine, port + 3);
    });
    after(async () => {
      await drv?.close();
      await site?.close();
    });

    /** Opens a page of the site and returns it with its errors checked by `done()`. */
    const open = async (path: string, origin = site.url) => {
      // Via a blank page, so that what the page being left logs as it unloads (aborted downloads) is not counted.
      await drv.goto('about:blank');
      drv.takeConsoleErrors();
      await drv.goto(origin + path);
      return { done: async () => assert.deepEqual(await errorsOn(drv), [], `console errors on /${path}`) };
    };

    for (const path of builtPages().filter((p) => !embedPaths.has(p))) {
      test(`/${path} loads without console errors and fits the window`, { timeout: TEST_TIMEOUT }, async () => {
        const page = await open(path);
        const h1 = await drv.run(() => document.fonts.ready.then(() => document.querySelector('h1')?.textContent?.trim() ?? ''));
        assert.ok(h1, `/${path} has a heading`);
        // This engine's font metrics must not push anything past the right edge.
        const sideways = await drv.run(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(sideways <= 0, `/${path} scrolls sideways by ${sideways} px`);
        await new Promise((r) => setTimeout(r, 300));
        await page.done();
      });
    }

    for (const name of ready) {
      test(`${name}${WIDGET_QUERY[engine]}: first frame, then a drag and an arrow key change the picture`, { timeout: TEST_TIMEOUT }, async () => {
        const page = await open(`embed/${name}/${WIDGET_QUERY[engine]}`);
        const touch = TOUCH[name] ?? GENERIC;
        const sel = hostSelector(name);
        const signals = await waitForWidget(drv, name);
        assert.equal(signals.ready, 'true', `${name} failed: ${signals.error}`);
        const first = await settledPicture(drv, name);
        assert.ok(first.drawn > 0, `${name} drew nothing`);

        const box = await drv.run(centre, touch.drag, sel);
        assert.ok(box, `${name} has a control to drag (${touch.drag})`);
        await drv.drag(at(box, ...touch.from), at(box, ...touch.to));
        await pictureChanges(drv, name, first.hash, `a drag on ${touch.drag}`);

        const key = await drv.run(focusControl, sel, touch.key);
        assert.ok(key, `${name} has a control for the keyboard (${touch.key})`);
        const beforeKey = await settledPicture(drv, name);
        await drv.press(touch.press ?? key);
        await pictureChanges(drv, name, beforeKey.hash, `${touch.press ?? key} on ${touch.key}`);
        await page.done();
      });
    }

    for (const c of TERM_CHECKS) {
      test(
        `${c.chapter}: focusing and hovering an equation term lights ${c.widget}'s quantity; the prose's number follows the widget`,
        { timeout: TEST_TIMEOUT },
        async (t) => {
          const page = await open(`chapters/${c.chapter}/${WIDGET_QUERY[engine]}`);
          const sel = hostSelector(c.widget);
          const signals = await waitForWidget(drv, c.widget);
          assert.equal(signals.ready, 'true', `${c.widget} failed: ${signals.error}`);
          const termSel = (key: string) => `.eq-term[data-term="${key}"]`;
          /** Whether the first match of `shown` in the widget is lit, and which equation terms are. */
          const state = (shown: string) =>
            drv.run(
              (host: string, s: string) => ({
                quantity: document.querySelector(host)?.querySelector(s)?.classList.contains('is-term-lit') ?? null,
                terms: [...document.querySelectorAll<HTMLElement>('.eq-term.is-lit')].map((t) => t.dataset.term ?? ''),
                focused: (document.activeElement as HTMLElement | null)?.dataset.term ?? document.activeElement?.localName ?? '',
              }),
              sel,
              shown,
            );
          const lit = async (shown: string, what: string, focused?: string) => {
            let now: Awaited<ReturnType<typeof state>> | null = null;
            await poll(
              async () => {
                now = await state(shown);
                return now.quantity === true && (focused === undefined || now.focused === focused);
              },
              () => `${what}: ${shown} in ${c.widget} is not lit (${JSON.stringify(now)})`,
              10_000,
            );
          };

          // Keyboard: the first term focused (as a Tab from the text before it would), then a real Tab to the next one.
          const focused = await drv.run((s: string) => {
            const term = document.querySelector<HTMLElement>(s);
            term?.scrollIntoView({ block: 'center', behavior: 'instant' });
            term?.focus();
            return { on: document.activeElement === term, windowHasFocus: document.hasFocus() };
          }, termSel(c.focus.term));
          assert.ok(focused.on, `${c.focus.term} takes the focus`);
          // Headless Firefox never gives its window the focus (document.hasFocus() stays false), so it fires no focus events
          // for the page to answer; WebKit here and Chromium (tests/e2e/term-links.spec.ts) check the lights on focus.
          const focusEvents = focused.windowHasFocus || engine !== 'firefox';
          if (focusEvents) await lit(c.focus.lights, `focus on ${c.focus.term}`);
          await drv.press('Tab');
          if (focusEvents) {
            await lit(c.tab.lights, `Tab from ${c.focus.term}`, c.tab.term);
            assert.equal((await state(c.focus.lights)).quantity, false, `${c.focus.lights} goes dark when the focus moves on`);
          } else {
            assert.equal((await state(c.tab.lights)).focused, c.tab.term, `Tab from ${c.focus.term} moves to ${c.tab.term}`);
            t.diagnostic('focus lights not checked: headless Firefox fires no focus events (its window never has the focus)');
          }

          // The mouse: over a term, then over the widget's element (the reverse).
          const box = await drv.run(centre, termSel(c.hover.term));
          assert.ok(box, `${c.hover.term} is on the page`);
          await drv.hover(at(box, 0.5, 0.5));
          await lit(c.hover.lights, `the mouse over ${c.hover.term}`);
          const shownBox = await drv.run(centre, c.reverse.shown, sel);
          assert.ok(shownBox, `${c.reverse.shown} is in ${c.widget}`);
          await drv.hover(at(shownBox, 0.5, 0.5));
          await poll(
            async () => (await state(c.reverse.shown)).terms.includes(c.reverse.lights),
            () => `the mouse over ${c.reverse.shown} does not light ${c.reverse.lights}`,
            10_000,
          );

          // The widget changes: the prose's <Live> number changes to what the widget shows.
          const liveText = () => drv.run((k: string) => document.querySelector(`.live-num[data-live="${k}"]`)?.textContent ?? null, c.change.live);
          const before = await liveText();
          assert.ok(before, `the prose quotes ${c.change.live}`);
          const key = await drv.run(focusControl, sel, c.change.control);
          assert.ok(key, `${c.widget} has ${c.change.control}`);
          await drv.press(key);
          const readout = () =>
            drv.run((host: string, s: string) => document.querySelector(host)?.querySelector(s)?.textContent?.trim() ?? '', sel, c.change.readout);
          let seen: [string | null, string] = [before, ''];
          await poll(
            async () => {
              seen = [await liveText(), c.change.shown.exec(await readout())?.[1] ?? ''];
              return seen[0] !== before && seen[0] === seen[1];
            },
            () => `after ${key} on ${c.change.control}, ${c.change.live} in the prose reads ${seen[0]} (was ${before}), the widget ${seen[1]}`,
            60_000,
          );
          await page.done();
        },
      );
    }

    for (const name of ready.filter(usesTf)) {
      test(`${name}: weights that 404 give a message and Retry, and Retry works once they are back`, { timeout: TEST_TIMEOUT }, async () => {
        // A first visit: no service worker and no caches on the failing origin (an earlier test's Retry filled them).
        await open('404.html', site.failingUrl);
        await drv.run(async () => {
          for (const r of (await navigator.serviceWorker?.getRegistrations()) ?? []) await r.unregister();
          for (const k of (await globalThis.caches?.keys()) ?? []) await caches.delete(k);
        });
        site.failWeights = true;
        try {
          const page = await open(`embed/${name}/${WIDGET_QUERY[engine]}`, site.failingUrl);
          const failed = await waitForWidget(drv, name);
          assert.equal(failed.ready, 'error');
          assert.match(failed.error, /Could not download .*HTTP 404/);
          assert.ok(failed.retry, `${name} offers a Retry button`);
          site.failWeights = false;
          await drv.run(
            (s: string) => [...document.querySelectorAll<HTMLElement>(`${s} .widget__error button`)].find((b) => b.textContent === 'Retry')?.click(),
            hostSelector(name),
          );
          let back: WidgetSignals | null = null;
          await poll(
            async () => (back = await drv.run(widgetSignals, hostSelector(name)))?.ready === 'true',
            () => `${name} after Retry: ${JSON.stringify(back)}`,
          );
          await page.done();
        } finally {
          site.failWeights = false;
        }
      });
    }

    test('the theme toggle sets data-theme on <html>, and the choice survives a reload', { timeout: TEST_TIMEOUT }, async () => {
      const page = await open('chapters/elbo/');
      const theme = () => drv.run(() => document.documentElement.dataset.theme ?? 'system');
      const seen = [await theme()];
      for (let i = 0; i < 3; i++) {
        const box = await drv.run(centre, '[data-theme-toggle]');
        assert.ok(box, 'a theme toggle');
        await drv.click(at(box, 0.5, 0.5));
        seen.push(await theme());
      }
      assert.deepEqual(seen, ['system', 'light', 'dark', 'system']);
      await drv.click(at((await drv.run(centre, '[data-theme-toggle]'))!, 0.5, 0.5));
      await page.done();
      await open('chapters/elbo/');
      assert.equal(await theme(), 'light', 'the choice is remembered');
      await drv.run(() => localStorage.clear());
    });

    test('the table of contents opens, and its links jump to their sections', { timeout: TEST_TIMEOUT }, async () => {
      for (const width of [VIEWPORT.width, 600]) {
        await drv.resize(width, VIEWPORT.height);
        try {
          const page = await open('chapters/elbo/');
          const isOpen = () => drv.run(() => document.querySelector<HTMLDetailsElement>('.toc details')?.open);
          assert.equal(await isOpen(), width >= 1024, `at ${width} px the table of contents starts ${width >= 1024 ? 'open' : 'closed'}`);
          if (!(await isOpen())) {
            const summary = await drv.run(centre, '.toc summary');
            assert.ok(summary, 'the table of contents has a summary to click');
            await drv.click(at(summary, 0.2, 0.5));
            await poll(isOpen, () => 'a click on "On this page" opens the table of contents', 5_000);
          }
          const target = await drv.run(() => {
            const links = [...document.querySelectorAll<HTMLAnchorElement>('.toc a')];
            const index = Math.floor(links.length / 2);
            return { index, hash: links[index]!.hash };
          });
          const link = await drv.run(centre, '.toc a', null, target.index);
          assert.ok(link, 'a link in the table of contents');
          await drv.click(at(link, 0.1, 0.5));
          await poll(
            () =>
              drv.run((hash: string) => {
                const top = document.getElementById(decodeURIComponent(hash.slice(1)))?.getBoundingClientRect().top;
                return location.hash === hash && top !== undefined && top >= -2 && top < innerHeight / 2;
              }, target.hash),
            () => `the link to ${target.hash} did not bring its heading to the top of the window (at ${width} px)`,
            15_000,
          );
          await page.done();
        } finally {
          await drv.resize(VIEWPORT.width, VIEWPORT.height);
        }
      }
    });

    for (const backend of ['wasm', 'cpu']) {
      test(`?backend=${backend}: a widget runs without WebGL and answers the keyboard`, { timeout: TEST_TIMEOUT }, async () => {
        const name = ready.includes('latent-walk') ? 'latent-walk' : ready.filter(usesTf)[0]!;
        const page = await open(`embed/${name}/?backend=${backend}`);
        let signals = await waitForWidget(drv, name);
        assert.equal(signals.ready, 'true', signals.error);
        // A widget whose first frame comes shipped (needsTf 'later') shows 'JS' until TensorFlow.js has come just after it.
        await poll(
          async () => (signals = (await drv.run(widgetSignals, hostSelector(name)))!).badge !== 'JS',
          () => `TensorFlow.js never came after the shipped first frame: ${JSON.stringify(signals)}`,
        );
        assert.equal(signals.badge, backend);
        const key = await drv.run(focusControl, hostSelector(name), (TOUCH[name] ?? GENERIC).key);
        const before = await settledPicture(drv, name);
        await drv.press(key ?? 'ArrowRight');
        await pictureChanges(drv, name, before.hash, 'an arrow key');
        await page.done();
      });
    }

    test(
      'with no backend asked for, a widget starts on CPU and moves to WebGL or WASM, saying why when not WebGL',
      { timeout: TEST_TIMEOUT },
      async () => {
        const page = await open('embed/latent-walk/');
        const signals = await waitForWidget(drv, 'latent-walk');
        assert.equal(signals.ready, 'true', signals.error);
        let now = signals;
        await poll(
          async () => !['cpu', 'JS'].includes((now = (await drv.run(widgetSignals, hostSelector('latent-walk')))!).badge),
          () => `the backend never moved on from CPU: ${JSON.stringify(now)}`,
        );
        assert.match(now.badge, /^(webgl|wasm)$/);
        if (now.badge === 'wasm') assert.match(now.badgeTitle, /^Running on wasm: .*(webgl unavailable|software-rendered)/);
        await page.done();
      },
    );
  });
}
