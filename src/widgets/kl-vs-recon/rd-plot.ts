// The rate–distortion plot: every trained model at its held-out (rate, distortion), the β sweep joined in order,
// the current β ringed with its line of constant D + βR. Tapping a sweep point selects its β.
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { drawAxis } from '../shared/axes.ts';
import { line } from 'd3-shape';
import { isoLine, rdDomain, type RdPoint } from './logic.ts';
import type { Beta } from './state.ts';

export interface RdPlot {
  element: HTMLElement;
  /** Draws the points (those shown) with `current` marked. */
  draw(points: RdPoint[], current: Beta): void;
  destroy(): void;
}

const LABEL: Record<RdPoint['kind'], string> = { sweep: '', recon: 'reconstruction only', kl: 'KL only' };

/** Builds the plot; onPick fires when the reader taps a sweep point. */
export function createRdPlot(onPick: (beta: Beta) => void): RdPlot {
  const element = document.createElement('div');
  element.className = 'klr__rd';
  const svgSel = select(element).append('svg').attr('class', 'klr__rd-svg').attr('aria-hidden', 'true').attr('focusable', 'false');
  let last: { points: RdPoint[]; current: Beta } | null = null;

  function draw(points: RdPoint[], current: Beta): void {
    last = { points, current };
    const width = Math.max(260, Math.min(640, element.clientWidth || 480));
    const narrow = width < 420;
    const height = narrow ? 260 : 320;
    const m = { l: 52, r: 14, t: 12, b: 44 };
    const dom = rdDomain(points);
    const x = scaleLinear()
      .domain(dom.rate)
      .nice(6)
      .range([m.l, width - m.r]);
    const y = scaleLinear()
      .domain(dom.distortion)
      .nice(6)
      .range([height - m.b, m.t]);
    svgSel.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    svgSel.selectAll('*').remove();

    const gAxes = svgSel.append('g').attr('class', 'klr__rd-axes');
    drawAxis(gAxes, 'bottom', x, { at: height - m.b, ticks: narrow ? 5 : 8 });
    drawAxis(gAxes, 'left', y, { at: m.l, ticks: 6 });
    gAxes
      .append('text')
      .attr('class', 'klr__rd-label')
      .attr('x', (m.l + width - m.r) / 2)
      .attr('y', height - 8)
      .attr('text-anchor', 'middle')
      .attr('data-quantity', 'rate')
      .text('rate R = KL term (nats)');
    gAxes
      .append('text')
      .attr('class', 'klr__rd-label')
      .attr('transform', `translate(13,${(m.t + height - m.b) / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .attr('data-quantity', 'distortion')
      .text('distortion D (nats)');

    const clip = `klr-clip-${Math.random().toString(36).slice(2, 8)}`;
    svgSel
      .append('clipPath')
      .attr('id', clip)
      .append('rect')
      .attr('x', m.l)
      .attr('y', m.t)
      .attr('width', width - m.l - m.r)
      .attr('height', height - m.t - m.b);
    const cur = points.find((p) => p.kind === 'sweep' && p.beta === current);
    if (cur) {
      const [[r0, d0], [r1, d1]] = isoLine(cur, Number(current), x.domain() as [number, number]);
      svgSel
        .append('line')
        .attr('class', 'klr__rd-iso')
        .attr('clip-path', `url(#${clip})`)
        .attr('x1', x(r0))
        .attr('y1', y(d0))
        .attr('x2', x(r1))
        .attr('y2', y(d1));
    }
    const sweep = points.filter((p) => p.kind === 'sweep');
    svgSel
      .append('path')
      .attr('class', 'klr__rd-line')
      .attr(
        'd',
        line<RdPoint>()
          .x((p) => x(p.rate))
          .y((p) => y(p.distortion))(sweep),
      );
    const gPts = svgSel.append('g');
    for (const p of points) {
      const g = gPts
        .append('g')
        .attr('class', `klr__rd-pt klr__rd-pt--${p.kind}${p === cur ? ' is-current' : ''}`)
        .attr('transform', `translate(${x(p.rate)},${y(p.distortion)})`)
        .attr('data-model', p.model);
      if (p.kind === 'sweep') {
        // A generous invisible target for touch.
        g.append('circle').attr('class', 'klr__rd-hit').attr('r', 14);
        g.append('circle')
          .attr('class', 'klr__rd-dot')
          .attr('r', p === cur ? 6 : 4);
        if (p === cur) g.append('circle').attr('class', 'klr__rd-ring').attr('r', 11);
        const beta = p.beta as Beta;
        g.on('click', () => onPick(beta));
      } else {
        g.append('rect').attr('class', 'klr__rd-dot').attr('x', -4.5).attr('y', -4.5).attr('width', 9).attr('height', 9);
      }
      const i = sweep.indexOf(p);
      // Sweep points sit close together: only the current β and the ends are named (on phones, the current β and β = 8);
      // every point keeps its name as a tooltip.
      g.append('title').text(p.kind === 'sweep' ? `β = ${p.beta}` : LABEL[p.kind]);
      const named = p === cur || i === sweep.length - 1 || (!narrow && i === 0);
      if (p.kind === 'sweep' && !named) continue;
      const label = p.kind === 'sweep' ? `β = ${p.beta}` : LABEL[p.kind];
      if (p.kind === 'sweep') {
        g.append('text')
          .attr('class', 'klr__rd-text')
          .attr('y', p === cur ? -15 : -9)
          .attr('text-anchor', 'middle')
          .text(label);
      } else {
        // The one-term models' labels sit to the right of the point; where that would run off the plot (phones), they
        // stand above it, centred, a word a line, so they stay clear of the sweep to their left.
        const right = x(p.rate) + 9 + label.length * 6.5 < width - m.r;
        const text = g
          .append('text')
          .attr('class', 'klr__rd-text')
          .attr('text-anchor', right ? 'start' : 'middle');
        if (right) text.attr('x', 9).attr('y', 4).text(label);
        else {
          const words = label.split(' ');
          words.forEach((word, k) =>
            text
              .append('tspan')
              .attr('x', 0)
              .attr('y', -9 - (words.length - 1 - k) * 13)
              .text(k < words.length - 1 ? `${word} ` : word),
          );
        }
      }
    }
  }

  const ro = new ResizeObserver(() => {
    if (last) draw(last.points, last.current);
  });
  ro.observe(element);
  return {
    element,
    draw,
    destroy() {
      ro.disconnect();
      element.remove();
    },
  };
}
