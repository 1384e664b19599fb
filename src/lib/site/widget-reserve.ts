// Build-time CSS that reserves a widget's live height from the first paint, from heights measured by scripts/widget-stills.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What scripts/widget-stills.ts writes to src/widgets/sizes.json. */
export interface WidgetSizes {
  /** Viewport widths (CSS px) at which every widget was measured. */
  widths: number[];
  /** Live height (CSS px) of each widget's island per width, keyed by "<page path under the base>#<widget name>". */
  heights: Record<string, number[]>;
  /** Same keys: extra [width, height] points measured between two of `widths`, where the layout changes inside the
   * interval (a container query, a row that wraps) so that the straight line between its ends would be wrong. */
  between?: Record<string, Array<[number, number]>>;
  /** Pixel sizes of each widget's still pictures: desktop (rendered 760 px wide) and phone (390 px wide); textOff: those
   * of its embed page under ?text=0 (public/widgets/NAME-text0[-dark][-phone].webp), where they have been rendered. */
  stills: Record<string, StillSizes & { textOff?: StillSizes }>;
}

/** Pixel sizes [width, height] of one set of stills: desktop (rendered 760 px wide) and phone (390 px wide). */
export interface StillSizes {
  desktop: [number, number];
  phone: [number, number];
}

let cached: WidgetSizes | null | undefined;
/** The measured sizes, or null before scripts/widget-stills.ts has run once. */
export function widgetSizes(): WidgetSizes | null {
  if (cached !== undefined) return cached;
  const file = join(process.cwd(), 'src/widgets/sizes.json');
  cached = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WidgetSizes) : null;
  return cached;
}

/** The key under which a widget on a page is measured: the page path without the base ("chapters/elbo/") and the name. */
export function sizeKey(pagePath: string, name: string): string {
  return `${pagePath.replace(/^\/+/, '')}#${name}`;
}

/** A widget's measured live heights on a page (key from sizeKey), with its points between the common widths merged in. */
export function measuredHeights(sizes: WidgetSizes, key: string): { widths: number[]; heights: number[] } | null {
  const heights = sizes.heights[key];
  if (!heights || heights.length !== sizes.widths.length) return null;
  const points = sizes.widths.map((w, i): [number, number] => [w, heights[i]!]);
  for (const point of sizes.between?.[key] ?? []) if (!sizes.widths.includes(point[0])) points.push(point);
  points.sort((a, b) => a[0] - b[0]);
  return { widths: points.map((p) => p[0]), heights: points.map((p) => p[1]) };
}

/** Segments of a piecewise-linear fit of (w, h) points, merged while every point in between is within `tol` px. */
export function linearSegments(widths: number[], heights: number[], tol = 2): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  let i = 0;
  while (i < widths.length - 1) {
    let j = i + 1;
    while (j + 1 < widths.length) {
      const slope = (heights[j + 1]! - heights[i]!) / (widths[j + 1]! - widths[i]!);
      let ok = true;
      for (let k = i + 1; k <= j; k++) if (Math.abs(heights[i]! + (widths[k]! - widths[i]!) * slope - heights[k]!) > tol) ok = false;
      if (!ok) break;
      j++;
    }
    out.push([widths[i]!, heights[i]!, widths[j]!, heights[j]!]);
    i = j;
  }
  return out;
}

/**
 * CSS rules that give `selector` a height equal to the measured live height at every viewport width: linear between
 * measured widths (media queries on the viewport, as the widgets' own layouts use), constant beyond the ends. A height,
 * not a min-height: the still inside may be taller than the live widget at some widths, and must not push the page.
 */
export function reserveCss(selector: string, widths: number[], heights: number[]): string {
  if (!widths.length || widths.length !== heights.length) return '';
  const r = (v: number) => Math.round(v * 100) / 100;
  const rules = [`${selector}{height:${r(heights[0]!)}px;overflow:hidden}`];
  for (const [w0, h0, w1, h1] of linearSegments(widths, heights)) {
    // A step pinned to 1 px (measured at w and w + 1) needs no ramp between them: the next rule starts at w + 1, and
    // widths are whole CSS pixels but under zoom. One rule fewer per step keeps each page's inline CSS small.
    if (w1 - w0 <= 1 && w0 !== widths[0]) continue;
    const slope = (h1 - h0) / (w1 - w0);
    const value = Math.abs(slope) < 1e-3 ? `${r(h0)}px` : `calc(${r(h0)}px + (100vw - ${w0}px) * ${r(slope * 1000) / 1000})`;
    rules.push(`@media (min-width:${w0}px){${selector}{height:${value}}}`);
  }
  const last = widths.length - 1;
  rules.push(`@media (min-width:${widths[last]! + 0.02}px){${selector}{height:${r(heights[last]!)}px}}`);
  return rules.join('');
}
