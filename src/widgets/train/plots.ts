// The run's two d3 plots: loss curves against steps (D and D + R above, R below) and the path on the rate–distortion plane.
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { drawAxis } from '../shared/axes.ts';
import { line } from 'd3-shape';
import type { Bucket } from './history.ts';
import { onWidthChange } from '../shared/resize.ts';

export interface PlotData {
  /** Bucket means (noisy) and their moving average. */
  raw: Bucket[];
  smooth: Bucket[];
  /** Steps at which β changed (after step 0). */
  betaChanges: number[];
}

export interface Plot {
  element: HTMLElement;
  draw(d: PlotData): void;
  destroy(): void;
}

const mid = (b: Bucket) => (b.from + b.to) / 2;

/** Ranges shown before the first step: where the loss of an untrained 2-D VAE on digits starts and heads (nats per digit). */
const EMPTY_D: [number, number] = [140, 260];
const EMPTY_R: [number, number] = [0, 8];

/** [lo, hi] of values with a little padding; `empty` when there are none yet. */
function extent(values: number[], padFrac = 0.06, floor?: number, empty: [number, number] = [0, 1]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return empty;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-6) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * padFrac;
  return [floor === undefined ? lo - pad : Math.max(floor, lo - pad), hi + pad];
}

/** The words a plot shows before training has taken its first step. */
function emptyNote(g: ReturnType<typeof select<SVGGElement, unknown>>, x: number, y: number): void {
  g.append('text').attr('class', 'trn__empty').attr('x', x).attr('y', y).attr('text-anchor', 'middle').text('Press Play or Step to start training');
}

/** A plot's box: a div that reads as one image (role img, labelled), holding an SVG hidden from assistive technology. */
function plotBox(cls: string, label: string) {
  const element = document.createElement('div');
  element.className = `trn__plot ${cls}`;
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  const svg = select(element).append('svg').attr('class', 'trn__svg').attr('aria-hidden', 'true').attr('focusable', 'false');
  return { element, svg };
}

/**
 * A plot that draws `draw(d)` at its box's width and draws the last data again when that width changes: its SVG has a
 * fixed pixel width, so without this a plot first drawn on a narrow screen stays narrow (and short) after a resize, and
 * the widget's height would depend on the width it started at.
 */
function redrawnWhenResized(element: HTMLElement, draw: (d: PlotData) => void): Plot {
  let last: PlotData | null = null;
  const stop = onWidthChange(element, () => {
    if (last) draw(last);
  });
  return {
    element,
    draw(d) {
      last = d;
      draw(d);
    },
    destroy() {
      stop();
      element.remove();
    },
  };
}

/** The width to draw a plot at: its box's width, kept between 260 and 640 px. */
const plotWidth = (element: HTMLElement) => Math.max(260, Math.min(640, element.clientWidth || 420));

/** The x axis's name, at the plot's bottom right. */
function xAxisLabel(g: ReturnType<typeof select<SVGGElement, unknown>>, right: number, height: number, text: string): void {
  g.append('text')
    .attr('class', 'trn__axis-label')
    .attr('x', right)
    .attr('y', height - 4)
    .attr('text-anchor', 'end')
    .text(text);
}

/** Curves against the step: the distortion D and the negative ELBO D + R in one panel, the rate R in a second below. */
export function createCurves(label: string): Plot {
  const { element, svg } = plotBox('trn__curves', label);
  return redrawnWhenResized(element, (d) => {
    const width = plotWidth(element);
    const m = { l: 46, r: 10, t: 18, b: 30 };
    const h1 = 128;
    const h2 = 72;
    const gap = 26;
    const height = m.t + h1 + gap + h2 + m.b;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    svg.selectAll('*').remove();
    const pts = d.raw;
    const last = pts[pts.length - 1]?.to ?? 0;
    const x = scaleLinear()
      .domain([0, Math.max(10, last)])
      .range([m.l, width - m.r]);
    // Leave out the first few noisy steps when scaling D, so the interesting range is not squashed by the start.
    const dVals = pts.flatMap((p) => [p.recon, p.recon + p.kl]);
    const y1 = scaleLinear()
      .domain(extent(dVals, 0.06, undefined, EMPTY_D))
      .nice(4)
      .range([m.t + h1, m.t]);
    const y2 = scaleLinear()
      .domain(
        extent(
          pts.map((p) => p.kl),
          0.08,
          0,
          EMPTY_R,
        ),
      )
      .nice(3)
      .range([m.t + h1 + gap + h2, m.t + h1 + gap]);
    const ticks = width < 400 ? 4 : 7;
    const g = svg.append('g');
    drawAxis(g, 'bottom', x, { at: m.t + h1 + gap + h2, ticks, format: '~s', className: 'trn__axis' });
    drawAxis(g, 'left', y1, { at: m.l, ticks: 4, className: 'trn__axis' });
    drawAxis(g, 'left', y2, { at: m.l, ticks: 3, className: 'trn__axis' });
    xAxisLabel(g, width - m.r, height, 'training step');
    g.append('text')
      .attr('class', 'trn__panel-title')
      .attr('x', m.l + 4)
      .attr('y', m.t - 6)
      .text('nats per digit');
    for (const s of d.betaChanges)
      g.append('line')
        .attr('class', 'trn__beta-change')
        .attr('x1', x(s))
        .attr('x2', x(s))
        .attr('y1', m.t)
        .attr('y2', m.t + h1 + gap + h2);
    // Raw buckets sit at their middle step; a moving average at the last step it covers.
    const lineOf = (y: (b: Bucket) => number, yScale: (v: number) => number, at: (b: Bucket) => number) =>
      line<Bucket>()
        .x((b) => x(at(b)))
        .y((b) => yScale(y(b)));
    const series: [string, (b: Bucket) => number, (v: number) => number, string][] = [
      ['elbo', (b) => b.recon + b.kl, y1, '−ELBO = D + R'],
      ['recon', (b) => b.recon, y1, 'distortion D'],
      ['kl', (b) => b.kl, y2, 'rate R (KL)'],
    ];
    for (const [cls, f, ys] of series) {
      if (pts.length > 1)
        g.append('path')
          .attr('class', `trn__raw trn__line--${cls}`)
          .attr('d', lineOf(f, ys, mid)(pts));
      if (d.smooth.length > 1)
        g.append('path')
          .attr('class', `trn__smooth trn__line--${cls}`)
          .attr('d', lineOf(f, ys, (b) => b.to)(d.smooth));
    }
    // Legend, top right of each panel.
    const legend = (items: [string, string][], yTop: number) =>
      items.forEach(([cls, text], i) => {
        const lx = width - m.r - 128;
        const ly = yTop + 12 + i * 15;
        g.append('line')
          .attr('class', `trn__smooth trn__line--${cls}`)
          .attr('x1', lx)
          .attr('x2', lx + 16)
          .attr('y1', ly - 4)
          .attr('y2', ly - 4);
        g.append('text')
          .attr('class', 'trn__legend')
          .attr('x', lx + 21)
          .attr('y', ly)
          .text(text);
      });
    legend(
      series.slice(0, 2).map(([c, , , t]) => [c, t]),
      m.t,
    );
    legend([['kl', series[2]![3]]], m.t + h1 + gap);
    if (!pts.length) emptyNote(g, (m.l + width - m.r) / 2, m.t + h1 / 2);
  });
}

/** The rate–distortion plane: the run's (R, D) path, its start and its current point, and dotted lines of equal D + R. */
export function createRdPlane(label: string): Plot {
  const { element, svg } = plotBox('trn__rd', label);
  return redrawnWhenResized(element, (d) => {
    const width = plotWidth(element);
    const height = Math.round(Math.min(300, width * 0.72));
    const m = { l: 46, r: 12, t: 12, b: 34 };
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    svg.selectAll('*').remove();
    const path = d.smooth;
    const x = scaleLinear()
      .domain(path.length ? extent(path.map((p) => p.kl).concat([0]), 0.08, 0) : EMPTY_R)
      .nice(5)
      .range([m.l, width - m.r]);
    const y = scaleLinear()
      .domain(
        extent(
          path.map((p) => p.recon),
          0.06,
          undefined,
          EMPTY_D,
        ),
      )
      .nice(5)
      .range([height - m.b, m.t]);
    const g = svg.append('g');
    const defs = svg.append('defs');
    const clipId = `trn-clip-${Math.round(Math.random() * 1e9)}`;
    defs
      .append('clipPath')
      .attr('id', clipId)
      .append('rect')
      .attr('x', m.l)
      .attr('y', m.t)
      .attr('width', width - m.l - m.r)
      .attr('height', height - m.t - m.b);
    drawAxis(g, 'bottom', x, { at: height - m.b, ticks: width < 400 ? 4 : 7, className: 'trn__axis' });
    drawAxis(g, 'left', y, { at: m.l, ticks: 5, className: 'trn__axis' });
    xAxisLabel(g, width - m.r, height, 'rate R (KL, nats) →');
    g.append('text')
      .attr('class', 'trn__axis-label')
      .attr('x', m.l + 4)
      .attr('y', m.t + 10)
      .text('↑ distortion D (nats)');
    const inner = g.append('g').attr('clip-path', `url(#${clipId})`);
    // Lines of equal D + R (slope −1), through evenly spaced values of D + R.
    const [x0, x1] = x.domain() as [number, number];
    const [yLo, yHi] = y.domain() as [number, number];
    const span = yHi - yLo + x1 - x0;
    const stepE = [1, 2, 5, 10, 20, 50, 100].find((s) => span / s <= 8) ?? 100;
    for (let e = Math.ceil((yLo + x0) / stepE) * stepE; e <= yHi + x1; e += stepE)
      inner
        .append('line')
        .attr('class', 'trn__iso')
        .attr('x1', x(x0))
        .attr('y1', y(e - x0))
        .attr('x2', x(x1))
        .attr('y2', y(e - x1));
    if (path.length > 1)
      inner
        .append('path')
        .attr('class', 'trn__rd-path')
        .attr(
          'd',
          line<Bucket>()
            .x((b) => x(b.kl))
            .y((b) => y(b.recon))(path),
        );
    const first = path[0];
    const cur = path[path.length - 1];
    if (first) inner.append('circle').attr('class', 'trn__rd-start').attr('cx', x(first.kl)).attr('cy', y(first.recon)).attr('r', 4);
    if (cur) inner.append('circle').attr('class', 'trn__rd-now').attr('cx', x(cur.kl)).attr('cy', y(cur.recon)).attr('r', 6);
    if (!path.length) emptyNote(g, (m.l + width - m.r) / 2, (m.t + height - m.b) / 2);
  });
}
