// On phones the site header (two rows there) slides away while the reader scrolls down and comes back as soon as they
// scroll up, so that it does not take 84 px of a small screen; keyboard focus inside it always shows it.
// The hiding itself is CSS (.site-header.is-hidden, phones only), so on wider screens this changes nothing.

/** Starts watching the scroll position; call once per page. */
export function autohideHeader(header: HTMLElement): void {
  // Read in the first frame, where the page is laid out anyway: reading it while the script runs would force that layout early,
  // in one long task of its own (a third of a second for a long chapter on a slow phone).
  let lastY = 0;
  requestAnimationFrame(() => (lastY = window.scrollY));
  const onScroll = () => {
    const y = window.scrollY;
    if (Math.abs(y - lastY) < 8) return;
    header.classList.toggle('is-hidden', y > lastY && y > header.offsetHeight);
    lastY = y;
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  header.addEventListener('focusin', () => header.classList.remove('is-hidden'));
}

const header = document.querySelector<HTMLElement>('.site-header');
if (header) autohideHeader(header);
