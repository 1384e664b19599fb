// One small interface over two ways of driving a browser: Firefox over WebDriver BiDi (puppeteer-core) and WebKitGTK's
// MiniBrowser over classic WebDriver (WebKitWebDriver under xvfb-run, spoken to with fetch). One browser session per engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type EngineName = 'firefox' | 'webkit';
export interface Point {
  x: number;
  y: number;
}
export type Key = 'ArrowRight' | 'ArrowLeft' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'Enter' | 'Tab';

export interface Driver {
  engine: EngineName;
  /** Opens `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Runs `fn` in the page with JSON arguments and returns its (JSON) result; promises are awaited. */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
  /** Presses the primary mouse button at `from`, moves to `to` in `steps` moves, and releases it (viewport coordinates). */
  drag(from: Point, to: Point, steps?: number): Promise<void>;
  /** A mouse click at a point of the viewport. */
  click(at: Point): Promise<void>;
  /** Moves the mouse, no button pressed, to a point of the viewport (pointerover and hover follow). */
  hover(at: Point): Promise<void>;
  /** Presses and releases one key in the focused element. */
  press(key: Key): Promise<void>;
  /** Resizes the viewport (Firefox) or the window (WebKit). */
  resize(width: number, height: number): Promise<void>;
  /** Console errors the driver itself saw since the last call (Firefox; the page probe covers both engines). */
  takeConsoleErrors(): string[];
  close(): Promise<void>;
}

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB_RUN = '/usr/bin/xvfb-run';

/** What is missing to drive `engine`, as the Debian package to install, or null when everything is there. */
export function missingFor(engine: EngineName): string | null {
  if (engine === 'firefox') return existsSync(FIREFOX) ? null : 'firefox-esr';
  const missing = [existsSync(WEBKIT_DRIVER) && existsSync(MINIBROWSER) ? '' : 'webkit2gtk-driver', existsSync(XVFB_RUN) ? '' : 'xvfb'];
  return missing.filter(Boolean).join(' ') || null;
}

export const VIEWPORT = { width: 1280, height: 900 };

/** Headless Firefox ESR driven over WebDriver BiDi. */
async function firefox(): Promise<Driver> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: VIEWPORT,
    extraPrefsFirefox: { 'network.proxy.type': 0 },
  });
  const page: Page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport(VIEWPORT); // the first tab keeps the window's size otherwise
  let errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err instanceof Error ? err.message : String(err)}`));
  return {
    engine: 'firefox',
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load', timeout: 60_000 })),
    run: (fn, ...args) => page.evaluate(fn as never, ...(args as unknown as never[])) as never,
    drag: async (from, to, steps = 8) => {
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps });
      await page.mouse.up();
    },
    click: (at) => page.mouse.click(at.x, at.y),
    hover: (at) => page.mouse.move(at.x, at.y, { steps: 4 }),
    press: (key) => page.keyboard.press(key),
    resize: (width, height) => page.setViewport({ width, height }),
    takeConsoleErrors: () => {
      const out = errors;
      errors = [];
      return out;
    },
    close: () => browser.close(),
  };
}

/** WebDriver key codes (the spec's Unicode private-use values). */
const KEY_CODES: Record<Key, string> = {
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Home: '\uE011',
  End: '\uE010',
  Enter: '\uE007',
  Tab: '\uE004',
};

/** WebKitGTK's MiniBrowser under a virtual X display, driven over classic WebDriver with plain HTTP. */
async function webkit(port: number): Promise<Driver> {
  const driver: ChildProcess = spawn(
    XVFB_RUN,
    ['-a', '-s', '-screen 0 1600x1200x24', WEBKIT_DRIVER, `--port=${port}`],
    // A process group of its own, so closing kills Xvfb and the driver together.
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  const root = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(root + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { value: unknown };
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  let session: { sessionId: string } | null = null;
  for (let i = 0; !session; i++) {
    try {
      session = (await call('POST', '/session', {
        capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
      })) as { sessionId: string };
    } catch (err) {
      if (i > 100) throw new Error(`WebKitWebDriver did not start a MiniBrowser session: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const s = `/session/${session.sessionId}`;
  const pointer = (actions: unknown[]) =>
    call('POST', `${s}/actions`, { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
  const move = (p: Point, duration = 0) => ({ type: 'pointerMove', origin: 'viewport', x: Math.round(p.x), y: Math.round(p.y), duration });
  const exec = (script: string) => call('POST', `${s}/execute/sync`, { script, args: [] });
  const resize = async (width: number, height: number) => {
    // The window is larger than its viewport by its toolbar and frame: size the window so that the viewport fits.
    const [dw, dh] = (await exec('return [outerWidth - innerWidth, outerHeight - innerHeight]')) as number[];
    await call('POST', `${s}/window/rect`, { width: width + Math.max(0, dw!), height: height + Math.max(0, dh!) });
    for (let i = 0; i < 50; i++) {
      const [w] = (await exec('return [innerWidth]')) as number[];
      if (w === width) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await call('POST', `${s}/timeouts`, { script: 120_000, pageLoad: 60_000 });
  await resize(VIEWPORT.width, VIEWPORT.height);
  return {
    engine: 'webkit',
    goto: async (url) => {
      // WebDriver's "normal" page load can return while a busy previous page is still shown: mark the old document, then
      // wait for a new one that has finished loading.
      await exec('window.__engineOldPage = true').catch(() => undefined);
      await call('POST', `${s}/url`, { url });
      for (let i = 0; ; i++) {
        const now = (await exec('return [!window.__engineOldPage, document.readyState, location.href]')) as [boolean, string, string];
        if (now[0] && now[1] === 'complete') return;
        if (i > 600) throw new Error(`WebKit did not finish loading ${url} (at ${now.join(', ')})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    run: async (fn, ...args) =>
      (await call('POST', `${s}/execute/async`, {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (${fn.toString()}).apply(null, Array.from(arguments).slice(0, -1)))
            .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e && e.stack || e) }));`,
        args,
      }).then((r) => {
        const { ok, error } = r as { ok?: unknown; error?: string };
        if (error !== undefined) throw new Error(`in the page: ${error}`);
        return ok;
      })) as never,
    drag: async (from, to, steps = 8) => {
      const moves = Array.from({ length: steps }, (_, i) => {
        const f = (i + 1) / steps;
        return move({ x: from.x + (to.x - from.x) * f, y: from.y + (to.y - from.y) * f }, 16);
      });
      await pointer([move(from), { type: 'pointerDown', button: 0 }, ...moves, { type: 'pointerUp', button: 0 }]);
    },
    click: async (at) => void (await pointer([move(at), { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }])),
    hover: async (at) => void (await pointer([move(at, 50)])),
    press: async (key) =>
      void (await call('POST', `${s}/actions`, {
        actions: [
          {
            type: 'key',
            id: 'keyboard',
            actions: [
              { type: 'keyDown', value: KEY_CODES[key] },
              { type: 'keyUp', value: KEY_CODES[key] },
            ],
          },
        ],
      })),
    resize,
    takeConsoleErrors: () => [],
    close: async () => {
      try {
        await call('DELETE', s);
      } finally {
        if (driver.pid) process.kill(-driver.pid, 'SIGTERM');
      }
    },
  };
}

/** Starts one browser session of `engine`; `port` is free for WebKitWebDriver. */
export function launch(engine: EngineName, port: number): Promise<Driver> {
  return engine === 'firefox' ? firefox() : webkit(port);
}
