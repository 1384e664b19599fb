// The cursor of an interactive latent map: a mark drawn on the map with a handle over it, moved by keyboard (arrows, Shift, Home), by a
// mouse or pen (press anywhere, drag), and by touch (drag the handle, or tap to place it; any other swipe scrolls the page).
import type { ScaleLinear } from 'd3-scale';

export type Point = [number, number];

const fmt = (v: number) => (v < 0 ? `−${Math.abs(v).toFixed(2)}` : v.toFixed(2));
/** "z₁ = 0.50, z₂ = −1.20". */
export const describePoint = (z: Point): string => `z₁ = ${fmt(z[0])}, z₂ = ${fmt(z[1])}`;

export interface MapCursorOptions {
  svg: SVGSVGElement;
  /** The focusable element with role="slider" that carries the ARIA values. */
  control: HTMLElement;
  /** The SVG group the handle is drawn in. */
  layer: SVGGElement;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Side of the SVG's coordinate system (user units). */
  size: number;
  /** Half the side of the shown square of the latent space. */
  half(): number;
  /** How much larger than its user units the mark is drawn (the map's text scale, so it stays visible when small). */
  markScale(): number;
  onMove(z: Point, source: 'pointer' | 'key'): void;
}

export interface MapCursor {
  get(): Point;
  /** Moves the cursor without firing onMove. */
  set(z: Point): void;
  /** Redraws the handle (after the scales change). */
  draw(): void;
  destroy(): void;
}

/** A finger that moves less than this (CSS px) between touching and lifting has tapped. */
const TAP_SLOP = 10;
const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, cls: string, attrs: Record<string, number>): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  e.setAttribute('class', cls);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Draws the cursor's handle in `o.layer` and wires pointer, touch and keyboard input to it. */
export function createMapCursor(o: MapCursorOptions): MapCursor {
  const { svg, control } = o;
  let cur: Point = [0, 0];
  const clamp = (z: Point): Point => {
    const h = o.half();
    return [Math.max(-h, Math.min(h, z[0])), Math.max(-h, Math.min(h, z[1]))];
  };

  // The cursor drawn in the SVG: a ring and a cross on a halo.
  const mark = document.createElementNS(SVG_NS, 'g');
  mark.setAttribute('class', 'lmap__cursor-mark');
  mark.append(
    svgEl('circle', 'lmap__cursor-halo', { r: 11 }),
    svgEl('circle', 'lmap__cursor-ring', { r: 11 }),
    svgEl('line', 'lmap__cursor-cross', { x1: -16, x2: 16, y1: 0, y2: 0 }),
    svgEl('line', 'lmap__cursor-cross', { x1: 0, x2: 0, y1: -16, y2: 16 }),
  );
  o.layer.append(mark);
  // The handle a finger grabs: a transparent HTML disc (about 44 CSS px) over the mark, the one part of the map with
  // touch-action: none (Chromium ignores touch-action on SVG shapes).
  const handle = document.createElement('div');
  handle.className = 'lmap__handle';
  handle.setAttribute('aria-hidden', 'true');
  control.append(handle);

  function draw(): void {
    const cx = o.x(cur[0]);
    const cy = o.y(cur[1]);
    mark.setAttribute('transform', `translate(${cx},${cy}) scale(${o.markScale()})`);
    handle.style.left = `${(cx / o.size) * 100}%`;
    handle.style.top = `${(cy / o.size) * 100}%`;
    const h = o.half();
    control.setAttribute('aria-valuemin', String(-h));
    control.setAttribute('aria-valuemax', String(h));
    control.setAttribute('aria-valuenow', cur[0].toFixed(2));
    control.setAttribute('aria-valuetext', describePoint(cur));
  }
  function moveTo(z: Point, source: 'pointer' | 'key'): void {
    cur = clamp(z);
    draw();
    o.onMove(cur, source);
  }

  /** Latent coordinates of a pointer event. */
  function eventToZ(e: PointerEvent): Point {
    const r = svg.getBoundingClientRect();
    return [o.x.invert(((e.clientX - r.left) / r.width) * o.size), o.y.invert(((e.clientY - r.top) / r.height) * o.size)];
  }
  // A drag: the pointer, and the offset from the pointer to the cursor (grabbing the handle off-centre does not jump).
  let drag: { id: number; offset: Point } | null = null;
  // A touch on the map away from the handle: a tap places the cursor, anything else is the browser's (scroll, zoom).
  let tap: { id: number; x: number; y: number } | null = null;
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const onHandle = e.target === handle;
    if (e.pointerType === 'touch' && !onHandle) {
      tap = { id: e.pointerId, x: e.clientX, y: e.clientY };
      return;
    }
    const z = eventToZ(e);
    drag = { id: e.pointerId, offset: onHandle ? [cur[0] - z[0], cur[1] - z[1]] : [0, 0] };
    control.setPointerCapture(e.pointerId);
    control.focus({ preventScroll: true });
    e.preventDefault();
    if (!onHandle) moveTo(z, 'pointer');
  };
  const onMove = (e: PointerEvent) => {
    if (tap?.id === e.pointerId && Math.hypot(e.clientX - tap.x, e.clientY - tap.y) > TAP_SLOP) tap = null;
    if (drag?.id !== e.pointerId) return;
    const z = eventToZ(e);
    moveTo([z[0] + drag.offset[0], z[1] + drag.offset[1]], 'pointer');
  };
  const onUp = (e: PointerEvent) => {
    if (drag?.id === e.pointerId) drag = null;
    if (tap?.id === e.pointerId) {
      tap = null;
      if (e.type === 'pointerup') {
        control.focus({ preventScroll: true });
        moveTo(eventToZ(e), 'pointer');
      }
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const step = (o.half() / 40) * (e.shiftKey ? 8 : 1);
    const moves: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const d = moves[e.key];
    if (d) moveTo([cur[0] + d[0], cur[1] + d[1]], 'key');
    else if (e.key === 'Home') moveTo([0, 0], 'key');
    else return;
    e.preventDefault();
  };
  control.addEventListener('pointerdown', onDown);
  control.addEventListener('pointermove', onMove);
  control.addEventListener('pointerup', onUp);
  control.addEventListener('pointercancel', onUp);
  control.addEventListener('keydown', onKey);
  draw();

  return {
    get: () => [cur[0], cur[1]],
    set(z) {
      cur = clamp(z);
      draw();
    },
    draw() {
      cur = clamp(cur);
      draw();
    },
    destroy() {
      control.removeEventListener('pointerdown', onDown);
      control.removeEventListener('pointermove', onMove);
      control.removeEventListener('pointerup', onUp);
      control.removeEventListener('pointercancel', onUp);
      control.removeEventListener('keydown', onKey);
      handle.remove();
    },
  };
}
