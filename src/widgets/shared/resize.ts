// Redraws a plot when its container's width changes (phones rotating, sidebars opening), ignoring sub-pixel jitter.

/** Calls redraw whenever el's width changes by more than a pixel; returns a function that stops watching. */
export function onWidthChange(el: HTMLElement, redraw: () => void): () => void {
  let last = el.clientWidth;
  const ro = new ResizeObserver(() => {
    const w = el.clientWidth;
    if (Math.abs(w - last) <= 1) return;
    last = w;
    redraw();
  });
  ro.observe(el);
  return () => ro.disconnect();
}
