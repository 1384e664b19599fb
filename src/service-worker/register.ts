// Registers the book's service worker (production builds only) once the page has loaded and gone idle, then, when no widget
// is downloading, asks it to save the whole book for offline reading: never with Save-Data on, and never inside someone
// else's frame (an embed in a course page); those only keep what the page already loaded, from the browser's HTTP cache.
import { url } from '../lib/site/paths.ts';

/** True when the reader asked the browser to save data (the Save-Data setting). */
function saveData(): boolean {
  return Boolean((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData);
}

/** Calls fn after the load event, at an idle moment. */
function afterLoadAndIdle(fn: () => void): void {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => fn(), { timeout: 10_000 }) : setTimeout(fn, 2000));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

/** Resolves once no widget on the page is downloading (data-start="loading", or data-loading="true" after its first frame). */
function widgetsSettled(): Promise<void> {
  const busy = () => document.querySelector('[data-start="loading"], [data-loading="true"]') !== null;
  return new Promise((resolve) => {
    const check = () => (busy() ? setTimeout(check, 1000) : resolve());
    check();
  });
}

const asked = new WeakSet<ServiceWorker>();

/** Asks a worker to save the whole book, or (Save-Data, third-party frame) only what this page has loaded. */
async function askToSave(worker: ServiceWorker): Promise<void> {
  if (asked.has(worker)) return;
  asked.add(worker);
  await widgetsSettled();
  const whole = !saveData() && window.top === window;
  const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
  worker.postMessage(whole ? { type: 'save' } : { type: 'save', urls });
}

/**
 * Registers the worker under the base path. Marks <html data-offline>: "saved" once the whole book is saved ("partial" if some
 * files failed), "kept" once only this page's files were kept (Save-Data, third-party frame).
 */
export async function startServiceWorker(): Promise<void> {
  const sw = navigator.serviceWorker;
  sw.addEventListener('message', (e: MessageEvent<{ type?: string; whole?: boolean; failed?: number }>) => {
    if (e.data?.type !== 'saved') return;
    document.documentElement.dataset.offline = !e.data.whole ? 'kept' : e.data.failed ? 'partial' : 'saved';
  });
  try {
    await sw.register(url('/sw.js'), { scope: url('/') });
  } catch {
    return; // e.g. storage blocked for a third-party frame: the page works as before, from the network
  }
  // After a deploy the new worker takes over while the page is open: it saves what its build adds.
  sw.addEventListener('controllerchange', () => {
    const worker = sw.controller;
    if (worker) afterLoadAndIdle(() => void askToSave(worker));
  });
  const { active } = await sw.ready;
  if (active) await askToSave(active);
}

if (import.meta.env.PROD && 'serviceWorker' in navigator) afterLoadAndIdle(() => void startServiceWorker());
