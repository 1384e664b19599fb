// The better-prior widget: samples decoded from a density over the codes, side by side: vae-16d and ae-16, each from a
// baseline (the prior N(0, I), or one Gaussian fitted to the codes) and from the 16-component mixture fitted to the
// training codes (weights/gmm-<model>/), with the classifier's confidence on each sample and per panel.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { loadShippedModel, type ShippedModel } from '../runtime/shipped-model.ts';
import { loadClassifier, topClass, type Classifier } from '../shared/classifier.ts';
import { loadDensity } from '../shared/density.ts';
import { LoadError } from '../runtime/fetch-verified.ts';
import type { Gmm } from '../../lib/models/gmm.ts';
import { betterPriorSchema, type Baseline } from './state.ts';
import { METRIC_PREFIX, MODELS, PER_PANEL, Tally, columnDensity, densityOf, panelCodes, summarise, type Column, type ModelName } from './sources.ts';
import { buildBetterPriorView, type ShownSample } from './view.ts';

const PREFIX = 'better-prior';

interface Loaded {
  decoder: ShippedModel;
  gmm: Gmm;
  metrics: Record<string, number>;
}

/** Loads both decoders, both mixtures and the classifier, then draws on every change (latest wins). */
export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(betterPriorSchema, host.urlParams(), PREFIX);
  const msg = 'Downloading two decoders, the mixtures fitted to their codes and the classifier…';
  const fractions = [0, 0, 0, 0, 0];
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    ui.progress(msg, fractions.reduce((a, v) => a + v, 0) / fractions.length);
  };
  ui.progress(msg, 0);
  const settled = await Promise.allSettled([
    loadShippedModel(rt, MODELS[0], { parts: ['decoder'], onProgress: report(0) }),
    loadShippedModel(rt, MODELS[1], { parts: ['decoder'], onProgress: report(1) }),
    loadDensity(densityOf(MODELS[0]), report(2)),
    loadDensity(densityOf(MODELS[1]), report(3)),
    loadClassifier(rt).then((c) => (report(4)(1), c)),
  ]);
  const disposers: (() => void)[] = [];
  for (const r of settled) {
    const v = r.status === 'fulfilled' ? (r.value as { dispose?: () => void } | null) : null;
    if (v && typeof v.dispose === 'function') disposers.push(() => v.dispose!());
  }
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    disposers.forEach((d) => d());
    throw failed.reason;
  }
  const value = <T>(i: number) => (settled[i] as PromiseFulfilledResult<T>).value;
  const classifier = value<Classifier | null>(4);
  if (!classifier) {
    disposers.forEach((d) => d());
    throw new LoadError('The digit classifier is missing from weights/manifest.json; this widget needs it to judge the samples.', 'format');
  }
  const loaded = new Map<ModelName, Loaded>();
  MODELS.forEach((m, i) => {
    const d = value<{ gmm: Gmm; metrics: Record<string, number> }>(2 + i);
    loaded.set(m, { decoder: value<ShippedModel>(i), gmm: d.gmm, metrics: d.metrics });
  });
  try {
    const tallies = new Map<string, Tally>();
    const densities = new Map<string, Gmm>();
    const densityFor = (m: ModelName, c: Column) => {
      const key = `${m}/${c}`;
      let g = densities.get(key);
      if (!g) densities.set(key, (g = columnDensity(c, loaded.get(m)!.gmm)));
      return g;
    };
    let frames = 0;

    const draw = async ({ seed, baseline }: { seed: number; baseline: Baseline }) => {
      const panels: { m: ModelName; side: 'left' | 'right'; column: Column }[] = [];
      for (const m of MODELS) for (const side of ['left', 'right'] as const) panels.push({ m, side, column: side === 'left' ? baseline : 'mixture' });
      // Decode each model's two panels of codes in one call, then classify every image in one call.
      const images: Float32Array[] = [];
      for (const m of MODELS) {
        const codes = panels.filter((p) => p.m === m).flatMap((p) => panelCodes(densityFor(m, p.column), m, p.column, seed));
        images.push(await loaded.get(m)!.decoder.decode(tf, codes));
      }
      const all = new Float32Array(images.reduce((a, x) => a + x.length, 0));
      let at = 0;
      for (const x of images) {
        all.set(x, at);
        at += x.length;
      }
      const count = all.length / 784;
      const probs = await classifier.probs(all, count);
      panels.forEach((p, k) => {
        const samples: ShownSample[] = [];
        for (let i = 0; i < PER_PANEL; i++) {
          const j = k * PER_PANEL + i;
          const { digit, p: prob } = topClass(probs, 10 * j);
          samples.push({ pixels: all.subarray(j * 784, (j + 1) * 784), digit, p: prob });
        }
        const s = summarise(samples.map((x) => x.p));
        const key = `${p.m}/${p.column}`;
        let tally = tallies.get(key);
        if (!tally) tallies.set(key, (tally = new Tally()));
        tally.add(seed, s);
        const metrics = loaded.get(p.m)!.metrics;
        const mean = metrics[`${METRIC_PREFIX[p.column]}Confidence`];
        const share = metrics[`${METRIC_PREFIX[p.column]}Confident`];
        view.showPanel(p.m, p.side, p.column, samples, {
          draw: { mean: s.sum / s.n, confident: s.confident, n: s.n },
          tally: { mean: tally.mean, share: tally.share, n: tally.n },
          expected: mean !== undefined && share !== undefined ? { mean, share } : null,
        });
      });
      host.dataset.rendered = `${seed}|${baseline}`;
      host.dataset.frames = String(++frames);
    };
    const render = latestWins(draw);
    const update = () => {
      syncStateToUrl(betterPriorSchema, state, PREFIX);
      view.setControls(state.seed, state.baseline);
      host.dataset.seed = String(state.seed);
      host.dataset.baseline = state.baseline;
      render.request({ seed: state.seed, baseline: state.baseline });
    };
    const view = buildBetterPriorView(ui.root, {
      onResample() {
        state.seed = (state.seed + 1) % 1_000_000;
        update();
      },
      onBaseline(b) {
        state.baseline = b;
        update();
      },
    });
    disposers.push(() => view.destroy());
    update();
    await render.idle();
    ui.status('Draw new samples (R) and compare the columns: which density puts its codes where the decoder has learnt digits?');
    return () => disposers.forEach((d) => d());
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
}
