// Waiting for a first frame: work that no first frame needs (a faster backend, a caption's classifier, more models or digits)
// starts only after it, so it never competes with it for the network.

/** `vae:<widget>:ready`, the performance mark a widget records at its first frame (runtime/widget-element.ts). */
const readyMark = (widget?: string) => (widget ? (name: string) => name === `vae:${widget}:ready` : (name: string) => /^vae:.+:ready$/.test(name));

/** Resolves once `widget` (any widget on the page when omitted) has drawn its first frame, then once the browser is idle. */
export function afterFirstFrame(widget?: string): Promise<void> {
  const isReady = readyMark(widget);
  return new Promise((done) => {
    const idle = () => ('requestIdleCallback' in window ? window.requestIdleCallback(() => done(), { timeout: 2000 }) : setTimeout(done, 50));
    if (performance.getEntriesByType('mark').some((e) => isReady(e.name))) return idle();
    if (typeof PerformanceObserver === 'undefined') return void setTimeout(done, 3000);
    const obs = new PerformanceObserver((list) => {
      if (!list.getEntries().some((e) => isReady(e.name))) return;
      obs.disconnect();
      idle();
    });
    obs.observe({ type: 'mark' });
  });
}
