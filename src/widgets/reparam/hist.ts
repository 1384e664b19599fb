// A histogram of per-sample gradient estimates, with the exact gradient (dashed) and the S-sample average (solid).
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { drawAxis } from '../shared/axes.ts';
import { onWidthChange } from '../shared/resize.ts';

const BINS = 41;

export interface HistInput {
  values: Float64Array;
  /** The x-range shared with the other estimator's histogram. */
  domain: [number, number];
  exact: number;
  mean: number;
  title: string;
}

/** The range that holds the central 99% of both samples and the exact value. */
export function sharedDomain(a: Float64Array, b: Float64Array, exact: number): [number, number] {
  const q = (xs: Float64Array, p: number) => {
    const s = Float64Array.from(xs).sort();
    return s[Math.min(s.length - 1, Math.max(0, Math.floor(p * (s.length - 1))))] ?? 0;
  };
  let lo = Math.min(q(a, 0.005), q(b, 0.005), exact);
  let hi = Math.max(q(a, 0.995), q(b, 0.995), exact);
  if (hi - lo < 1e-6) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

export function createHist(container: HTMLElement, label: string): { draw(h: HistInput): void; destroy(): void } {
  const svg = select(container).append('svg').attr('class', 'rphist').attr('role', 'img').attr('aria-label', label);
  let last: HistInput | null = null;
  let width = 0;
  function draw(h: HistInput): void {
    last = h;
    width = Math.max(240, container.clientWidth);
    const height = 132;
    const m = { l: 8, r: 8, t: 20, b: 22 };
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    svg.selectAll('*').remove();
    const [lo, hi] = h.domain;
    const x = scaleLinear()
      .domain(h.domain)
      .range([m.l, width - m.r]);
    const counts = new Array<number>(BINS).fill(0);
    let outside = 0;
    const bw = (hi - lo) / BINS;
    for (const v of h.values) {
      let i = Math.floor((v - lo) / bw);
      if (i < 0 || i >= BINS) {
        outside++;
        i = Math.max(0, Math.min(BINS - 1, i));
      }
      counts[i]! += 1;
    }
    const top = Math.max(1, ...counts);
    const y = scaleLinear()
      .domain([0, top])
      .range([height - m.b, m.t + 4]);
    svg.append('text').attr('class', 'rphist__title').attr('x', m.l).attr('y', 13).text(h.title);
    if (outside)
      svg
        .append('text')
        .attr('class', 'rphist__clip')
        .attr('x', width - m.r)
        .attr('y', 13)
        .attr('text-anchor', 'end')
        .text(`${outside.toLocaleString('en-US')} off-scale, in the end bars`);
    svg
      .append('g')
      .selectAll('rect')
      .data(counts)
      .join('rect')
      .attr('class', 'rphist__bar')
      .attr('x', (_, i) => x(lo + i * bw) + 0.5)
      .attr('width', Math.max(1, x(lo + bw) - x(lo) - 1))
      .attr('y', (c) => y(c))
      .attr('height', (c) => y(0) - y(c));
    drawAxis(svg, 'bottom', x, { at: height - m.b, ticks: width < 400 ? 4 : 6, outerTicks: true, className: 'rphist__axis' });
    const vline = (v: number, cls: string) =>
      svg
        .append('line')
        .attr('class', cls)
        .attr('x1', x(v))
        .attr('x2', x(v))
        .attr('y1', m.t)
        .attr('y2', height - m.b);
    vline(h.exact, 'rphist__exact');
    vline(h.mean, 'rphist__mean');
  }
  const stopResize = onWidthChange(container, () => {
    if (last) draw(last);
  });
  return {
    draw,
    destroy() {
      stopResize();
      svg.remove();
    },
  };
}
