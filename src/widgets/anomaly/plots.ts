// The anomaly widget's two plots: the histograms of both sets' −ELBO on one log axis with the threshold line, and the ROC
// curve with its operating point. Fixed viewBoxes, scaled by CSS; text kept readable on phones (shared/axes.ts).
import { select } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { axisInto, keepSvgTextReadable } from '../shared/axes.ts';

const HW = 560;
const HH = 250;
const HM = { l: 44, r: 14, t: 18, b: 58 };
const BINS = 36;

export interface HistData {
  normal: ArrayLike<number>;
  anomalous: ArrayLike<number>;
  domain: [number, number];
  threshold: number;
}

/** The log-scale range holding every score of both sets (and the threshold), a little padded. */
export function scoreDomain(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of [a, b])
    for (let i = 0; i < xs.length; i++) {
      lo = Math.min(lo, xs[i]!);
      hi = Math.max(hi, xs[i]!);
    }
  lo = Math.max(1, lo);
  hi = Math.max(lo * 1.5, hi);
  const pad = (Math.log10(hi) - Math.log10(lo)) * 0.03;
  return [10 ** (Math.log10(lo) - pad), 10 ** (Math.log10(hi) + pad)];
}

/** Counts of scores in BINS equal bins of log10(score) over the domain. */
export function logBins(xs: ArrayLike<number>, domain: [number, number]): number[] {
  const [a, b] = domain.map(Math.log10) as [number, number];
  const counts = new Array<number>(BINS).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const k = Math.floor(((Math.log10(Math.max(1e-9, xs[i]!)) - a) / (b - a)) * BINS);
    counts[Math.max(0, Math.min(BINS - 1, k))]!++;
  }
  return counts;
}

/**
 * The two histograms on a shared log axis, normals and anomalies overlaid, with the threshold as a vertical line. A click or
 * tap on the plot calls onPick with the score under it (the threshold slider is the keyboard's way to the same thing).
 */
export function createHistogram(container: HTMLElement, onPick: (score: number) => void): { draw(h: HistData): void; destroy(): void } {
  const svg = select(container)
    .append('svg')
    .attr('class', 'anom-hist')
    .attr('viewBox', `0 0 ${HW} ${HH}`)
    .attr('role', 'img')
    .attr('aria-label', 'Histograms of −ELBO for the held-out digits and the anomalies, on one log axis, with the threshold');
  const stop = keepSvgTextReadable(svg.node()!, HW);
  let xScale: ((v: number) => number) & { invert(px: number): number } = scaleLog()
    .domain([1, 10])
    .range([HM.l, HW - HM.r]);
  svg.on('click', (e: MouseEvent) => {
    const r = (svg.node() as SVGSVGElement).getBoundingClientRect();
    if (r.width <= 0) return;
    const px = ((e.clientX - r.left) / r.width) * HW;
    if (px >= HM.l && px <= HW - HM.r) onPick(xScale.invert(px));
  });
  const gx = svg.append('g').attr('class', 'anom-axis');
  const gy = svg.append('g').attr('class', 'anom-axis');
  const bars = svg.append('g');
  const thr = svg.append('line').attr('class', 'anom-hist__thr');
  const thrLabel = svg.append('text').attr('class', 'anom-hist__thr-label');
  svg
    .append('text')
    .attr('class', 'anom-axis-label')
    .attr('x', (HM.l + HW - HM.r) / 2)
    .attr('y', HH - 4)
    .attr('text-anchor', 'middle')
    .text('−ELBO (nats, log scale)');
  return {
    draw(h) {
      const x = scaleLog()
        .domain(h.domain)
        .range([HM.l, HW - HM.r]);
      xScale = x;
      const n = logBins(h.normal, h.domain);
      const a = logBins(h.anomalous, h.domain);
      const y = scaleLinear()
        .domain([0, Math.max(1, ...n, ...a)])
        .nice()
        .range([HH - HM.b, HM.t]);
      axisInto(gx, 'bottom', x, { at: HH - HM.b, ticks: 5, format: '~s' });
      axisInto(gy, 'left', y, { at: HM.l, ticks: 4 });
      const [la, lb] = h.domain.map(Math.log10) as [number, number];
      const edge = (k: number) => x(10 ** (la + ((lb - la) * k) / BINS));
      const rows = [...n.map((c, k) => ({ c, k, set: 'normal' })), ...a.map((c, k) => ({ c, k, set: 'anomalous' }))].filter((r) => r.c > 0);
      bars
        .selectAll('rect')
        .data(rows)
        .join('rect')
        .attr('class', (r) => `anom-hist__bar anom-hist__bar--${r.set}`)
        .attr('x', (r) => edge(r.k) + 0.5)
        .attr('width', (r) => Math.max(1, edge(r.k + 1) - edge(r.k) - 1))
        .attr('y', (r) => y(r.c))
        .attr('height', (r) => y(0) - y(r.c));
      const tx = x(Math.min(h.domain[1], Math.max(h.domain[0], h.threshold)));
      thr
        .attr('x1', tx)
        .attr('x2', tx)
        .attr('y1', HM.t - 4)
        .attr('y2', HH - HM.b);
      thrLabel
        .attr('x', tx + (tx > HW * 0.75 ? -4 : 4))
        .attr('y', HM.t + 6)
        .attr('text-anchor', tx > HW * 0.75 ? 'end' : 'start')
        .text(`threshold ${Math.round(h.threshold)}`);
    },
    destroy() {
      stop();
      svg.on('click', null);
      svg.remove();
    },
  };
}

const RW = 260;
const RH = 260;
const RM = { l: 62, r: 20, t: 12, b: 50 };

/** The ROC curve (false positive rate across, true positive rate up), the chance diagonal, and the threshold's point. */
export function createRoc(container: HTMLElement): { draw(curve: [number, number][], point: [number, number], auc: number): void; destroy(): void } {
  const svg = select(container)
    .append('svg')
    .attr('class', 'anom-roc')
    .attr('viewBox', `0 0 ${RW} ${RH}`)
    .attr('role', 'img')
    .attr('aria-label', 'ROC curve: the share of anomalies caught against the share of digits wrongly flagged, over all thresholds');
  const stop = keepSvgTextReadable(svg.node()!, RW);
  const x = scaleLinear()
    .domain([0, 1])
    .range([RM.l, RW - RM.r]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([RH - RM.b, RM.t]);
  axisInto(svg.append('g'), 'bottom', x, { at: RH - RM.b, ticks: 5, format: '.0%', className: 'anom-axis' });
  axisInto(svg.append('g'), 'left', y, { at: RM.l, ticks: 5, format: '.0%', className: 'anom-axis' });
  svg.append('line').attr('class', 'anom-roc__chance').attr('x1', x(0)).attr('y1', y(0)).attr('x2', x(1)).attr('y2', y(1));
  svg
    .append('text')
    .attr('class', 'anom-axis-label')
    .attr('x', (RM.l + RW - RM.r) / 2)
    .attr('y', RH - 4)
    .attr('text-anchor', 'middle')
    .text('digits flagged (FPR)');
  svg
    .append('text')
    .attr('class', 'anom-axis-label')
    .attr('transform', `translate(11,${(RM.t + RH - RM.b) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text('anomalies caught (TPR)');
  const path = svg.append('path').attr('class', 'anom-roc__curve');
  const dot = svg.append('circle').attr('class', 'anom-roc__dot').attr('r', 5);
  const aucText = svg.append('text').attr('class', 'anom-roc__auc');
  const toPath = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  return {
    draw(curve, point, auc) {
      path.attr('d', toPath(curve));
      dot.attr('cx', x(point[0])).attr('cy', y(point[1]));
      // Away from the curve: bottom right when it bows up-left (AUC above ½), top left when it bows down-right.
      const up = auc >= 0.5;
      aucText
        .attr('x', x(up ? 0.95 : 0.05))
        .attr('y', y(up ? 0.06 : 0.9))
        .attr('text-anchor', up ? 'end' : 'start')
        .text(`AUC ${auc.toFixed(3)}`);
    },
    destroy() {
      stop();
      svg.remove();
    },
  };
}
