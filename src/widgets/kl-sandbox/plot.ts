// The sandbox's d3 plot: densities on top, draggable mean handles under the axis, the signed integrand below.
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { drawAxis } from '../shared/axes.ts';
import { onWidthChange } from '../shared/resize.ts';

export const X_MIN = -6;
export const X_MAX = 6;
const SAMPLES = 481;

export interface Curve {
  key: string;
  /** CSS modifier: `q` or `p`. */
  kind: 'q' | 'p';
  f: (z: number) => number;
}

export interface Handle {
  key: string;
  kind: 'q' | 'p';
  /** Text inside the circle. */
  label: string;
  /** Accessible name, e.g. "Mean of q". */
  name: string;
  value: number;
  min: number;
  max: number;
  /** Row of the handle track (0 or 1). */
  row: number;
}

export interface PlotModel {
  curves: Curve[];
  handles: Handle[];
  integrand: (z: number) => number;
  /** Title of the integrand panel, e.g. "q·log(q/p): its area is KL(q‖p)". */
  integrandTitle: string;
  /** Monte Carlo draws to show as a rug (may be empty). */
  rug: number[];
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** Builds the plot in container; onMove fires with a handle's key and its new value (already clamped and rounded). */
export function createPlot(
  container: HTMLElement,
  describe: string,
  onMove: (key: string, value: number) => void,
): { draw(m: PlotModel): void; destroy(): void } {
  const svg: Svg = select(container).append('svg').attr('class', 'klplot').attr('role', 'group').attr('aria-label', describe);
  const defs = svg.append('defs');
  const hatchId = `kl-hatch-${Math.random().toString(36).slice(2, 8)}`;
  defs
    .append('pattern')
    .attr('id', hatchId)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternTransform', 'rotate(45)')
    .append('line')
    .attr('class', 'klplot__hatch')
    .attr('x1', 0)
    .attr('y1', 0)
    .attr('x2', 0)
    .attr('y2', 6);
  const gDens = svg.append('g').attr('class', 'klplot__dens').attr('aria-hidden', 'true');
  const gInt = svg.append('g').attr('class', 'klplot__int').attr('aria-hidden', 'true');
  const gHandles = svg.append('g').attr('class', 'klplot__handles');
  let model: PlotModel | null = null;
  let width = 0;
  const x = scaleLinear().domain([X_MIN, X_MAX]);

  const round = (v: number, h: Handle) => Math.min(h.max, Math.max(h.min, Math.round(v * 100) / 100));
  /** The pointer's x in the plot's coordinates. */
  const plotX = (e: PointerEvent) => {
    const r = svg.node()!.getBoundingClientRect();
    return ((e.clientX - r.left) / r.width) * width;
  };

  /** Drags a handle sideways with any pointer. On a touch screen the plot's touch-action (pan-y) leaves a vertical
   *  swipe to the page, even one that starts on a handle: the browser scrolls and cancels the pointer. */
  function dragAlongX(g: SVGGElement, datum: () => Handle): void {
    let drag: { id: number; offset: number } | null = null;
    const end = (e: PointerEvent) => {
      if (drag?.id !== e.pointerId) return;
      drag = null;
      g.classList.remove('is-dragging');
    };
    g.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || drag) return;
      drag = { id: e.pointerId, offset: x(datum().value) - plotX(e) };
      g.setPointerCapture(e.pointerId);
      g.classList.add('is-dragging');
      g.focus({ preventScroll: true });
    });
    g.addEventListener('pointermove', (e) => {
      if (drag?.id !== e.pointerId) return;
      const d = datum();
      onMove(d.key, round(x.invert(plotX(e) + drag.offset), d));
    });
    g.addEventListener('pointerup', end);
    g.addEventListener('pointercancel', end);
  }

  function draw(m: PlotModel): void {
    model = m;
    width = Math.max(280, container.clientWidth);
    const narrow = width < 520;
    const margin = { l: 46, r: 12 };
    const hDens = narrow ? 170 : 220;
    const yDens0 = 10;
    const track = 64;
    const hInt = narrow ? 100 : 120;
    const yTrack0 = yDens0 + hDens + 24;
    const yInt0 = yTrack0 + track + 22;
    const height = yInt0 + hInt + 26;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    x.range([margin.l, width - margin.r]);
    const zs = Array.from({ length: SAMPLES }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / (SAMPLES - 1));

    // Densities.
    const values = m.curves.map((c) => zs.map((z) => c.f(z)));
    const top = Math.max(0.1, ...values.flat().filter(Number.isFinite));
    const y = scaleLinear()
      .domain([0, top * 1.08])
      .nice(4)
      .range([yDens0 + hDens, yDens0]);
    gDens.selectAll('*').remove();
    drawAxis(gDens, 'bottom', x, { at: yDens0 + hDens, ticks: narrow ? 6 : 12, outerTicks: true, className: 'klplot__axis' });
    drawAxis(gDens, 'left', y, { at: margin.l, ticks: 4, outerTicks: true, className: 'klplot__axis' });
    gDens
      .append('text')
      .attr('class', 'klplot__title')
      .attr('x', margin.l + 6)
      .attr('y', yDens0 + 12)
      .text('density');
    gDens
      .append('text')
      .attr('class', 'klplot__axislabel')
      .attr('x', width - margin.r)
      .attr('y', yDens0 + hDens - 6)
      .attr('text-anchor', 'end')
      .text('z');
    const ln = line<number>()
      .x((_, i) => x(zs[i]!))
      .y((v) => y(Math.min(v, top * 1.5)));
    m.curves.forEach((c, k) => {
      gDens.append('path').attr('class', `klplot__curve klplot__curve--${c.kind}`).attr('d', ln(values[k]!));
    });
    gDens
      .append('g')
      .selectAll('line')
      .data(m.rug)
      .join('line')
      .attr('class', 'klplot__rug')
      .attr('x1', (d) => x(d))
      .attr('x2', (d) => x(d))
      .attr('y1', yDens0 + hDens)
      .attr('y2', yDens0 + hDens - 7);
    // Mean markers from the axis up to each handle's curve.
    for (const h of m.handles) {
      gDens
        .append('line')
        .attr('class', `klplot__marker klplot__marker--${h.kind}`)
        .attr('x1', x(h.value))
        .attr('x2', x(h.value))
        .attr('y1', yDens0 + hDens)
        .attr('y2', yTrack0 + 12 + h.row * 30);
    }

    // The signed integrand, shaded above and below zero.
    const iv = zs.map((z) => m.integrand(z)).map((v) => (Number.isFinite(v) ? v : 0));
    const lo = Math.min(0, ...iv);
    const hi = Math.max(0, ...iv);
    const span = Math.max(1e-3, hi - lo);
    const yi = scaleLinear()
      .domain([Math.min(lo - 0.08 * span, -0.04 * span), hi + 0.08 * span])
      .range([yInt0 + hInt, yInt0]);
    gInt.selectAll('*').remove();
    gInt
      .append('text')
      .attr('class', 'klplot__title')
      .attr('x', margin.l)
      .attr('y', yInt0 - 8)
      .text(m.integrandTitle);
    const pos = area<number>()
      .x((_, i) => x(zs[i]!))
      .y0(yi(0))
      .y1((v) => yi(Math.max(0, v)));
    const neg = area<number>()
      .x((_, i) => x(zs[i]!))
      .y0(yi(0))
      .y1((v) => yi(Math.min(0, v)));
    gInt.append('path').attr('class', 'klplot__pos').attr('d', pos(iv));
    gInt.append('path').attr('class', 'klplot__neg').attr('fill', `url(#${hatchId})`).attr('d', neg(iv));
    gInt
      .append('path')
      .attr('class', 'klplot__intline')
      .attr(
        'd',
        line<number>()
          .x((_, i) => x(zs[i]!))
          .y((v) => yi(v))(iv),
      );
    gInt
      .append('line')
      .attr('class', 'klplot__zero')
      .attr('x1', margin.l)
      .attr('x2', width - margin.r)
      .attr('y1', yi(0))
      .attr('y2', yi(0));
    drawAxis(gInt, 'bottom', x, { at: yInt0 + hInt, ticks: narrow ? 6 : 12, outerTicks: true, className: 'klplot__axis' });
    drawAxis(gInt, 'left', yi, { at: margin.l, ticks: 3, outerTicks: true, className: 'klplot__axis' });

    // Handles: focusable sliders in the SVG, joined by key so focus survives redraws.
    const hs = gHandles
      .selectAll<SVGGElement, Handle>('g.klplot__handle')
      .data(m.handles, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'klplot__handle').attr('tabindex', 0).attr('role', 'slider').attr('aria-orientation', 'horizontal');
        g.append('circle').attr('r', 13);
        g.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
        g.on('keydown', (event: KeyboardEvent, d) => {
          const big = event.shiftKey || event.key === 'PageUp' || event.key === 'PageDown';
          const step = big ? 0.5 : 0.05;
          let v: number | null = null;
          if (event.key === 'ArrowRight' || event.key === 'ArrowUp' || event.key === 'PageUp') v = d.value + step;
          else if (event.key === 'ArrowLeft' || event.key === 'ArrowDown' || event.key === 'PageDown') v = d.value - step;
          else if (event.key === 'Home') v = d.min;
          else if (event.key === 'End') v = d.max;
          if (v === null) return;
          event.preventDefault();
          onMove(d.key, round(v, d));
        });
        g.each(function () {
          dragAlongX(this, () => select<SVGGElement, Handle>(this).datum());
        });
        return g;
      });
    hs.attr('class', (d) => `klplot__handle klplot__handle--${d.kind}`)
      .attr('data-handle', (d) => d.key)
      .attr('transform', (d) => `translate(${x(d.value)},${yTrack0 + 12 + d.row * 30})`)
      .attr('aria-label', (d) => d.name)
      .attr('aria-valuemin', (d) => d.min)
      .attr('aria-valuemax', (d) => d.max)
      .attr('aria-valuenow', (d) => d.value)
      .attr('aria-valuetext', (d) => `${d.name}: ${d.value.toFixed(2)}`);
    hs.select('text').text((d) => d.label);
  }

  const stopResize = onWidthChange(container, () => {
    if (model) draw(model);
  });
  return {
    draw,
    destroy() {
      stopResize();
      svg.remove();
    },
  };
}
