// What a <Live> number in the prose says before its widget is live (and without JavaScript): the value the widget
// shows in its default state, computed at build time from weights/manifest.json or from the widget's own DOM-free math,
// never typed by hand. Each entry is keyed `<widget>.<quantity>`, as the widget's `vae:quantity` events are.
import { modelMetric } from './manifest.ts';
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

const FALLBACKS: Record<string, () => string> = {
  // The inspector opens on #1834, whose gap the evaluation splits into its two parts (npm run eval).
  'posterior.digit': () => `#${posteriorSchema.digit.default}`,
  'posterior.gap': () => {
    if (posteriorSchema.digit.default !== 1834) throw new Error('live-fallbacks: the manifest has the gap of #1834 only');
    return signedFixed(metric('vae-2d', 'approxGap1834') + metric('vae-2d', 'amortGap1834'));
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
