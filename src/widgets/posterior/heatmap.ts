// The heat map of the true posterior on its grid, with the encoder's σ-ellipses, the posterior's highest-density
// contours and the importance samples drawn over it in the same latent coordinates (a canvas under an SVG).
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { drawAxis } from '../shared/axes.ts';
import { contours } from 'd3-contour';
import { interpolateViridis } from 'd3-scale-chromatic';
import type { Grid } from './grid-math.ts';

/** What the heat map draws: the grid posterior (cell probabilities), q, the samples, and the contour levels. */
export interface HeatData {
  grid: Grid;
  prob: Float32Array;
  /** Cell-probability thresholds of the 39 % and 86 % highest-density regions (like q's 1σ and 2σ ellipses). */
  levels: number[];
  q: { mu: [number, number]; sigma: [number, number] };
}

export interface HeatMap {
  element: HTMLElement;
  draw(d: HeatData): void;
  setSamples(z: Float32Array | null, count: number): void;
  setOptions(o: { showQ: boolean; log: boolean }): void;
  destroy(): void;
}

const S = 320;
const M = { l: 40, r: 8, t: 8, b: 30 };
/** Side of the square plot area; the SVG is S wide and H high. */
const W = S - M.l - M.r;
const H = M.t + W + M.b;
/** Log-density floor of the log colour scale, in nats below the peak. */
export const LOG_FLOOR = 12;

/** Colour of a cell from its probability (relative to the peak): viridis on density or on log density. */
export function cellColour(p: number, peak: number, log: boolean): string {
  const t = log ? Math.max(0, 1 + Math.log(Math.max(p, 1e-300) / peak) / LOG_FLOOR) : p / peak;
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** SVG path data of d3-contour's multipolygon, mapped through sx, sy (grid index space → pixels). */
function polygonsPath(coords: number[][][][], sx: (v: number) => number, sy: (v: number) => number): string {
  let d = '';
  for (const poly of coords)
    for (const ring of poly) {
      ring.forEach(([a, b], i) => (d += `${i ? 'L' : 'M'}${sx(a!).toFixed(1)},${sy(b!).toFixed(1)}`));
      d += 'Z';
    }
  return d;
}

/** Builds the heat map; `label` is its accessible name (the caption beside it describes what it shows). */
export function createHeatMap(label: string): HeatMap {
  const element = document.createElement('div');
  element.className = 'pheat';
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  const canvas = document.createElement('canvas');
  canvas.className = 'pheat__canvas';
  canvas.style.left = `${(100 * M.l) / S}%`;
  canvas.style.top = `${(100 * M.t) / H}%`;
  canvas.style.width = `${(100 * W) / S}%`;
  canvas.style.height = `${(100 * W) / H}%`;
  const svgSel = select(element)
    .append('svg')
    .attr('class', 'pheat__svg')
    .attr('viewBox', `0 0 ${S} ${H}`)
    .attr('aria-hidden', 'true')
    .attr('focusable', 'false');
  element.prepend(canvas);
  const gAxes = svgSel.append('g').attr('class', 'pheat__axes');
  const gPost = svgSel.append('g').attr('class', 'pheat__post');
  const gSamples = svgSel.append('g').attr('class', 'pheat__samples');
  const gQ = svgSel.append('g').attr('class', 'pheat__q');
  const x = scaleLinear().range([M.l, M.l + W]);
  const y = scaleLinear().range([M.t + W, M.t]);
  let data: HeatData | null = null;
  let opts = { showQ: true, log: false };
  let samples: { z: Float32Array; count: number } | null = null;

  function paint(): void {
    if (!data) return;
    const { grid: g, prob } = data;
    if (canvas.width !== g.n) canvas.width = canvas.height = g.n;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(g.n, g.n);
    let peak = 0;
    for (const p of prob) peak = Math.max(peak, p);
    for (let j = 0; j < g.n; j++)
      for (let i = 0; i < g.n; i++) {
        const c = cellColour(prob[j * g.n + i]!, peak || 1, opts.log);
        const k = 4 * ((g.n - 1 - j) * g.n + i);
        img.data[k] = parseInt(c.slice(1, 3), 16);
        img.data[k + 1] = parseInt(c.slice(3, 5), 16);
        img.data[k + 2] = parseInt(c.slice(5, 7), 16);
        img.data[k + 3] = 255;
      }
    ctx.putImageData(img, 0, 0);
  }

  function drawOverlay(): void {
    if (!data) return;
    const { grid: g, q } = data;
    x.domain([g.x0, g.x0 + g.n * g.step]);
    y.domain([g.y0, g.y0 + g.n * g.step]);
    gAxes.selectAll('*').remove();
    drawAxis(gAxes, 'bottom', x, { at: M.t + W, ticks: 5 });
    drawAxis(gAxes, 'left', y, { at: M.l, ticks: 5 });
    gAxes
      .append('text')
      .attr('class', 'pheat__axis-label')
      .attr('x', M.l + W)
      .attr('y', H - 4)
      .attr('text-anchor', 'end')
      .text('z₁');
    gAxes
      .append('text')
      .attr('class', 'pheat__axis-label')
      .attr('x', 4)
      .attr('y', M.t + 10)
      .text('z₂');
    // Highest-density contours of the true posterior, traced on the grid (index space → latent → pixels).
    gPost.selectAll('*').remove();
    const gen = contours().size([g.n, g.n]).thresholds(data.levels);
    const sx = (a: number) => x(g.x0 + a * g.step);
    const sy = (b: number) => y(g.y0 + b * g.step);
    for (const c of gen(Array.from(data.prob)))
      gPost
        .append('path')
        .attr('class', `pheat__hdr pheat__hdr--${data.levels.indexOf(c.value) === 0 ? 'inner' : 'outer'}`)
        .attr('d', polygonsPath(c.coordinates as number[][][][], sx, sy));
    gQ.selectAll('*').remove();
    if (opts.showQ) {
      for (const r of [2, 1]) {
        const attrs = { cx: x(q.mu[0]), cy: y(q.mu[1]), rx: r * (x(q.sigma[0]) - x(0)), ry: r * (y(0) - y(q.sigma[1])) };
        for (const cls of ['pheat__q-halo', `pheat__q-ell pheat__q-ell--${r}`]) {
          const e = gQ.append('ellipse').attr('class', cls);
          for (const [k, v] of Object.entries(attrs)) e.attr(k, v);
        }
      }
      gQ.append('circle').attr('class', 'pheat__q-mu').attr('cx', x(q.mu[0])).attr('cy', y(q.mu[1])).attr('r', 3.5);
    }
    drawSamples();
  }

  function drawSamples(): void {
    gSamples.selectAll('*').remove();
    if (!samples || !data || !opts.showQ) return;
    const [lo1, hi1] = x.domain() as [number, number];
    const [lo2, hi2] = y.domain() as [number, number];
    const idx: number[] = [];
    for (let s = 0; s < samples.count; s++) {
      const a = samples.z[2 * s]!;
      const b = samples.z[2 * s + 1]!;
      if (a >= lo1 && a <= hi1 && b >= lo2 && b <= hi2) idx.push(s);
    }
    gSamples
      .selectAll('circle')
      .data(idx)
      .join('circle')
      .attr('class', 'pheat__sample')
      .attr('cx', (s) => x(samples!.z[2 * s]!))
      .attr('cy', (s) => y(samples!.z[2 * s + 1]!))
      .attr('r', samples.count > 100 ? 1.1 : 1.8);
  }

  return {
    element,
    draw(d) {
      data = d;
      paint();
      drawOverlay();
    },
    setSamples(z, count) {
      samples = z ? { z, count } : null;
      drawSamples();
    },
    setOptions(o) {
      const repaint = o.log !== opts.log;
      opts = o;
      if (repaint) paint();
      drawOverlay();
    },
    destroy() {
      element.remove();
    },
  };
}
