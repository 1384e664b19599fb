// A d3 map of a 2-D latent space: held-out codes coloured by class, optional σ-ellipses, the prior's contours behind,
// a marker, a path, and (when interactive) a cursor (map-cursor.ts). The legend lives in map-legend.ts. The background,
// the prior and the dots are painted on a canvas under the SVG (latent-canvas.ts); the rest is SVG.
import { select } from 'd3-selection';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { drawAxis, keepSvgTextReadable } from './axes.ts';
import { createMapCursor, type MapCursor, type Point } from './map-cursor.ts';
import { createLatentCanvas } from './latent-canvas.ts';

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
  /** Called after the map redraws at new scales (a new domain, or larger axis labels on a small screen): redraw overlays. */
  onFrame?(): void;
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
  /** A single highlighted code with its σ-ellipse (σ null: a point only) and an optional label beside it; null hides it. */
  setMarker(z: Point | null, sigma?: Point | null, label?: string): void;
  /** A polyline through latent codes (an interpolation path), with its endpoints marked; null hides it. */
  setPath(points: Point[] | null): void;
  /** Latent coordinates → SVG user units, and the SVG element (for tests and overlays). */
  svg: SVGSVGElement;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  destroy(): void;
}

let mapCount = 0;

/** Builds a latent map inside a new element (append `element` where it belongs). */
export function createLatentMap(opts: LatentMapOptions): LatentMap {
  const S = opts.size ?? 400;
  // Margins for the axes grow with the tick labels when a map is shown small (see keepSvgTextReadable).
  let textScale = 1;
  // Set once the map is built: from then on a redraw calls onFrame (not during the first draw: the caller does not
  // hold the map yet).
  let built = false;
  const m = { l: 4, r: 4, t: 4, b: 4 };
  const setMargins = () => {
    if (!opts.axes) return;
    Object.assign(m, { l: Math.round(10 + 24 * textScale), r: Math.round(8 * textScale), t: 8, b: Math.round(8 + 20 * textScale) });
  };
  setMargins();
  let half = 4;
  let ellipsesOn = false;
  let data: { mu: Float32Array; labels: Uint8Array; logvar: Float32Array | null } | null = null;
  let marker: { z: Point; sigma: Point | null; label: string } | null = null;
  let path: Point[] | null = null;
  const x = scaleLinear();
  const y = scaleLinear();

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
  const layer = createLatentCanvas(control);
  // Codes outside the shown square are cut at its edge instead of being drawn over the axes and their labels.
  const clipId = `lmap-clip-${++mapCount}`;
  const clipRect = svgSel.append('clipPath').attr('id', clipId).append('rect');
  const gAxes = svgSel.append('g').attr('class', 'lmap__axes');
  const gEll = svgSel.append('g').attr('class', 'lmap__ellipses').attr('clip-path', `url(#${clipId})`);
  const gPath = svgSel.append('g').attr('class', 'lmap__path');
  const gMarker = svgSel.append('g').attr('class', 'lmap__marker');
  const gCursor = svgSel.append('g').attr('class', 'lmap__cursor');
  element.append(control);
  const stopWatchingText = keepSvgTextReadable(svg, S, (scale) => {
    textScale = scale;
    setMargins();
    drawFrame();
  });
  const cursor: MapCursor | null = opts.interactive
    ? createMapCursor({
        svg,
        control,
        layer: gCursor.node()!,
        x,
        y,
        size: S,
        half: () => half,
        markScale: () => textScale,
        onMove: (z, source) => opts.onCursor?.(z, source),
      })
    : null;

  function drawFrame(): void {
    x.domain([-half, half]).range([m.l, S - m.r]);
    y.domain([-half, half]).range([S - m.b, m.t]);
    clipRect
      .attr('x', m.l)
      .attr('y', m.t)
      .attr('width', S - m.l - m.r)
      .attr('height', S - m.t - m.b);
    gAxes.selectAll('*').remove();
    if (opts.axes) {
      // Fewer ticks when the labels are large next to the map (a small map on a phone).
      const ticks = half > 6 || textScale > 1.6 ? 5 : 9;
      drawAxis(gAxes, 'bottom', x, { at: S - m.b, ticks });
      drawAxis(gAxes, 'left', y, { at: m.l, ticks });
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
    cursor?.draw();
    if (built) opts.onFrame?.();
  }

  function drawPoints(): void {
    drawDots();
    drawEllipses();
  }

  /** The canvas layer: the plot's background, the prior's contours and the codes as dots. `data-points` on the map says
   * how many codes it shows (for tests and readers of the DOM). */
  function drawDots(): void {
    let dots = null;
    if (data) {
      const { mu, labels } = data;
      const xy = new Float32Array(mu.length);
      for (let i = 0; i < labels.length; i++) {
        xy[2 * i] = x(mu[2 * i]!);
        xy[2 * i + 1] = y(mu[2 * i + 1]!);
      }
      // While σ-ellipses show, the dots step back: else the dots, larger than a trained model's ellipses, would hide them.
      dots = { xy, labels, radius: opts.axes ? 2.3 : 1.6, alpha: ellipsesShown() ? 0.3 : 0.8 };
    }
    element.dataset.points = String(data?.labels.length ?? 0);
    // Prior N(0, I): its density contours are circles; radii 1, 2, 3 enclose 39 %, 86 %, 99 % of the mass.
    layer.paint({
      size: S,
      plot: { x: m.l, y: m.t, width: S - m.l - m.r, height: S - m.t - m.b },
      prior: { cx: x(0), cy: y(0), r1: x(1) - x(0) },
      zeroLines: [
        [x(-half), y(0), x(half), y(0)],
        [x(0), y(-half), x(0), y(half)],
      ],
      dots,
    });
  }

  /** Whether σ-ellipses are on and the codes have them. */
  function ellipsesShown(): boolean {
    return !!data && ellipsesOn && !!data.logvar;
  }

  /** The σ-ellipses, when shown and the codes have log σ². */
  function drawEllipses(): void {
    const logvar = data?.logvar;
    if (!data || !ellipsesOn || !logvar) return void gEll.selectAll('*').remove();
    const { mu, labels } = data;
    const idx = Array.from({ length: labels.length }, (_, i) => i);
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
    // A ringed mark in the text colour (no digit class has it), on a halo, so that it stands out from every class's dots.
    const g = gMarker
      .append('g')
      .attr('class', 'lmap__marker-pt')
      .attr('transform', `translate(${x(Math.max(-half, Math.min(half, z[0])))},${y(Math.max(-half, Math.min(half, z[1])))}) scale(${textScale})`);
    const r = opts.axes ? 9 : 8;
    g.append('circle').attr('class', 'lmap__marker-halo').attr('r', r);
    g.append('circle').attr('class', 'lmap__marker-ring').attr('r', r);
    // The σ-ellipse goes over the ring, so that one smaller than the ring (a clearly written digit's) is still seen; the
    // centre dot shrinks to leave it room.
    if (sigma) {
      const rx = Math.max(1, sigma[0] * sx);
      const ry = Math.max(1, sigma[1] * sx);
      const inside = Math.max(rx, ry) < r * textScale;
      gMarker
        .append('ellipse')
        .attr('class', inside ? 'lmap__marker-ell lmap__marker-ell--small' : 'lmap__marker-ell')
        .attr('cx', x(z[0]))
        .attr('cy', y(z[1]))
        .attr('rx', rx)
        .attr('ry', ry);
    }
    g.append('circle')
      .attr('class', 'lmap__marker-dot')
      .attr('r', sigma ? 1.5 : 3);
    if (marker.label) {
      const left = x(z[0]) > S * 0.55;
      g.append('text')
        .attr('class', 'lmap__marker-label')
        .attr('x', left ? -r - 4 : r + 4)
        .attr('y', -r + 2)
        .attr('text-anchor', left ? 'end' : 'start')
        .text(marker.label);
    }
  }

  drawFrame();
  built = true;

  return {
    element,
    control,
    svg,
    x,
    y,
    setDomain(h) {
      if (h === half) return;
      half = h;
      drawFrame();
    },
    domain: () => half,
    setPoints(mu, labels, logvar = null) {
      // The same codes again (a caller that re-applies its state) cost nothing; new σ only redraw the ellipses.
      const sameCodes = data?.mu === mu && data.labels === labels;
      if (sameCodes && data!.logvar === logvar) return;
      const wasShown = ellipsesShown();
      data = { mu, labels, logvar };
      if (!sameCodes || wasShown !== ellipsesShown()) drawDots();
      drawEllipses();
    },
    showEllipses(on) {
      if (on === ellipsesOn) return;
      ellipsesOn = on;
      drawDots();
      drawEllipses();
    },
    setCursor(z) {
      cursor?.set(z);
    },
    cursor: () => cursor?.get() ?? [0, 0],
    setMarker(z, sigma = null, label = '') {
      marker = z ? { z, sigma, label } : null;
      drawMarker();
    },
    setPath(p) {
      path = p;
      drawPath();
    },
    destroy() {
      cursor?.destroy();
      layer.destroy();
      stopWatchingText();
      element.remove();
    },
  };
}
