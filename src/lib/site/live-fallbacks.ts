// What a <Live> number in the prose says before its widget is live (and without JavaScript): the value the widget
// shows in its default state, computed at build time from weights/manifest.json or from the widget's own DOM-free math,
// never typed by hand. Each entry is keyed `<widget>.<quantity>`, as the widget's `vae:quantity` events are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelMetric, readManifest } from './manifest.ts';
import { gridLogIntegral, type Grid } from '../../widgets/posterior/grid-math.ts';
import { signedFixed } from '../../widgets/shared/quantities.ts';
import { fmt } from '../../widgets/shared/controls.ts';
import { posteriorSchema } from '../../widgets/posterior/state.ts';
import { betaModel, klrSchema } from '../../widgets/kl-vs-recon/state.ts';
import { nats } from '../../widgets/kl-vs-recon/logic.ts';
import { reparamSchema } from '../../widgets/reparam/state.ts';
import { FUNCS, sampleEstimates } from '../../widgets/reparam/reparam-math.ts';

const metric = (model: string, name: string): number => {
  const v = modelMetric(model, name);
  if (v === undefined) throw new Error(`live-fallbacks: weights/manifest.json has no ${name} for ${model}`);
  return v;
};
/** "156.1 nats" → "156.1": the prose prints the unit itself. */
const number = (withUnit: string): string => withUnit.replace(/ nats?$/, '');

const reparamDefaults = () => {
  const fn = FUNCS[reparamSchema.f.default];
  const [mu, sigma] = [reparamSchema.mu.default, reparamSchema.sigma.default];
  return { fn, mu, sigma, n: reparamSchema.n.default, seed: reparamSchema.seed.default };
};

/** The part of the manifest that describes the posterior inspector's shipped first frame. */
interface ShippedFrameManifest {
  models?: Record<string, { assets?: Record<string, { path: string; grid: Grid; seed: number; bounds: { elbo: number } }> }>;
}

const FALLBACKS: Record<string, () => string> = {
  // The inspector opens on #1834 with a shipped first frame: log p(x) on its 64 × 64 grid minus its seed's ELBO, the gap
  // it shows (the evaluation's split of that gap, approxGap1834 + amortGap1834, uses a finer grid and an exact ELBO).
  'posterior.digit': () => `#${posteriorSchema.digit.default}`,
  'posterior.gap': () => {
    if (posteriorSchema.digit.default !== 1834) throw new Error('live-fallbacks: the manifest ships the first frame of #1834 only');
    const frame = (readManifest() as ShippedFrameManifest | null)?.models?.['vae-2d']?.assets?.posteriorFrame1834;
    if (!frame || frame.seed !== posteriorSchema.seed.default)
      throw new Error("live-fallbacks: weights/manifest.json has no posteriorFrame1834 for the inspector's default seed; run npm run eval");
    const bytes = readFileSync(join(process.cwd(), 'weights', frame.path));
    const logJoint = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return signedFixed(gridLogIntegral(logJoint, frame.grid) - frame.bounds.elbo);
  },
  'kl-vs-recon.beta': () => klrSchema.beta.default,
  'kl-vs-recon.rate': () => number(nats(metric(betaModel(klrSchema.beta.default), 'kl'))),
  'kl-vs-recon.distortion': () => number(nats(metric(betaModel(klrSchema.beta.default), 'recon'))),
  'reparam.rf-mu-var': () => {
    const d = reparamDefaults();
    return fmt(sampleEstimates(d.fn, d.mu, d.sigma, d.n, d.seed).stats.rfMu.variance);
  },
};

/** The text a <Live widget name> shows before its widget is live; throws for a quantity with no fallback. */
export function liveFallback(widget: string, name: string): string {
  const f = FALLBACKS[`${widget}.${name}`];
  if (!f) throw new Error(`<Live widget="${widget}" name="${name}">: no fallback; add one to src/lib/site/live-fallbacks.ts`);
  return f();
}
