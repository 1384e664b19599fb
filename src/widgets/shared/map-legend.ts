// The legend of the latent maps: the ten digit classes with their colour swatches.
import { classColor, CLASS_COLOR_NAMES } from './palette.ts';

/** A legend of the ten digit classes (a list with colour swatches). */
export function createLegend(): HTMLElement {
  const ul = document.createElement('ul');
  ul.className = 'lmap__legend';
  ul.setAttribute('aria-label', 'Colour of each digit class');
  for (let k = 0; k < 10; k++) {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = 'lmap__swatch';
    sw.style.background = classColor(k);
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, document.createTextNode(String(k)));
    li.title = `digit ${k}: ${CLASS_COLOR_NAMES[k]}`;
    ul.append(li);
  }
  return ul;
}
