// Keeps a jump (a table-of-contents entry, an in-page link, a deep link such as #widget-kl-vs-recon) on its target while
// the widgets above it start and settle, until the reader scrolls, types or touches. Widgets reserve their live size
// (src/components/Widget.astro), so this only corrects what fonts or a browser's own layout make differ.

const PIN_MS = 12_000;
let target: Element | null = null;
let until = 0;
let smoothing = false;
let frame = 0;

/** The space the page keeps above a jump target (the sticky header): the root's scroll-padding-top. */
function topOffset(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
}

/** Scrolls instantly so the pinned target's top sits where a jump puts it; releases the pin when its time is up. */
function align(): void {
  frame = 0;
  if (!target) return;
  if (performance.now() > until || !target.isConnected) return release();
  if (smoothing) return;
  const delta = target.getBoundingClientRect().top - topOffset();
  const maxScroll = document.documentElement.scrollHeight - window.innerHeight;
  if (Math.abs(delta) < 1 || (delta > 0 && window.scrollY >= maxScroll - 1)) return;
  window.scrollTo({ top: window.scrollY + delta, behavior: 'instant' });
}

function schedule(): void {
  if (target && !frame) frame = requestAnimationFrame(align);
}

/** Stops holding the target (the reader took over). */
function release(): void {
  target = null;
  smoothing = false;
}

/** Holds `el` at the top of the view; `smooth` waits for the browser's smooth scroll to end before correcting. */
function pin(el: Element, smooth: boolean): void {
  layOutEverything();
  target = el;
  until = performance.now() + PIN_MS;
  smoothing = smooth;
  if (!smooth) return schedule();
  // The smooth scroll the browser started ends with scrollend (or, where there is none, when scrolling stops for 150 ms).
  let quiet = 0;
  const done = () => {
    window.removeEventListener('scroll', onScroll);
    window.removeEventListener('scrollend', done);
    clearTimeout(quiet);
    smoothing = false;
    schedule();
  };
  const onScroll = () => {
    clearTimeout(quiet);
    quiet = window.setTimeout(done, 150);
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('scrollend', done, { once: true });
  quiet = window.setTimeout(done, 400);
}

/** Lays out the blocks a chapter skips while they are out of view (src/styles/global/offscreen.css) before a jump (a
 * link, or the first Tab): the browser then scrolls by their real sizes, and the text under the target does not move a
 * frame after it lands. */
function layOutEverything(): void {
  document.documentElement.setAttribute('data-resume', '');
}

/** The element a "#id" hash names, or null. */
function hashTarget(hash: string): Element | null {
  if (hash.length < 2) return null;
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return null;
  }
}

/** Installs the pinning: deep link on load, same-page link clicks, back/forward between anchors. */
export function installAnchorPin(): void {
  const smooth = () => window.matchMedia('(prefers-reduced-motion: no-preference)').matches;
  const initial = hashTarget(window.location.hash);
  if (initial) pin(initial, false);
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented) return;
    if (link.origin !== window.location.origin || link.pathname !== window.location.pathname || !link.hash) return;
    const el = hashTarget(link.hash);
    if (el) pin(el, smooth());
  });
  window.addEventListener('hashchange', () => {
    const el = hashTarget(window.location.hash);
    if (el && el !== target) pin(el, false);
  });
  for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const)
    window.addEventListener(type, release, { passive: true, capture: true });
  // Keyboard focus jumps too: from the first Tab every block is laid out, so focus that lands far down finds the text
  // around it at its real size.
  window.addEventListener(
    'keydown',
    function firstTab(event) {
      if (event.key !== 'Tab') return;
      window.removeEventListener('keydown', firstTab, true);
      layOutEverything();
    },
    { passive: true, capture: true },
  );
  new ResizeObserver(schedule).observe(document.body);
  window.addEventListener('load', schedule);
}
