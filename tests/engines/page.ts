// Functions that run inside the page (passed to Driver.run, so each is self-contained), and the waits built on them.
import type { Driver, Point } from './drivers.ts';

/** The CSS selector of a widget's live element on its page. */
export const hostSelector = (name: string) => `#widget-${name} > :not(script, .widget__placeholder)`;

export interface WidgetSignals {
  ready: string | null;
  start: string | null;
  badge: string;
  badgeTitle: string;
  status: string;
  error: string;
  retry: boolean;
  startButton: boolean;
}

/** The widget's lifecycle attributes and the text of its badge, status line and error box. */
export function widgetSignals(sel: string): WidgetSignals | null {
  const host = document.querySelector<HTMLElement>(sel);
  if (!host) return null;
  const error = host.querySelector<HTMLElement>('.widget__error');
  const start = host.querySelector<HTMLElement>('.widget__start');
  return {
    ready: host.dataset.ready ?? null,
    start: host.dataset.start ?? null,
    badge: host.querySelector('.widget__badge')?.textContent?.trim() ?? '',
    badgeTitle: host.querySelector('.widget__badge')?.getAttribute('title') ?? '',
    status: host.querySelector('.widget__status')?.textContent?.trim() ?? '',
    error: error && !error.hidden ? (error.textContent ?? '').trim() : '',
    retry: !!error && !error.hidden && [...error.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Retry'),
    startButton: !!start && start.getClientRects().length > 0,
  };
}

/** Scrolls the `index`th match of `sel` (inside `within`, when given) to the middle of the viewport; its box, or null. */
export async function centre(sel: string, within?: string | null, index = 0): Promise<{ x: number; y: number; w: number; h: number } | null> {
  const root = within ? document.querySelector(within) : document;
  const el = root?.querySelectorAll<HTMLElement>(sel)[index];
  if (!el || !el.getClientRects().length) return null;
  // 'instant': the site's CSS asks for smooth scrolling, which would move the element after its box is measured.
  el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  // Then it waits until the box holds still for three frames: text the browser skipped while out of view
  // (src/styles/global/offscreen.css) takes its real size a frame after the jump, and that frame's callback still sees the
  // old layout.
  let r = el.getBoundingClientRect();
  for (let i = 0, still = 0; i < 60 && still < 3; i++) {
    await new Promise((done) => requestAnimationFrame(done));
    const next = el.getBoundingClientRect();
    still = next.top === r.top && next.left === r.left && next.width === r.width ? still + 1 : 0;
    r = next;
  }
  return { x: r.left, y: r.top, w: r.width, h: r.height };
}

/**
 * A fingerprint of what a widget shows: the pixels of its 2-D canvases and the markup of its SVG pictures, hashed
 * (FNV-1a), and how many of them hold a picture at all (a canvas with two or more colours, an SVG with shapes).
 */
export function picture(sel: string): { hash: string; drawn: number } {
  const host = document.querySelector(sel);
  const body = host?.querySelector('.widget__body') ?? host;
  let h = 0x811c9dc5;
  let drawn = 0;
  const mix = (v: number) => {
    h ^= v;
    h = Math.imul(h, 16777619);
  };
  for (const c of body?.querySelectorAll('canvas') ?? []) {
    const ctx = c.width && c.height ? c.getContext('2d') : null;
    if (!ctx) continue;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let varied = false;
    for (let i = 0; i < d.length; i++) {
      mix(d[i]!);
      if (d[i] !== d[i & 3]) varied = true;
    }
    if (varied) drawn++;
  }
  for (const s of body?.querySelectorAll('svg') ?? []) {
    const markup = new XMLSerializer().serializeToString(s);
    for (let i = 0; i < markup.length; i++) mix(markup.charCodeAt(i));
    if (s.querySelector('path, rect, circle, line, polyline, polygon, ellipse')) drawn++;
  }
  return { hash: (h >>> 0).toString(16), drawn };
}

/** Focuses the first match of `sel` inside the widget; for a range input, the key that moves it off its end. */
export function focusControl(host: string, sel: string): 'ArrowRight' | 'ArrowLeft' | null {
  const el = document.querySelector(host)?.querySelector<HTMLElement>(sel);
  if (!el) return null;
  el.focus();
  const input = el as HTMLInputElement;
  return input.type === 'range' && input.value === input.max ? 'ArrowLeft' : 'ArrowRight';
}

/** Errors recorded in the page since it loaded (by tests/engines/probe.ts). */
export function pageErrors(): string[] {
  return window.__engineErrors ?? ['the error probe is missing from this page'];
}

/** Polls `check` until it returns a value other than null/undefined/false, or throws `message` after `ms`. */
export async function poll<T>(check: () => Promise<T | null | undefined | false>, message: () => string, ms = 60_000, every = 200): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`${message()} (waited ${ms / 1000} s)`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Scrolls a widget into view and waits until it is live (data-ready="true") or has failed ("error"). A widget that
 * waits for the reader (a Start button, as on Save-Data, or one still waiting for an idle moment) gets one click on it.
 */
export async function waitForWidget(drv: Driver, name: string, ms = 90_000): Promise<WidgetSignals> {
  const sel = hostSelector(name);
  if (!(await drv.run(centre, sel))) throw new Error(`no live element for widget ${name} (${sel})`);
  const t0 = Date.now();
  let clicked = false;
  let last: WidgetSignals | null = null;
  return poll(
    async () => {
      last = await drv.run(widgetSignals, sel);
      if (last?.ready === 'true' || last?.ready === 'error') return last;
      const waiting = last?.start === 'ask' || ((last?.start === 'near' || last?.start === 'idle') && Date.now() - t0 > 5_000);
      if (!clicked && last?.startButton && waiting) {
        clicked = true;
        await drv.run((s: string) => document.querySelector<HTMLElement>(s)?.querySelector<HTMLElement>('.widget__start')?.click(), sel);
      }
      return null;
    },
    () => `${name} did not become ready: ${JSON.stringify(last)}`,
    ms,
  );
}

/** Waits until the widget's picture stops changing (two equal fingerprints 300 ms apart) and returns it. */
export async function settledPicture(drv: Driver, name: string): Promise<{ hash: string; drawn: number }> {
  let prev = await drv.run(picture, hostSelector(name));
  return poll(
    async () => {
      await new Promise((r) => setTimeout(r, 300));
      const next = await drv.run(picture, hostSelector(name));
      const same = next.hash === prev.hash;
      prev = next;
      return same && next;
    },
    () => `${name}'s picture never settled`,
    20_000,
    0,
  );
}

/** Waits until the widget's picture differs from `before`. */
export async function pictureChanges(drv: Driver, name: string, before: string, what: string): Promise<void> {
  await poll(
    async () => (await drv.run(picture, hostSelector(name))).hash !== before,
    () => `${name}: the picture did not change after ${what}`,
    20_000,
  );
}

/** A point at fractions (fx, fy) of a box. */
export const at = (box: { x: number; y: number; w: number; h: number }, fx: number, fy: number): Point => ({
  x: box.x + box.w * fx,
  y: box.y + box.h * fy,
});
