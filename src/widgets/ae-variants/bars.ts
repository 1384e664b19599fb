// A d3 bar chart of one code (16 entries) on a value range shared by all models, with a zero line, near-zero entries
// greyed, and the pushed entry marked at its held-out maximum. Clicking a bar picks that entry (the range slider is the keyboard path).
import { select } from 'd3-selection';
import { scaleBand, scaleLinear } from 'd3-scale';
import { axisInto } from '../shared/axes.ts';
import { nearZeroMask, signed } from './variants.ts';

export interface CodeBars {
  element: SVGSVGElement;
  /** Draws a code on [lo, hi]; `push` is the 0-based pushed entry (or −1) and `pushTo` its target value. */
  draw(code: ArrayLike<number>, range: [number, number], push: number, pushTo: number | null): void;
  destroy(): void;
}

const W = 240;
const H = 96;
const M = { t: 6, r: 4, b: 16, l: 26 };

/** Builds an empty chart; onPick fires with a 1-based entry when a bar is clicked. */
export function createCodeBars(label: string, d: number, onPick: (entry: number) => void): CodeBars {
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('class', 'aev-bars')
    .attr('role', 'img')
    .attr('aria-label', label);
  const gAxis = svg.append('g').attr('class', 'aev-bars__axis').attr('transform', `translate(${M.l},0)`);
  const gBars = svg.append('g');
  const gZero = svg.append('g');
  const gDots = svg.append('g');
  const gPush = svg.append('g');
  const gLabels = svg.append('g').attr('class', 'aev-bars__ticks');
  const gHit = svg.append('g');
  const x = scaleBand<number>()
    .domain(Array.from({ length: d }, (_, k) => k))
    .range([M.l + 2, W - M.r])
    .padding(0.18);
  gLabels
    .selectAll('text')
    .data([0, 3, 7, 11, 15].filter((k) => k < d))
    .join('text')
    .attr('x', (k) => x(k)! + x.bandwidth() / 2)
    .attr('y', H - 4)
    .attr('text-anchor', 'middle')
    .text((k) => String(k + 1));
  // Full-height transparent columns: a click anywhere above or below an entry picks it, even when its bar is tiny.
  gHit
    .selectAll('rect')
    .data(Array.from({ length: d }, (_, k) => k))
    .join('rect')
    .attr('class', 'aev-bars__hit')
    .attr('data-entry', (k) => String(k + 1))
    .attr('x', (k) => x(k)! - (x.step() - x.bandwidth()) / 2)
    .attr('width', x.step())
    .attr('y', 0)
    .attr('height', H)
    .append('title');
  const onClick = (e: MouseEvent) => {
    const k = Number((e.target as Element).getAttribute?.('data-entry'));
    if (Number.isInteger(k) && k >= 1) onPick(k);
  };
  svg.on('click', onClick);
  return {
    element: svg.node()!,
    draw(code, range, push, pushTo) {
      svg.attr('data-range', range.map((v) => v.toFixed(2)).join(','));
      const y = scaleLinear()
        .domain(range)
        .range([H - M.b, M.t]);
      axisInto(gAxis, 'left', y, { at: M.l, ticks: 3, tickSize: 3, format: (v) => signed(Number(v), 0), outerTicks: true });
      const mask = nearZeroMask(code);
      const vals = Array.from(code);
      const y0 = y(0);
      gBars
        .selectAll('rect')
        .data(vals)
        .join('rect')
        .attr('class', (_, k) => `aev-bars__bar${mask[k] ? ' is-zero' : ''}${k === push ? ' is-pushed' : ''}`)
        .attr('x', (_, k) => x(k)!)
        .attr('width', x.bandwidth())
        .attr('y', (v) => Math.min(y(v), y0))
        .attr('height', (v) => Math.max(0.75, Math.abs(y(v) - y0)));
      gHit.selectAll<SVGTitleElement, number>('title').text((k) => `Entry ${k + 1}: ${signed(vals[k] ?? 0, 2)}. Click to push it.`);
      gZero
        .selectAll('line')
        .data([0])
        .join('line')
        .attr('class', 'aev-bars__zero')
        .attr('x1', M.l)
        .attr('x2', W - M.r)
        .attr('y1', y0)
        .attr('y2', y0);
      // Near-zero entries get a hollow dot on the zero line, so an unused entry is visible, not just absent.
      gDots
        .selectAll('circle')
        .data(vals.map((_, k) => k).filter((k) => mask[k]))
        .join('circle')
        .attr('class', 'aev-bars__zdot')
        .attr('cx', (k) => x(k)! + x.bandwidth() / 2)
        .attr('cy', y0)
        .attr('r', Math.min(3, x.bandwidth() / 2.5));
      const marks = push >= 0 && pushTo !== null ? [pushTo] : [];
      gPush
        .selectAll('line')
        .data(marks)
        .join('line')
        .attr('class', 'aev-bars__target')
        .attr('x1', x(push)! - 2)
        .attr('x2', x(push)! + x.bandwidth() + 2)
        .attr('y1', (v) => y(v))
        .attr('y2', (v) => y(v));
    },
    destroy() {
      svg.on('click', null);
      svg.remove();
    },
  };
}
