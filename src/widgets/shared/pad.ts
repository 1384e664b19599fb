// A drawing pad: smooth, round strokes from Pointer Events (mouse, touch, pen) on a canvas whose alpha is the ink.
import { saveYourDigit } from './your-digit.ts';

export interface Pad {
  canvas: HTMLCanvasElement;
  /** Ink coverage in [0, 1] for each pixel (row-major, canvas.width × canvas.height). */
  ink(): Float32Array;
  clear(): void;
  /** Replaces the drawing with a side×side digit (values in [0, 1]; 28×28 by default) scaled up to fill the pad, smoothly. */
  showDigit(pixels: ArrayLike<number>, side?: number): void;
  destroy(): void;
}

/** Builds a pad of side `size` canvas pixels; onChange fires (at most once per animation frame) while ink changes. */
export function createPad(size: number, label: string, onChange: (reason: 'stroke' | 'end') => void): Pad {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.className = 'pad';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const lineWidth = size * 0.085;
  let active: number | null = null;
  let last: [number, number] | null = null;
  let lastMid: [number, number] | null = null;
  let frame = 0;

  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange('stroke');
    });
  };
  const pos = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * size, ((e.clientY - r.top) / r.height) * size];
  };
  const style = () => {
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#000';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = lineWidth;
  };
  /** Quadratic segments through midpoints: a smooth curve whatever the pointer's sampling rate. */
  const extend = (p: [number, number]) => {
    if (!last || !lastMid) return;
    const mid: [number, number] = [(last[0] + p[0]) / 2, (last[1] + p[1]) / 2];
    style();
    ctx.beginPath();
    ctx.moveTo(lastMid[0], lastMid[1]);
    ctx.quadraticCurveTo(last[0], last[1], mid[0], mid[1]);
    ctx.stroke();
    last = p;
    lastMid = mid;
  };
  const onDown = (e: PointerEvent) => {
    if (active !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    active = e.pointerId;
    canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
    const p = pos(e);
    last = p;
    lastMid = p;
    style();
    ctx.beginPath();
    ctx.arc(p[0], p[1], lineWidth / 2, 0, 2 * Math.PI);
    ctx.fill();
    schedule();
  };
  const onMove = (e: PointerEvent) => {
    if (e.pointerId !== active) return;
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) extend(pos(ev));
    schedule();
  };
  const onUp = (e: PointerEvent) => {
    if (e.pointerId !== active) return;
    if (last) extend(last);
    active = null;
    last = lastMid = null;
    saveYourDigit(canvas);
    onChange('end');
  };
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', onUp);

  return {
    canvas,
    ink() {
      const d = ctx.getImageData(0, 0, size, size).data;
      const out = new Float32Array(size * size);
      for (let i = 0; i < out.length; i++) out[i] = (d[4 * i + 3] ?? 0) / 255;
      return out;
    },
    clear() {
      ctx.clearRect(0, 0, size, size);
    },
    showDigit(pixels, side = 28) {
      const small = document.createElement('canvas');
      small.width = side;
      small.height = side;
      const sctx = small.getContext('2d')!;
      const img = sctx.createImageData(side, side);
      for (let i = 0; i < side * side; i++) img.data[4 * i + 3] = Math.round(255 * Math.max(0, Math.min(1, pixels[i] ?? 0)));
      sctx.putImageData(img, 0, 0);
      ctx.clearRect(0, 0, size, size);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(small, 0, 0, size, size);
    },
    destroy() {
      cancelAnimationFrame(frame);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
    },
  };
}
