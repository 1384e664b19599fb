// The latent map's lower layer, painted on one canvas under the map's SVG: the plot's background, the prior's contours and
// the codes as dots. Thousands of SVG circles cost a phone seconds of style, layout and paint (three maps of 2,000 in
// kl-vs-recon); one canvas costs milliseconds. The SVG above keeps what a reader reads or points at: axes, σ-ellipses,
// paths, markers and the cursor. Colours come from the page's CSS variables and follow the theme.
import { classColor } from './palette.ts';

/** What the layer paints, in the SVG's user units (a square viewBox of side `size`). */
export interface CanvasScene {
  size: number;
  /** The plot's rectangle (inside the axes' margins); dots are cut at its edges. */
  plot: { x: number; y: number; width: number; height: number };
  /** The prior's centre and the radius of its 1σ contour. */
  prior: { cx: number; cy: number; r1: number };
  /** The zero lines' ends: [x1, y1, x2, y2] each. */
  zeroLines: [number, number, number, number][];
  /** The codes' positions (n × 2, already in user units) and classes, or null for none. */
  dots: { xy: Float32Array; labels: Uint8Array; radius: number; alpha: number } | null;
}

export interface LatentCanvas {
  element: HTMLCanvasElement;
  /** Paints `scene` now (and again whenever the canvas is resized or the theme changes). */
  paint(scene: CanvasScene): void;
  destroy(): void;
}

/** The theme colours the layer paints with: CSS values (var(...)), resolved to concrete colours per theme. */
const BG = 'var(--bg)';
const ACCENT = 'var(--accent)';
const RULE = 'var(--rule)';
const THEME_COLORS = [BG, ACCENT, RULE, ...Array.from({ length: 10 }, (_, k) => classColor(k))];

/** Creates the canvas layer as the first child of `frame` (under the SVG, covering the frame's box). */
export function createLatentCanvas(frame: HTMLElement): LatentCanvas {
  const canvas = document.createElement('canvas');
  canvas.className = 'lmap__canvas';
  canvas.setAttribute('aria-hidden', 'true');
  // A hidden element that resolves the theme's colour variables (light-dark() pairs) to concrete colours.
  const probe = document.createElement('span');
  probe.hidden = true;
  frame.prepend(canvas, probe);
  let scene: CanvasScene | null = null;
  let box = { w: 0, h: 0 };
  let colors: Map<string, string> | null = null;

  const resolveColors = (): Map<string, string> => {
    const out = new Map<string, string>();
    for (const v of THEME_COLORS) {
      probe.style.color = v;
      out.set(v, getComputedStyle(probe).color);
    }
    return out;
  };

  const repaint = (): void => {
    if (!scene || box.w <= 0 || box.h <= 0) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(box.w * dpr);
    const ph = Math.round(box.h * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    colors ??= resolveColors();
    const c = colors;
    const { size, plot, prior, zeroLines, dots } = scene;
    // The SVG's viewBox is shown with preserveAspectRatio "xMidYMid meet": the same mapping here.
    const k = (Math.min(box.w, box.h) / size) * dpr;
    ctx.setTransform(k, 0, 0, k, (pw - size * k) / 2, (ph - size * k) / 2);
    ctx.clearRect(0, 0, size, size);
    ctx.globalAlpha = 1;
    ctx.fillStyle = c.get(BG)!;
    ctx.fillRect(plot.x, plot.y, plot.width, plot.height);
    // Prior N(0, I): its density contours are circles; radii 1, 2, 3 enclose 39 %, 86 %, 99 % of the mass.
    ctx.lineWidth = 1;
    for (const r of [3, 2, 1]) {
      ctx.beginPath();
      ctx.arc(prior.cx, prior.cy, r * prior.r1, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.06;
      ctx.fillStyle = c.get(ACCENT)!;
      ctx.fill();
      ctx.globalAlpha = 0.45;
      ctx.setLineDash([3, 3]);
      ctx.strokeStyle = c.get(ACCENT)!;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = c.get(RULE)!;
    ctx.beginPath();
    for (const [x1, y1, x2, y2] of zeroLines) {
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
    }
    ctx.stroke();
    if (dots) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(plot.x, plot.y, plot.width, plot.height);
      ctx.clip();
      ctx.globalAlpha = dots.alpha;
      const fills = Array.from({ length: 10 }, (_, d) => c.get(classColor(d))!);
      // One fill per dot, in the codes' order, so that overlapping dots darken as SVG circles did.
      for (let i = 0; i < dots.labels.length; i++) {
        const x = dots.xy[2 * i]!;
        const y = dots.xy[2 * i + 1]!;
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        ctx.fillStyle = fills[dots.labels[i]!] ?? fills[0]!;
        ctx.beginPath();
        ctx.arc(x, y, dots.radius, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.restore();
    }
  };

  const ro = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1]!.contentRect;
    if (r.width === box.w && r.height === box.h) return;
    box = { w: r.width, h: r.height };
    repaint();
  });
  ro.observe(canvas);
  const retheme = () => {
    colors = null;
    repaint();
  };
  const themeObserver = new MutationObserver(retheme);
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
  darkQuery.addEventListener('change', retheme);

  return {
    element: canvas,
    paint(s) {
      scene = s;
      repaint();
    },
    destroy() {
      ro.disconnect();
      themeObserver.disconnect();
      darkQuery.removeEventListener('change', retheme);
      canvas.remove();
      probe.remove();
    },
  };
}
