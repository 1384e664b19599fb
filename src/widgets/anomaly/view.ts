// DOM for the anomaly widget: the kind and strength of anomaly, the histograms and ROC curve, the threshold slider with
// its rates, and the digits and anomalies whose scores lie nearest the threshold.
import { createDigitCanvas, drawDigitGrid } from '../shared/digit-image.ts';
import { createCaption } from '../shared/classifier.ts';
import { el, fmt, radioGroup, rangeRow, setOut, type RangeRow } from '../shared/controls.ts';
import { ANOMALY_KINDS, KINDS, type AnomalyKind } from './corruptions.ts';
import { createHistogram, createRoc, type HistData } from './plots.ts';

export interface AnomalyHandlers {
  onKind(kind: AnomalyKind): void;
  onStrength(v: number): void;
  onThreshold(v: number): void;
}

/** What one frame shows. */
export interface AnomalyFrame {
  hist: HistData;
  curve: [number, number][];
  auc: number;
  tpr: number;
  fpr: number;
  /** Up to four normal digits and four anomalies nearest the threshold, with their scores. */
  nearNormal: { pixels: Float32Array; scores: number[] };
  nearAnomalous: { pixels: Float32Array; scores: number[] };
  manifestAuc: number | null;
}

export interface AnomalyView {
  caption: ReturnType<typeof createCaption>;
  /** Shows kind, strength and threshold without firing handlers. */
  setControls(kind: AnomalyKind, strength: number, threshold: number): void;
  show(f: AnomalyFrame): void;
  /** Shows a Retry button under the caption that calls `retry` (after a failed download), or hides it (null). */
  setRetry(retry: (() => void) | null): void;
  destroy(): void;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Builds the widget's DOM in root; handlers fire on reader input only. */
export function buildAnomalyView(root: HTMLElement, h: AnomalyHandlers): AnomalyView {
  const wrap = el('div', 'anom-c');
  const grid = el('div', 'anom');
  wrap.append(grid);

  const controls = el('section', 'anom__controls');
  controls.setAttribute('aria-label', 'The anomalies');
  let kind: AnomalyKind = 'rotate';
  const radios = radioGroup(
    'Kind of anomaly',
    'anom-kind',
    ANOMALY_KINDS.map((k) => ({ value: k, label: KINDS[k].name })),
    kind,
    (k) => h.onKind(k),
  );
  const strengthBox = el('div', 'anom__strength');
  let strengthRow: RangeRow | null = null;
  const buildStrength = (k: AnomalyKind, v: number) => {
    const info = KINDS[k];
    strengthRow = rangeRow({
      label: info.label,
      min: info.min,
      max: info.max,
      step: info.step,
      value: v,
      decimals: info.decimals,
      valueText: (x) => info.describe(x),
      onInput: (x) => h.onStrength(x),
      key: 'strength',
    });
    strengthBox.replaceChildren(strengthRow.row);
  };
  const describe = el('p', 'anom__note anom__describe');
  controls.append(radios.fieldset, strengthBox, describe);

  const plots = el('section', 'anom__plots');
  plots.setAttribute('aria-label', 'Scores, ROC curve and threshold');
  const histBox = el('div', 'anom__hist');
  const legend = el('p', 'anom__legend');
  legend.append(
    el('span', 'anom__key anom__key--normal'),
    ' held-out digits #0–199 ',
    el('span', 'anom__key anom__key--anomalous'),
    ' anomalies · click the plot to put the threshold there',
  );
  histBox.append(legend);
  const hist = createHistogram(histBox, (score) => h.onThreshold(score));
  const thresholdRow = rangeRow({
    label: 'Threshold (nats)',
    min: 10,
    max: 20000,
    step: 1,
    value: 200,
    decimals: 0,
    log: true,
    valueText: (v) => `flag inputs whose −ELBO is above ${Math.round(v)} nats`,
    onInput: (v) => h.onThreshold(v),
    key: 'threshold',
  });
  const rates = el('p', 'anom__rates');
  const tprOut = el('output', 'anom__tpr');
  const fprOut = el('output', 'anom__fpr');
  rates.append('Anomalies caught (TPR) ', tprOut, ' · digits wrongly flagged (FPR) ', fprOut);
  const rocBox = el('div', 'anom__roc');
  const roc = createRoc(rocBox);
  const aucOut = el('p', 'anom__auc');
  const caption = createCaption('caption anom__caption');
  const side = el('div', 'anom__side');
  const retryButton = el('button', 'widget__retry', 'Retry');
  retryButton.type = 'button';
  retryButton.hidden = true;
  let onRetry: (() => void) | null = null;
  retryButton.addEventListener('click', () => onRetry?.());
  side.append(rates, caption.element, retryButton, aucOut);
  plots.append(histBox, thresholdRow.row, rocBox, side);

  const near = el('section', 'anom__near');
  near.setAttribute('aria-label', 'Inputs scored nearest the threshold');
  near.append(el('h3', 'anom__title', 'Nearest the threshold'));
  const nearFig = (cls: string, title: string, label: string) => {
    const f = el('figure', `anom__fig anom__fig--${cls}`);
    const c = createDigitCanvas(label, `anom__img anom__img--${cls}`);
    const cap = el('figcaption');
    const scores = el('output', 'anom__scores');
    cap.append(el('span', 'anom__name', title), scores);
    f.append(c, cap);
    return { f, c, scores };
  };
  const nn = nearFig('normal', 'Held-out digits', 'The four held-out digits whose −ELBO is nearest the threshold');
  const na = nearFig('anomalous', 'Anomalies', 'The four anomalies whose −ELBO is nearest the threshold');
  near.append(nn.f, na.f);
  const key = el(
    'p',
    'anom__note widget__explain',
    '−ELBO under vae-16d, as the book measures it: the KL of q(z|x) from the prior plus −log p(x|z) averaged over 8 codes drawn from q(z|x). ' +
      'Above the threshold an input is called an anomaly. AUC: the chance that a random anomaly scores higher than a random digit.',
  );
  near.append(key);

  grid.append(controls, plots, near);
  root.append(wrap);

  return {
    caption,
    setRetry(retry) {
      onRetry = retry;
      retryButton.hidden = !retry;
    },
    setControls(k, strength, threshold) {
      if (k !== kind || !strengthRow) {
        kind = k;
        radios.set(k);
        buildStrength(k, strength);
      } else strengthRow.set(strength);
      describe.textContent = `The anomalies: ${KINDS[k].describe(strength)}.`;
      thresholdRow.set(Math.round(threshold));
    },
    show(f) {
      hist.draw(f.hist);
      roc.draw(f.curve, [f.fpr, f.tpr], f.auc);
      setOut(tprOut, f.tpr, pct(f.tpr));
      setOut(fprOut, f.fpr, pct(f.fpr));
      setOut(
        aucOut,
        f.auc,
        f.manifestAuc === null ? `AUC ${fmt(f.auc, 3)}` : `AUC ${fmt(f.auc, 3)} (the book’s script: ${fmt(f.manifestAuc, 3)} at this strength)`,
      );
      drawDigitGrid(nn.c, f.nearNormal.pixels, 4, 4);
      drawDigitGrid(na.c, f.nearAnomalous.pixels, 4, 4);
      nn.scores.textContent = f.nearNormal.scores.map((s) => fmt(s, 0)).join(' · ');
      na.scores.textContent = f.nearAnomalous.scores.map((s) => fmt(s, 0)).join(' · ');
    },
    destroy() {
      hist.destroy();
      roc.destroy();
      caption.dispose();
      wrap.remove();
    },
  };
}
