// The bound against K: IWAE-K on a log axis, the ELBO and the grid's log p(x) as horizontal lines, and the gap
// between them labelled KL(q ‖ p(z|x)).
import { select } from 'd3-selection';
import { scaleLog, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { drawAxis, keepSvgTextReadable } from '../shared/axes.ts';

export interface BoundsData {
  ks: readonly number[];
  iwae: number[];
  elbo: number;
  logPx: number;
  /** The K the slider points at. */
  k: number;
}

const S = 360;
const HGT = 230;
const M = { l: 44, r: 104, t: 12, b: 34 };

/** Builds the plot (an SVG with role img; the numbers beside it carry the same information as text). */
export function createBoundsPlot(label: string): { element: HTMLElement; draw(d: BoundsData): void; destroy(): void } {
  const element = document.createElement('div');
  element.className = 'pbounds';
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  const svg = select(element).append('svg').attr('class', 'pbounds__svg').attr('viewBox', `0 0 ${S} ${HGT}`).attr('aria-hidden', 'true');
  const stopWatchingText = keepSvgTextReadable(svg.node()!, S);
  const x = scaleLog().range([M.l, S - M.r]);
  const y = scaleLinear().range([HGT - M.b, M.t]);
  return {
    element,
    draw(d) {
      svg.selectAll('*').remove();
      const lo = Math.min(d.elbo, ...d.iwae);
      const hi = Math.max(d.logPx, ...d.iwae);
      const pad = Math.max(0.2, 0.12 * (hi - lo));
      x.domain([d.ks[0]!, d.ks[d.ks.length - 1]!]);
      y.domain([lo - pad, hi + pad]).nice();
      drawAxis<number>(svg, 'bottom', x, { at: HGT - M.b, ticks: [1, 10, 100, 1000], format: String, outerTicks: true, className: 'pbounds__axis' });
      drawAxis(svg, 'left', y, { at: M.l, ticks: 5, outerTicks: true, className: 'pbounds__axis' });
      svg
        .append('text')
        .attr('class', 'pbounds__axis-label')
        .attr('x', S - M.r)
        .attr('y', HGT - 4)
        .attr('text-anchor', 'end')
        .text('K (samples)');
      svg
        .append('text')
        .attr('class', 'pbounds__axis-label')
        .attr('x', 2)
        .attr('y', M.t - 2)
        .text('nats');
      const x0 = M.l;
      const x1 = S - M.r;
      // Each label carries the quantity it names, for the chapter's equation terms (src/widgets/shared/quantities.ts).
      const hline = (v: number, cls: string, text: string, dy: number, quantity: string) => {
        svg.append('line').attr('class', cls).attr('x1', x0).attr('x2', x1).attr('y1', y(v)).attr('y2', y(v));
        svg
          .append('text')
          .attr('class', `pbounds__label ${cls}-label`)
          .attr('data-quantity', quantity)
          .attr('x', x1 + 4)
          .attr('y', y(v) + dy)
          .text(text);
      };
      hline(d.logPx, 'pbounds__logpx', 'log p(x), grid', -4, 'logpx');
      hline(d.elbo, 'pbounds__elbo', 'ELBO', 12, 'elbo');
      // The gap, ELBO → log p(x): KL(q ‖ p(z|x)), as a bracket in the right margin.
      const gx = x1 + 3;
      svg
        .append('path')
        .attr('class', 'pbounds__gap')
        .attr('d', `M${gx},${y(d.logPx)}h5V${y(d.elbo)}h-5`);
      const mid = (y(d.logPx) + y(d.elbo)) / 2;
      const gapText = svg
        .append('text')
        .attr('class', 'pbounds__gap-label')
        .attr('data-quantity', 'gap')
        .attr('x', gx + 9)
        .attr('y', mid - 3);
      gapText.append('tspan').text('KL(q ‖ p(z|x))');
      gapText
        .append('tspan')
        .attr('x', gx + 9)
        .attr('dy', 13)
        .text(`= ${(d.logPx - d.elbo).toFixed(2)} nats`);
      const pts = d.ks.map((k, i) => [x(k), y(d.iwae[i]!)] as [number, number]);
      svg.append('path').attr('class', 'pbounds__iwae').attr('d', line()(pts));
      svg
        .selectAll('circle.pbounds__pt')
        .data(pts)
        .join('circle')
        .attr('class', (_, i) => `pbounds__pt${d.ks[i] === d.k ? ' is-current' : ''}`)
        .attr('cx', (p) => p[0])
        .attr('cy', (p) => p[1])
        .attr('r', (_, i) => (d.ks[i] === d.k ? 5.5 : 3));
      // The current K's label sits below and to the right of its point, where a rising curve leaves room; near the
      // right end, where the curve is flat, below and to the left.
      const ci = d.ks.indexOf(d.k);
      if (ci >= 0) {
        const nearEnd = ci > d.ks.length - 3;
        svg
          .append('text')
          .attr('class', 'pbounds__cur-label')
          .attr('x', pts[ci]![0] + (nearEnd ? -6 : 6))
          .attr('y', pts[ci]![1] + 20)
          .attr('text-anchor', nearEnd ? 'end' : 'start')
          .text(`IWAE-${d.k}`);
      }
    },
    destroy() {
      stopWatchingText();
      element.remove();
    },
  };
}
