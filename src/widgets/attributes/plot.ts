// A small d3 plot: the measured attribute of the decoded output against α, each point coloured by the class the
// classifier reads, with a marker at the current α.
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { drawAxis } from '../shared/axes.ts';
import { classColor } from '../shared/palette.ts';

export interface AttributePlot {
  element: HTMLElement;
  /** Plots values[i] at alphas[i]; reads[i] is the class the classifier reads (−1: none). */
  set(alphas: number[], values: number[], reads: number[], yLabel: string): void;
  setAlpha(alpha: number): void;
  /** Replaces the accessible description (what the plot currently shows, in words). */
  describe(text: string): void;
  destroy(): void;
}

const W = 320;
const H = 220;
const M = { l: 44, r: 10, t: 10, b: 34 };

/** Builds the plot (an SVG with role="img" and a text description kept up to date). */
export function createAttributePlot(label: string): AttributePlot {
  const element = document.createElement('figure');
  element.className = 'aplot';
  const svgSel = select(element)
    .append('svg')
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('class', 'aplot__svg')
    .attr('role', 'img')
    .attr('aria-label', label);
  const x = scaleLinear().range([M.l, W - M.r]);
  const y = scaleLinear().range([H - M.b, M.t]);
  const gAxes = svgSel.append('g').attr('class', 'aplot__axes');
  const gLine = svgSel.append('g');
  const gPts = svgSel.append('g');
  const marker = svgSel.append('line').attr('class', 'aplot__alpha');
  let alpha = 0;
  const drawMarker = () =>
    marker
      .attr('x1', x(alpha))
      .attr('x2', x(alpha))
      .attr('y1', M.t)
      .attr('y2', H - M.b);
  return {
    element,
    set(alphas, values, reads, yLabel) {
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const pad = Math.max(1e-6, (hi - lo) * 0.1) || 1;
      x.domain([alphas[0] ?? -1, alphas[alphas.length - 1] ?? 1]);
      y.domain([lo - pad, hi + pad]).nice();
      gAxes.selectAll('*').remove();
      drawAxis(gAxes, 'bottom', x, { at: H - M.b, ticks: 5 });
      drawAxis(gAxes, 'left', y, { at: M.l, ticks: 5 });
      gAxes
        .append('text')
        .attr('class', 'aplot__label')
        .attr('x', W - M.r)
        .attr('y', H - 4)
        .attr('text-anchor', 'end')
        .text('α');
      gAxes
        .append('text')
        .attr('class', 'aplot__label')
        .attr('x', M.l + 6)
        .attr('y', M.t + 10)
        .text(yLabel);
      gLine.selectAll('*').remove();
      gLine
        .append('polyline')
        .attr('class', 'aplot__line')
        .attr('points', alphas.map((a, i) => `${x(a)},${y(values[i] ?? 0)}`).join(' '));
      gPts
        .selectAll('circle')
        .data(alphas)
        .join('circle')
        .attr('class', 'aplot__pt')
        .attr('cx', (a) => x(a))
        .attr('cy', (_, i) => y(values[i] ?? 0))
        .attr('r', 4.5)
        .style('fill', (_, i) => ((reads[i] ?? -1) >= 0 ? classColor(reads[i]!) : 'var(--muted)'));
      drawMarker();
    },
    setAlpha(a) {
      alpha = a;
      drawMarker();
    },
    describe(text) {
      svgSel.attr('aria-label', text);
    },
    destroy() {
      element.remove();
    },
  };
}
