// DOM for the blur widget's τ ↔ β panel: a disclosure that, once opened, offers the trained β sweep and shows, for the
// widget's digit, the chosen model's mean at μ(x), its decoder means at three codes drawn from the prior, the pixel
// noise that β stands for, and the model's held-out numbers from the manifest.
import { createDigitCanvas, drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { el, fmt, radioGroup, setOut } from '../shared/controls.ts';
import { button } from '../shared/digit-source.ts';
import { SWEEP_BETAS, type SweepBeta } from './state.ts';
import { PRIOR_DRAWS, tauFactorText, type HeldoutNumbers } from './sweep-math.ts';

export interface SweepHandlers {
  /** The reader opened (true) or closed (false) the panel. */
  onToggle(open: boolean): void;
  onBeta(beta: SweepBeta): void;
  onRetry(): void;
}

/** What one frame of the panel shows for the widget's digit (null: no digit). */
export interface SweepFrame {
  beta: SweepBeta;
  mean: Float32Array;
  prior: Float32Array;
  llMean: number;
  kl: number;
  greyMean: number;
  heldout: HeldoutNumbers | null;
}

export interface SweepView {
  element: HTMLDetailsElement;
  /** Shows the panel open on `beta`, or closed ('off'), without firing handlers. */
  setControls(beta: SweepBeta | 'off'): void;
  show(frame: SweepFrame | null): void;
  /** Shows a load failure with a Retry button; null hides it. */
  error(message: string | null): void;
  destroy(): void;
}

const nats = (v: number) => `${fmt(v, 1)} nats`;
/** A share as a percentage: whole numbers, one decimal below 1% (so 0.34% does not print as 0%). */
const holePercent = (f: number) => fmt(100 * f, f < 0.01 ? 1 : 0);

/** Builds the closed panel; nothing is downloaded until the reader opens it. */
export function buildSweepView(h: SweepHandlers): SweepView {
  const details = el('details', 'blur__sweep');
  const summary = el('summary', 'blur__sweep-summary', 'τ ↔ β: the same digit through the whole β sweep');
  details.append(summary);
  const body = el('div', 'blur__sweep-body');
  const intro = el(
    'p',
    'blur__note widget__explain',
    'Seven small 2-D VAEs, identical but for β. These models have Bernoulli pixels, which have no τ; dividing the loss by β ' +
      'leaves (1/β)·(−log p(x|z)) + KL: the likelihood term weighted by 1/β. For a Gaussian decoder that is exactly pixel noise τ² → βτ².',
  );
  const radios = radioGroup(
    'β (the KL weight)',
    'blur-beta',
    SWEEP_BETAS.map((b) => ({ value: b, label: b })),
    '1',
    (b) => h.onBeta(b),
  );
  radios.fieldset.classList.add('blur__betas');
  const tau = el('output', 'blur__tau');
  const figs = el('div', 'blur__sweep-figs');
  const meanFig = el('figure', 'blur__fig');
  const meanCanvas = createDigitCanvas('This model’s decoder mean at μ(x) for the widget’s digit', 'blur__img blur__img--sweep-mean');
  const meanCap = el('figcaption');
  const llOut = el('output', 'blur__num blur__num--sweep-ll', '–');
  const klOut = el('output', 'blur__num blur__num--sweep-kl', '–');
  const greyOut = el('output', 'blur__num blur__num--sweep-grey', '–');
  meanCap.append(el('span', 'blur__name', 'Mean at μ(x)'), llOut, klOut, greyOut);
  meanFig.append(meanCanvas, meanCap);
  const priorFig = el('figure', 'blur__fig');
  const priorCanvas = createDigitCanvas(
    `This model’s decoder means at ${PRIOR_DRAWS} codes drawn from the prior N(0, I), the same draws for every β`,
    'blur__img blur__img--sweep-prior',
  );
  priorCanvas.width = PRIOR_DRAWS * 28;
  const priorCap = el('figcaption');
  priorCap.append(el('span', 'blur__name', `Means at ${PRIOR_DRAWS} z ~ N(0, I)`), el('span', 'blur__num', 'same z for every β'));
  priorFig.append(priorCanvas, priorCap);
  figs.append(meanFig, priorFig);
  const heldout = el('output', 'blur__note blur__sweep-heldout');
  const errorBox = el('div', 'blur__sweep-error');
  errorBox.setAttribute('role', 'alert');
  errorBox.hidden = true;
  body.append(intro, radios.fieldset, tau, figs, heldout, errorBox);
  details.append(body);

  const onToggle = () => h.onToggle(details.open);
  details.addEventListener('toggle', onToggle);
  const blank = new Float32Array(784);
  return {
    element: details,
    setControls(beta) {
      if (beta === 'off') {
        if (details.open) details.open = false;
        return;
      }
      if (!details.open) details.open = true;
      radios.set(beta);
      tau.textContent = tauFactorText(beta);
    },
    show(f) {
      drawDigit(meanCanvas, f?.mean ?? blank);
      drawDigitGrid(priorCanvas, f?.prior ?? new Float32Array(PRIOR_DRAWS * 784), PRIOR_DRAWS, PRIOR_DRAWS);
      if (!f) {
        for (const o of [llOut, klOut, greyOut]) {
          o.textContent = '–';
          delete o.dataset.value;
        }
        heldout.textContent = '';
        return;
      }
      setOut(llOut, f.llMean, `log p(x|μ) ${nats(f.llMean)}`);
      setOut(klOut, f.kl, `KL(q‖p) ${nats(f.kl)}`);
      setOut(greyOut, f.greyMean, `grey ${f.greyMean} px`);
      const m = f.heldout;
      heldout.textContent = m
        ? `beta-${f.beta}, held out (${m.n.toLocaleString('en-US')} digits, from the manifest): −ELBO ${nats(m.negElbo)} = ` +
          `reconstruction ${nats(m.recon)} + KL ${nats(m.kl)}. ${holePercent(m.priorHoleFraction)}% of codes drawn from the prior ` +
          'land where held-out codes are at least ten times sparser than the prior (holes).'
        : `No held-out numbers for beta-${f.beta} in the manifest.`;
    },
    error(message) {
      if (message === null) {
        errorBox.hidden = true;
        errorBox.replaceChildren();
        return;
      }
      const retry = button('Retry', h.onRetry);
      retry.classList.add('blur__sweep-retry');
      errorBox.replaceChildren(el('p', '', message), retry);
      errorBox.hidden = false;
    },
    destroy() {
      details.removeEventListener('toggle', onToggle);
    },
  };
}
