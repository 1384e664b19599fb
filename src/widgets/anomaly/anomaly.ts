// The anomaly widget: −ELBO under vae-16d as an anomaly score. 200 held-out digits against 200 anomalies of the reader's
// kind and strength, scored live; both histograms on one axis, the ROC curve and its AUC, and a threshold the reader moves.
// The first frame needs no model: the normal digits' scores and every kind's at its default strength come precomputed
// (scores-asset.ts, checked by a unit test against score.ts); vae-16d downloads after it, for the strengths the reader picks.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { loadShippedModel, type Manifest, type ShippedModel } from '../runtime/shipped-model.ts';
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import { loadShippedScores } from './shipped-scores.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { ANOMALY_FIRST, KINDS, NORMAL_FIRST, SET_SIZE, makeAnomalies, normalDigits, resolveStrength, type AnomalyKind } from './corruptions.ts';
import { ANOMALY_MODEL, NORMAL_SEED, anomalySeed } from './anomaly-model.ts';
import { negElboScores } from './score.ts';
import { flaggedShare, rocAuc, rocCurve } from './roc.ts';
import { scoreDomain } from './plots.ts';
import { anomalySchema, defaultThreshold } from './state.ts';
import { buildAnomalyView } from './view.ts';
import { retryableOnce } from '../shared/retryable-once.ts';

const PREFIX = 'anomaly';

interface Scored {
  key: string;
  kind: AnomalyKind;
  strength: number;
  images: Float32Array;
  scores: Float32Array;
  auc: number;
  curve: [number, number][];
}

/** The (up to) four images whose scores lie nearest the threshold, in score order, with their scores. */
function nearest(images: Float32Array, scores: Float32Array, threshold: number): { pixels: Float32Array; scores: number[] } {
  const order = Array.from(scores, (s, i) => i)
    .sort((a, b) => Math.abs(scores[a]! - threshold) - Math.abs(scores[b]! - threshold))
    .slice(0, 4)
    .sort((a, b) => scores[a]! - scores[b]!);
  const pixels = new Float32Array(4 * 784);
  order.forEach((i, k) => pixels.set(images.subarray(i * 784, (i + 1) * 784), k * 784));
  return { pixels, scores: order.map((i) => scores[i]!) };
}

/** Loads held-out digits 0–399 and the shipped scores (vae-16d after the first frame), then scores anomalies on every change. */
export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const tf = rt.tf;
  const state = readState(anomalySchema, host.urlParams(), PREFIX);
  state.strength = resolveStrength(state.kind, state.strength);
  const msg = 'Downloading 400 held-out digits and their scores…';
  ui.progress(msg, 0);
  const indices = Array.from({ length: ANOMALY_FIRST + SET_SIZE }, (_, i) => i);
  const [heldout, manifest, shippedScores] = await Promise.all([
    loadHeldoutDigits(indices, (f) => ui.progress(msg, f)),
    fetchManifest<Manifest>(),
    loadShippedScores(),
  ]);
  let destroyed = false;
  const metrics = manifest.models?.[ANOMALY_MODEL]?.metrics ?? {};
  /** vae-16d, downloaded once; a failed download is forgotten, so the next change of anomaly tries again. */
  let loadedModel: ShippedModel | null = null;
  const modelOnce = retryableOnce(async () => {
    const m = await loadShippedModel(rt, ANOMALY_MODEL);
    if (destroyed) m.dispose();
    else loadedModel = m;
    host.dataset.model = 'ready';
    return m;
  });
  const model = (): Promise<ShippedModel> => modelOnce.get();
  const teardownModel = () => {
    destroyed = true;
    loadedModel?.dispose();
  };
  try {
    const normalImages = normalDigits(heldout.images);
    let normal: Float32Array;
    if (shippedScores) normal = shippedScores.normal;
    else {
      ui.progress('Downloading vae-16d and scoring 200 held-out digits…');
      normal = await negElboScores(tf, (await model()).model, normalImages, NORMAL_SEED);
    }
    host.dataset.normalFirst = String(NORMAL_FIRST);
    host.dataset.scores = shippedScores ? 'shipped' : 'computed';
    let scored: Scored | null = null;
    let frames = 0;

    const draw = () => {
      if (!scored) return;
      const t = state.threshold >= 0 ? state.threshold : defaultThreshold(normal);
      const tpr = flaggedShare(scored.scores, t);
      const fpr = flaggedShare(normal, t);
      const k = KINDS[scored.kind];
      const manifestAuc = scored.strength === k.initial ? (metrics[k.metric] ?? null) : null;
      view.setControls(state.kind, state.strength, t);
      view.show({
        hist: { normal, anomalous: scored.scores, domain: scoreDomain(normal, scored.scores), threshold: t },
        curve: scored.curve,
        auc: scored.auc,
        tpr,
        fpr,
        nearNormal: nearest(normalImages, normal, t),
        nearAnomalous: nearest(scored.images, scored.scores, t),
        manifestAuc,
      });
      view.caption.set(
        scored.auc < 0.5
          ? `AUC ${scored.auc.toFixed(2)}: these anomalies score a better ELBO than real digits, so a high-score detector misses them.`
          : `At ${Math.round(t)} nats the detector catches ${(100 * tpr).toFixed(0)}% of the anomalies and wrongly flags ${(100 * fpr).toFixed(0)}% of the digits.`,
      );
      host.dataset.threshold = String(Math.round(t));
      host.dataset.tpr = tpr.toFixed(4);
      host.dataset.fpr = fpr.toFixed(4);
      host.dataset.auc = scored.auc.toFixed(4);
      if (manifestAuc === null) delete host.dataset.manifestAuc;
      else host.dataset.manifestAuc = String(manifestAuc);
      host.dataset.rendered = `${scored.key}|${Math.round(t)}`;
      host.dataset.frames = String(++frames);
    };

    const render = latestWins(async (job: { key: string; kind: AnomalyKind; strength: number }) => {
      if (scored?.key !== job.key) {
        const images = makeAnomalies(job.kind, job.strength, heldout.images);
        let scores = shippedScores?.anomalies.get(job.key);
        if (!scores) {
          let m: ShippedModel;
          try {
            if (!loadedModel) view.caption.set(`Downloading ${ANOMALY_MODEL} to score these anomalies…`);
            m = await model();
          } catch (err) {
            if (destroyed) return;
            console.warn(`[${PREFIX}] ${ANOMALY_MODEL}`, err);
            view.caption.set(`These anomalies could not be scored: ${err instanceof Error ? err.message : String(err)}`);
            view.setRetry(() => render.request(job));
            host.dataset.model = 'error';
            return;
          }
          scores = await negElboScores(tf, m.model, images, anomalySeed(job.kind, job.strength));
        }
        if (destroyed) return;
        view.setRetry(null);
        scored = { ...job, images, scores, auc: rocAuc(normal, scores), curve: rocCurve(normal, scores) };
      }
      draw();
    });
    const update = () => {
      syncStateToUrl(anomalySchema, state, PREFIX);
      host.dataset.kind = state.kind;
      host.dataset.strength = String(state.strength);
      render.request({ key: `${state.kind}|${state.strength}`, kind: state.kind, strength: state.strength });
    };
    const view = buildAnomalyView(ui.root, {
      onKind(kind) {
        state.kind = kind;
        state.strength = KINDS[kind].initial;
        update();
      },
      onStrength(v) {
        state.strength = resolveStrength(state.kind, v);
        update();
      },
      onThreshold(v) {
        state.threshold = Math.max(0, Math.round(v));
        update();
      },
    });
    const teardown = () => {
      teardownModel();
      view.destroy();
    };
    try {
      update();
      await render.idle();
      // The scores at each kind's default strength come precomputed; any other strength is scored live.
      ui.status('Pick a kind of anomaly and its strength, then move the threshold; vae-16d scores each new strength in your browser.');
      if (!loadedModel) {
        // The model comes after the first frame, ready for the first strength the shipped scores do not cover.
        host.dataset.model = 'loading';
        host.trackBackground(
          afterFirstFrame(PREFIX)
            .then(model)
            .catch((err: unknown) => {
              if (!destroyed) host.dataset.model = 'error';
              console.warn(`[${PREFIX}] ${ANOMALY_MODEL}`, err);
            }),
        );
      }
    } catch (err) {
      teardown();
      throw err;
    }
    return teardown;
  } catch (err) {
    teardownModel();
    throw err;
  }
}
