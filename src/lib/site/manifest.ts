// Build-time access to weights/manifest.json: every model number the article prints comes from here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;
let cached: Json | null | undefined;

/** The parsed manifest, or null when the models have not been trained yet. */
export function readManifest(): Json | null {
  if (cached !== undefined) return cached;
  const p = join(process.cwd(), 'weights', 'manifest.json');
  cached = existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Json) : null;
  return cached;
}

/** One metric of one model (looked up in `metrics`, then on the model itself), or undefined. */
export function modelMetric(model: string, name: string): number | undefined {
  const models = readManifest()?.models as Record<string, Json> | undefined;
  const m = models?.[model];
  if (!m) return undefined;
  const metrics = m.metrics as Json | undefined;
  const v = metrics?.[name] ?? m[name];
  return typeof v === 'number' ? v : undefined;
}

/** Metrics that are fractions and read as percentages in prose. */
const PERCENT_METRICS = new Set([
  'accuracy',
  'priorHoleFraction',
  // Chapter 9: the classifier's confidence on samples from a density over codes, and retrieval's precision@8.
  'sampleConfidence',
  'sampleConfident',
  'gaussianSampleConfidence',
  'gaussianSampleConfident',
  'priorSampleConfidence',
  'priorSampleConfident',
  'retrievalPrecision8',
  'pixelRetrievalPrecision8',
]);

/** Formats a metric for prose: fixed decimals, thousands separators, percentages for fractions such as accuracy. */
export function formatMetric(name: string, value: number, digits?: number): string {
  if (PERCENT_METRICS.has(name)) return `${(value * (value <= 1 ? 100 : 1)).toFixed(digits ?? 1)}%`;
  if (name === 'bytes') return value >= 1e6 ? `${(value / 1e6).toFixed(digits ?? 2)} MB` : `${Math.round(value / 1e3)} KB`;
  if (name === 'params' || name === 'activeUnits') return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits ?? 1);
}
