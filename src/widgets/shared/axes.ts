// The one d3 axis helper of the plot modules: a bottom or left axis placed at its edge, and tick labels kept readable
// (at least 11 CSS px) when an SVG drawn in a fixed viewBox is shown smaller than its coordinate system, as on phones.
import type { Selection } from 'd3-selection';
import { axisBottom, axisLeft } from 'd3-axis';
import type { AxisDomain, AxisScale } from 'd3-axis';

export interface AxisOptions<D extends AxisDomain> {
  /** Where the axis line sits: the y of a bottom axis, the x of a left axis (SVG user units). */
  at: number;
  /** Tick count (a hint to d3), or explicit tick values. */
  ticks?: number | D[];
  /** A d3 format specifier ('~s') or a function that writes a tick label. */
  format?: string | ((v: D) => string);
  /** Length of the tick marks (d3's default is 6). */
  tickSize?: number;
  /** Keep the outer ticks at both ends of the axis line (off by default). */
  outerTicks?: boolean;
  /** A class for the axis group. */
  className?: string;
}

/** Draws a bottom or left axis of `scale` into the group `g` (replacing what it held), placed at `o.at`. */
export function axisInto<D extends AxisDomain>(
  g: Selection<SVGGElement, unknown, null, undefined>,
  side: 'bottom' | 'left',
  scale: AxisScale<D>,
  o: AxisOptions<D>,
): void {
  const axis = side === 'bottom' ? axisBottom(scale) : axisLeft(scale);
  if (Array.isArray(o.ticks)) axis.tickValues(o.ticks);
  else if (o.ticks !== undefined) axis.ticks(o.ticks, typeof o.format === 'string' ? o.format : undefined);
  if (typeof o.format === 'function') axis.tickFormat(o.format as (v: D, i: number) => string);
  if (o.tickSize !== undefined) axis.tickSize(o.tickSize);
  if (!o.outerTicks) axis.tickSizeOuter(0);
  g.attr('transform', side === 'bottom' ? `translate(0,${o.at})` : `translate(${o.at},0)`);
  if (o.className) g.attr('class', o.className);
  g.call(axis);
}

/** Appends a bottom or left axis of `scale` to `parent`, at `o.at`; returns the axis group. */
export function drawAxis<D extends AxisDomain>(
  parent: Selection<SVGGElement, unknown, null, undefined> | Selection<SVGSVGElement, unknown, null, undefined>,
  side: 'bottom' | 'left',
  scale: AxisScale<D>,
  o: AxisOptions<D>,
): Selection<SVGGElement, unknown, null, undefined> {
  const g = (parent as Selection<SVGGElement, unknown, null, undefined>).append('g');
  axisInto(g, side, scale, o);
  return g;
}

/**
 * Keeps the text of an SVG drawn in a `viewWidth`-wide viewBox readable when it is shown narrower: sets the CSS
 * variable --svg-text-scale (viewBox width ÷ shown width, at least 1) on the SVG, which its CSS multiplies into
 * font sizes (`font-size: calc(11px * var(--svg-text-scale, 1))`). onScale (optional) hears each new scale, to make
 * room for the larger text or to thin out ticks. Returns a function that stops watching.
 */
export function keepSvgTextReadable(svg: SVGSVGElement, viewWidth: number, onScale?: (scale: number) => void): () => void {
  let last = 0;
  const update = () => {
    const shown = svg.getBoundingClientRect().width;
    if (shown <= 0) return;
    // Rounded up to a twentieth, so that text never ends up a hair below its size and tiny resizes change nothing.
    const scale = Math.ceil(Math.max(1, viewWidth / shown) * 20 - 1e-6) / 20;
    if (scale === last) return;
    last = scale;
    svg.style.setProperty('--svg-text-scale', String(scale));
    onScale?.(scale);
  };
  const ro = new ResizeObserver(update);
  ro.observe(svg);
  update();
  return () => ro.disconnect();
}
