// A d3 map of a 2-D latent space: held-out codes coloured by class, optional σ-ellipses, the prior's contours behind,
// a marker, a path, and (when interactive) a cursor moved by pointer (mouse, touch, pen) or keyboard (arrows, Shift).
import { select } from 'd3-selection';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { classColor, CLASS_COLOR_NAMES } from './palette.ts';

export type Point = [number, number];

export interface LatentMapOptions {
  /** Accessible name of the map (and of its cursor control, when interactive). */
  label: string;
  /** Whether a cursor is shown and can be moved; fires onCursor. */
  interactive?: boolean;
  /** Draw axes with ticks (off for small maps). */
  axes?: boolean;
  /** Side of the SVG's coordinate system in px (the SVG scales to its container). */
  size?: number;
  onCursor?(z: Point, source: 'pointer' | 'key'): void;
}

export interface LatentMap {
  element: HTMLElement;
  /** The focusable cursor control (interactive maps only). */
  control: HTMLElement;
  /** Shows the square [−half, half]² of the latent space. */
  setDomain(half: number): void;
  domain(): number;
  /** Plots n codes (mu: n × 2) with labels; logvar (n × 2) enables σ-ellipses. */
  setPoints(mu: Float32Array, labels: Uint8Array, logvar?: Float32Array | null): void;
  showEllipses(on: boolean): void;
  setCursor(z: Point): void;
  cursor(): Point;
  /** A single highlighted code with its σ-ellipse (σ null: a point only); null hides it. */
  setMarker(z: Point | null, sigma?: Point | null): void;
  /** A polyline through latent codes (an interpolation path), with its endpoints marked; null hides it. */
  setPath(points: Point[] | null): void;
  /** Latent coordinates → SVG user units, and the SVG element (for tests and overlays). */
  svg: SVGSVGElement;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  destroy(): void;
}

const fmt = (v: number) => (v < 0 ? `−${Math.abs(v).toFixed(2)}` : v.toFixed(2));
/** "z₁ = 0.50, z₂ = −1.20". */
export const describePoint = (z: Point): string => `z₁ = ${fmt(z[0])}, z₂ = ${fmt(z[1])}`;

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

let mapCount = 0;

/** Builds a latent map inside a new element (append `element` where it belongs). */
export function createLatentMap(opts: LatentMapOptions): LatentMap {
  const S = opts.size ?? 400;
  const m = opts.axes ? { l: 34, r: 8, t: 8, b: 28 } : { l: 4, r: 4, t: 4, b: 4 };
  let half = 4;
  let cur: Point = [0, 0];
  let ellipsesOn = false;
  let data: { mu: Float32Array; labels: Uint8Array; logvar: Float32Array | null } | null = null;
  let marker: { z: Point; sigma: Point | null } | null = null;
  let path: Point[] | null = null;
  const x = scaleLinear().range([m.l, S - m.r]);
  const y = scaleLinear().range([S - m.b, m.t]);

  const element = document.createElement('div');
  element.className = `lmap${opts.axes ? ' lmap--axes' : ''}`;
  const control = document.createElement('div');
  control.className = 'lmap__frame';
  if (opts.interactive) {
    control.tabIndex = 0;
    control.setAttribute('role', 'slider');
    control.setAttribute('aria-roledescription', '2-D slider');
    control.setAttribute('aria-label', `${opts.label}: arrow keys move the cursor, Shift for bigger steps`);
    control.setAttribute('aria-orientation', 'horizontal');
  } else {
    control.setAttribute('role', 'img');
    control.setAttribute('aria-label', opts.label);
  }
  const svgSel = select(control)
    .append('svg')
    .attr('viewBox', `0 0 ${S} ${S}`)
    .attr('class', 'lmap__svg')
    .attr('aria-hidden', 'true')
    .attr('focusable', 'false');
  const svg = svgSel.node() as SVGSVGElement;
  // Codes outside the shown square are cut at its edge instead of being drawn over the axes and their labels.
  const clipId = `lmap-clip-${++mapCount}`;
  const clipRect = svgSel.append('clipPath').attr('id', clipId).append('rect');
  const gPrior = svgSel.append('g').attr('class', 'lmap__prior');
  const gAxes = svgSel.append('g').attr('class', 'lmap__axes');
  const gEll = svgSel.append('g').attr('class', 'lmap__ellipses').attr('clip-path', `url(#${clipId})`);
  const gPts = svgSel.append('g').attr('class', 'lmap__points').attr('clip-path', `url(#${clipId})`);
  const gPath = svgSel.append('g').attr('class', 'lmap__path');
  const gMarker = svgSel.append('g').attr('class', 'lmap__marker');
  const gCursor = svgSel.append('g').attr('class', 'lmap__cursor');
  element.append(control);

  const clampZ = (z: Point): Point => [Math.max(-half, Math.min(half, z[0])), Math.max(-half, Math.min(half, z[1]))];

  function drawFrame(): void {
    x.domain([-half, half]);
    y.domain([-half, half]);
    clipRect
      .attr('x', m.l)
      .attr('y', m.t)
      .attr('width', S - m.l - m.r)
      .attr('height', S - m.t - m.b);
    // Prior N(0, I): its density contours are circles; radii 1, 2, 3 enclose 39 %, 86 %, 99 % of the mass.
    gPrior.selectAll('*').remove();
    const r1 = x(1) - x(0);
    gPrior
      .append('rect')
      .attr('class', 'lmap__bg')
      .attr('x', m.l)
      .attr('y', m.t)
      .attr('width', S - m.l - m.r)
      .attr('height', S - m.t - m.b);
    for (const r of [3, 2, 1])
      gPrior
        .append('circle')
        .attr('class', `lmap__contour lmap__contour--${r}`)
        .attr('cx', x(0))
        .attr('cy', y(0))
        .attr('r', r * r1);
    gPrior.append('line').attr('class', 'lmap__zero').attr('x1', x(-half)).attr('x2', x(half)).attr('y1', y(0)).attr('y2', y(0));
    gPrior.append('line').attr('class', 'lmap__zero').attr('y1', y(-half)).attr('y2', y(half)).attr('x1', x(0)).attr('x2', x(0));
    gAxes.selectAll('*').remove();
    if (opts.axes) {
      const ticks = half > 6 ? 5 : 9;
      gAxes
        .append('g')
        .attr('transform', `translate(0,${S - m.b})`)
        .call(axisBottom(x).ticks(ticks).tickSizeOuter(0) as never);
      gAxes
        .append('g')
        .attr('transform', `translate(${m.l},0)`)
        .call(axisLeft(y).ticks(ticks).tickSizeOuter(0) as never);
      gAxes
        .append('text')
        .attr('class', 'lmap__axis-label')
        .attr('x', S - m.r - 2)
        .attr('y', S - m.b - 5)
        .attr('text-anchor', 'end')
        .text('z₁');
      gAxes
        .append('text')
        .attr('class', 'lmap__axis-label')
        .attr('x', m.l + 5)
        .attr('y', m.t + 12)
        .text('z₂');
    }
    drawPoints();
    drawPath();
    drawMarker();
    drawCursor();
  }

  function drawPoints(): void {
    gPts.selectAll('*').remove();
    gEll.selectAll('*').remove();
    if (!data) return;
    const { mu, labels, logvar } = data;
    const n = labels.length;
    const idx = Array.from({ length: n }, (_, i) => i);
    const rad = opts.axes ? 2.3 : 1.6;
    gPts
      .selectAll('circle')
      .data(idx)
      .join('circle')
      .attr('class', (i) => `lmap__pt c${labels[i]}`)
      .attr('cx', (i) => x(mu[2 * i]!))
      .attr('cy', (i) => y(mu[2 * i + 1]!))
      .attr('r', rad);
    if (ellipsesOn && logvar) {
      const sx = x(1) - x(0);
      gEll
        .selectAll('ellipse')
        .data(idx)
        .join('ellipse')
        .attr('class', (i) => `lmap__ell c${labels[i]}`)
        .attr('cx', (i) => x(mu[2 * i]!))
        .attr('cy', (i) => y(mu[2 * i + 1]!))
        .attr('rx', (i) => sx * Math.exp(0.5 * logvar[2 * i]!))
        .attr('ry', (i) => sx * Math.exp(0.5 * logvar[2 * i + 1]!));
    }
  }

  function drawPath(): void {
    gPath.selectAll('*').remove();
    if (!path || path.length < 2) return;
    gPath
      .append('polyline')
      .attr('class', 'lmap__pathline')
      .attr('points', path.map((p) => `${x(p[0])},${y(p[1])}`).join(' '));
    const ends = [path[0]!, path[path.length - 1]!];
    gPath
      .selectAll('circle')
      .data(ends)
      .join('circle')
      .attr('class', 'lmap__pathend')
      .attr('cx', (p) => x(p[0]))
      .attr('cy', (p) => y(p[1]))
      .attr('r', 5);
    gPath
      .selectAll('text')
      .data(['A', 'B'])
      .join('text')
      .attr('class', 'lmap__pathlabel')
      .attr('x', (_, i) => x(ends[i]![0]) + 7)
      .attr('y', (_, i) => y(ends[i]![1]) - 7)
      .text((d) => d);
  }

  function drawMarker(): void {
    gMarker.selectAll('*').remove();
    if (!marker) return;
    const { z, sigma } = marker;
    const sx = x(1) - x(0);
    if (sigma)
      gMarker
        .append('ellipse')
        .attr('class', 'lmap__marker-ell')
        .attr('cx', x(z[0]))
        .attr('cy', y(z[1]))
        .attr('rx', Math.max(1, sigma[0] * sx))
        .attr('ry', Math.max(1, sigma[1] * sx));
    gMarker
      .append('circle')
      .attr('class', 'lmap__marker-pt')
      .attr('cx', x(Math.max(-half, Math.min(half, z[0]))))
      .attr('cy', y(Math.max(-half, Math.min(half, z[1]))))
      .attr('r', opts.axes ? 6 : 5);
  }

  function drawCursor(): void {
    gCursor.selectAll('*').remove();
    if (!opts.interactive) return;
    const cx = x(cur[0]);
    const cy = y(cur[1]);
    gCursor.append('circle').attr('class', 'lmap__cursor-halo').attr('cx', cx).attr('cy', cy).attr('r', 11);
    gCursor.append('circle').attr('class', 'lmap__cursor-ring').attr('cx', cx).attr('cy', cy).attr('r', 11);
    gCursor
      .append('line')
      .attr('class', 'lmap__cursor-cross')
      .attr('x1', cx - 16)
      .attr('x2', cx + 16)
      .attr('y1', cy)
      .attr('y2', cy);
    gCursor
      .append('line')
      .attr('class', 'lmap__cursor-cross')
      .attr('x1', cx)
      .attr('x2', cx)
      .attr('y1', cy - 16)
      .attr('y2', cy + 16);
    control.setAttribute('aria-valuemin', String(-half));
    control.setAttribute('aria-valuemax', String(half));
    control.setAttribute('aria-valuenow', cur[0].toFixed(2));
    control.setAttribute('aria-valuetext', describePoint(cur));
  }

  function moveTo(z: Point, source: 'pointer' | 'key'): void {
    cur = clampZ(z);
    drawCursor();
    opts.onCursor?.(cur, source);
  }

  /** Latent coordinates of a pointer event. */
  function eventToZ(e: PointerEvent): Point {
    const r = svg.getBoundingClientRect();
    const ux = ((e.clientX - r.left) / r.width) * S;
    const uy = ((e.clientY - r.top) / r.height) * S;
    return [x.invert(ux), y.invert(uy)];
  }
  let dragging: number | null = null;
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    dragging = e.pointerId;
    svg.setPointerCapture(e.pointerId);
    control.focus({ preventScroll: true });
    e.preventDefault();
    moveTo(eventToZ(e), 'pointer');
  };
  const onMove = (e: PointerEvent) => {
    if (dragging !== e.pointerId) return;
    moveTo(eventToZ(e), 'pointer');
  };
  const onUp = (e: PointerEvent) => {
    if (dragging === e.pointerId) dragging = null;
  };
  const onKey = (e: KeyboardEvent) => {
    const step = (half / 40) * (e.shiftKey ? 8 : 1);
    const moves: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const d = moves[e.key];
    if (d) moveTo([cur[0] + d[0], cur[1] + d[1]], 'key');
    else if (e.key === 'Home') moveTo([0, 0], 'key');
    else return;
    e.preventDefault();
  };
  if (opts.interactive) {
    svg.addEventListener('pointerdown', onDown);
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerup', onUp);
    svg.addEventListener('pointercancel', onUp);
    control.addEventListener('keydown', onKey);
  }
  drawFrame();

  return {
    element,
    control,
    svg,
    x,
    y,
    setDomain(h) {
      if (h === half) return;
      half = h;
      cur = clampZ(cur);
      drawFrame();
    },
    domain: () => half,
    setPoints(mu, labels, logvar = null) {
      data = { mu, labels, logvar };
      drawPoints();
    },
    showEllipses(on) {
      ellipsesOn = on;
      drawPoints();
    },
    setCursor(z) {
      cur = clampZ(z);
      drawCursor();
    },
    cursor: () => [cur[0], cur[1]],
    setMarker(z, sigma = null) {
      marker = z ? { z, sigma } : null;
      drawMarker();
    },
    setPath(p) {
      path = p;
      drawPath();
    },
    destroy() {
      svg.removeEventListener('pointerdown', onDown);
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerup', onUp);
      svg.removeEventListener('pointercancel', onUp);
      control.removeEventListener('keydown', onKey);
      element.remove();
    },
  };
}
