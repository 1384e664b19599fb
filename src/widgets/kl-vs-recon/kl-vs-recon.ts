// kl-vs-recon: reconstruction only, KL only, and both, side by side, with a β slider over the trained sweep and the
// rate–distortion plot. Only decoders are downloaded: the maps and reconstructions use the manifest's precomputed μ.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { loadShippedModel, type Manifest, type ShippedModel } from '../runtime/shipped-model.ts';
import { loadHeldoutDigits, type Heldout } from '../shared/heldout.ts';
import { domainFor, encodeAll, heldoutMuAsset } from '../shared/codes.ts';
import { drawDigitGrid } from '../shared/digit-image.ts';
import { meanPairwiseDistance, nats, pickDigits, priorCodes, rdPoints } from './logic.ts';
import { betaModel, INPUTS, KL_ONLY, klrSchema, RECON_ONLY, SAMPLES, type Beta } from './state.ts';
import { buildKlrView, type Panel, type PanelKey } from './view.ts';
import { emitQuantity, markQuantity } from '../shared/quantities.ts';

interface Loaded {
  name: string;
  shipped: ShippedModel;
  /** Held-out μ, 2000 × 2. */
  mu: Float32Array;
  half: number;
}

/** "distortion 156.1 nats + rate 19.1 nats = −ELBO 175.2 nats; 2 active units", from the manifest's held-out metrics. */
function numbersText(manifest: Manifest, model: string): string {
  const m = manifest.models[model]?.metrics;
  if (!m) return `No held-out numbers for ${model} in the manifest.`;
  const au = m.activeUnits === undefined ? '' : `; ${m.activeUnits} of 2 latent units active`;
  return `Held out: distortion ${nats(m.recon ?? NaN)} + rate ${nats(m.kl ?? NaN)} = −ELBO ${nats(m.negElbo ?? NaN)}${au}.`;
}

export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(klrSchema, host.urlParams(), 'kl-vs-recon');
  const sync = () => syncStateToUrl(klrSchema, state, 'kl-vs-recon');
  const disposers: (() => void)[] = [];
  const models = new Map<string, Promise<Loaded>>();
  const manifest = await fetchManifest<Manifest>();
  const labels = (manifest.data as { heldoutLabels?: string } | undefined)?.heldoutLabels;
  const count = typeof labels === 'string' ? labels.length : 2000;
  const labelArr = Uint8Array.from(typeof labels === 'string' ? [...labels].map(Number) : []);
  let heldout: Heldout | null = null;
  const heldoutP = loadHeldoutDigits([]);
  heldoutP.catch(() => undefined);

  /** Loads a model's decoder and its held-out μ once; without a shipped μ it encodes the held-out digits itself. */
  const loadModel = (name: string): Promise<Loaded> => {
    let p = models.get(name);
    if (!p) {
      p = (async () => {
        const asset = await heldoutMuAsset(name);
        const shipped = await loadShippedModel(rt, name, {
          parts: asset ? ['decoder'] : undefined,
          onProgress: (f) => ui.progress(`Downloading ${name}…`, f),
        });
        disposers.push(() => shipped.dispose());
        const mu = asset ?? (await encodeAll(rt, shipped, await heldoutP)).mu;
        return { name, shipped, mu, half: domainFor(mu) };
      })();
      models.set(name, p);
      p.catch(() => models.delete(name));
    }
    return p;
  };

  // The first frame needs three small decoders; a failure frees whatever did load before it is reported.
  const settled = await Promise.allSettled([RECON_ONLY, KL_ONLY, betaModel(state.beta)].map(loadModel));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    disposers.forEach((d) => d());
    throw failed.reason;
  }
  const [recon, kl] = settled.map((r) => (r as PromiseFulfilledResult<Loaded>).value) as [Loaded, Loaded];
  const drawn: Record<PanelKey, string> = { recon: '', kl: '', both: '' };
  let frames = 0;
  let plotted: Beta | null = null;

  /** Decodes the prior samples and the inputs' μ with a panel's model and draws both strips. */
  const renderPanel = async (panel: Panel, m: Loaded, seed: number, digits: number[]) => {
    const prior = priorCodes(seed, SAMPLES);
    const inputs = digits.map((i) => [m.mu[2 * i]!, m.mu[2 * i + 1]!]);
    const key = `${m.name}|${seed}|${digits.join(',')}`;
    if (drawn[panel.key] === key) return;
    const { map, fresh } = panel.showMap(m.name);
    if (fresh) {
      map.setDomain(m.half);
      map.setPoints(m.mu, labelArr);
    }
    panel.element.dataset.model = m.name;
    panel.setOverlay(prior, inputs);
    const px = await m.shipped.decode(rt.tf, [...prior, ...inputs]);
    drawDigitGrid(panel.prior, px.subarray(0, SAMPLES * 784), SAMPLES, SAMPLES);
    drawDigitGrid(panel.recon, px.subarray(SAMPLES * 784), INPUTS, INPUTS);
    drawn[panel.key] = key;
    panel.element.dataset.priorSpread = meanPairwiseDistance(px, SAMPLES).toFixed(4);
    panel.element.dataset.reconSpread = meanPairwiseDistance(px.subarray(SAMPLES * 784), INPUTS).toFixed(4);
  };

  const drawInputs = async () => {
    try {
      heldout ??= await heldoutP;
      await heldout.load(state.digits);
    } catch (err) {
      view.inputsNote.textContent = `The input digits could not be shown: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
    const px = new Float32Array(INPUTS * 784);
    state.digits.forEach((i, k) => px.set(heldout!.image(i), k * 784));
    drawDigitGrid(view.inputs, px, INPUTS, INPUTS);
  };
  const describeInputs = () => {
    view.inputsNote.textContent = `Held-out digits ${state.digits.map((i) => `#${i} (${labelArr[i] === 8 ? 'an' : 'a'} ${labelArr[i] ?? '?'})`).join(', ')}.`;
    host.dataset.digits = state.digits.join(',');
  };

  let dead = false;
  disposers.unshift(() => (dead = true));
  const renderAll = latestWins(async ({ beta }: { beta: Beta }) => {
    const m = await loadModel(betaModel(beta));
    if (dead || beta !== state.beta) return;
    const { seed, digits } = state;
    const title = `Both, β = ${beta}`;
    view.panels.both.title.textContent = title;
    view.panels.both.subtitle.textContent = beta === '1' ? 'the ELBO: reconstruction + KL' : `reconstruction + ${beta} × KL`;
    view.panels.both.caption.set(numbersText(manifest, m.name));
    await Promise.all([
      renderPanel(view.panels.recon, recon, seed, digits),
      renderPanel(view.panels.kl, kl, seed, digits),
      renderPanel(view.panels.both, m, seed, digits),
    ]);
    if (plotted !== beta) view.plot.draw(points(), beta);
    plotted = beta;
    announceNumbers(m.name, beta);
    host.dataset.beta = beta;
    host.dataset.seed = String(seed);
    host.dataset.frames = String(++frames);
    // What the panels now show, so that tests can wait for a given state without timing.
    host.dataset.rendered = `${beta}|${seed}|${digits.join(',')}`;
  });
  const points = () => rdPoints(manifest.models).filter((p) => state.ends || p.kind === 'sweep');
  /** The third panel's β, rate and distortion, for the prose that quotes them (numbers as the panel's caption prints them). */
  const announceNumbers = (model: string, beta: Beta) => {
    const m = manifest.models[model]?.metrics;
    emitQuantity(host, { widget: 'kl-vs-recon', name: 'beta', value: Number(beta), text: beta });
    if (m?.kl !== undefined) emitQuantity(host, { widget: 'kl-vs-recon', name: 'rate', value: m.kl, text: nats(m.kl).replace(/ nats?$/, '') });
    if (m?.recon !== undefined)
      emitQuantity(host, { widget: 'kl-vs-recon', name: 'distortion', value: m.recon, text: nats(m.recon).replace(/ nats?$/, '') });
  };

  const update = () => {
    sync();
    view.seedOut.textContent = `seed ${state.seed}`;
    describeInputs();
    renderAll.request({ beta: state.beta });
  };

  const view = buildKlrView(
    ui.root,
    { beta: state.beta, seed: state.seed, digits: state.digits, ends: state.ends, count },
    {
      onBeta(beta) {
        state.beta = beta;
        ui.status(`Loading β = ${beta}…`);
        update();
        void renderAll.idle().then(() => {
          if (!dead && state.beta === beta) ui.progress(`β = ${beta}. ${numbersText(manifest, betaModel(beta))}`);
        });
      },
      onReroll() {
        state.seed = (state.seed + 1) % 1000000;
        update();
      },
      onOtherDigits() {
        state.digits = pickDigits(labelArr, (state.digits[INPUTS - 1]! + 1) % count, INPUTS);
        view.setDigits(state.digits);
        update();
        void drawInputs();
      },
      onDigits(indices) {
        state.digits = indices;
        update();
        void drawInputs();
      },
      onEnds(on) {
        state.ends = on;
        sync();
        view.plot.draw(points(), state.beta);
      },
    },
  );
  disposers.push(() => view.destroy());
  markQuantity(view.panels.both.caption.element, 'distortion rate');
  view.setDigits(state.digits);
  view.panels.recon.caption.set(numbersText(manifest, RECON_ONLY));
  view.panels.kl.caption.set(numbersText(manifest, KL_ONLY));
  try {
    update();
    await renderAll.idle();
    await drawInputs();
    ui.status('Move the β slider, or draw new prior samples: each panel decodes them in your browser.');
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
  return () => disposers.forEach((d) => d());
}
