// kl-vs-recon: reconstruction only, KL only, and both, side by side, with a β slider over the trained sweep and the
// rate–distortion plot. Only decoders are downloaded: the maps and reconstructions use the manifest's precomputed μ.
// In the default state the first frame comes shipped (frame-codes.ts, shared/decoded-frames.ts: each panel's prior samples and
// reconstructions, decoded ahead of time by its model and checked by a unit test), so it needs neither TensorFlow.js nor a
// decoder: both download after it (registry: needsTf 'later'). Any other state, and everything the reader changes, is decoded live.
import type { TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import type { Manifest, ShippedModel } from '../runtime/shipped-model.ts';
import { loadShippedModelLazily as loadShippedModel } from '../runtime/lazy-shipped-model.ts';
import { loadHeldoutDigits, type Heldout } from '../shared/heldout.ts';
import { domainFor, encodeAll, heldoutMuAsset } from '../shared/codes.ts';
import { drawDigitGrid } from '../shared/digit-image.ts';
import { loadShippedImages, shippedFramesRecord, type ShippedImages } from '../shared/shipped-frames.ts';
import { retryableOnce, type RetryableOnce } from '../shared/retryable-once.ts';
import { createDecoderNote, type DecoderNote } from '../shared/decoder-note.ts';
import { meanPairwiseDistance, nats, pickDigits, priorCodes, rdPoints } from './logic.ts';
import { betaModel, INPUTS, KL_ONLY, klrSchema, RECON_ONLY, SAMPLES, type Beta } from './state.ts';
import { inputCodes, priorKey, reconKey } from './frame-codes.ts';
import { buildKlrView, type Panel, type PanelKey } from './view.ts';
import { emitQuantity, markQuantity } from '../shared/quantities.ts';

interface Loaded {
  name: string;
  /** Held-out μ, 2000 × 2. */
  mu: Float32Array;
  half: number;
  /** The decoder, downloaded on the first get() (at once when the first frame needs it); a failed download is retried. */
  decoder: RetryableOnce<ShippedModel>;
  /** The shipped first-frame images (opening state only), shown until the decoder has come. */
  frames: ShippedImages | null;
}

/** A panel that could not decode: its decoder did not download (the note over its strips says so, with a Retry). */
class NoDecoder extends Error {}

const PANELS: readonly PanelKey[] = ['recon', 'kl', 'both'];
const HINT = 'Move the β slider, or draw new prior samples: each panel decodes them in your browser.';

/** "distortion 156.1 nats + rate 19.1 nats = −ELBO 175.2 nats; 2 active units", from the manifest's held-out metrics. */
function numbersText(manifest: Manifest, model: string): string {
  const m = manifest.models[model]?.metrics;
  if (!m) return `No held-out numbers for ${model} in the manifest.`;
  const au = m.activeUnits === undefined ? '' : `; ${m.activeUnits} of 2 latent units active`;
  return `Held out: distortion ${nats(m.recon ?? NaN)} + rate ${nats(m.kl ?? NaN)} = −ELBO ${nats(m.negElbo ?? NaN)}${au}.`;
}

export async function setup(_rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(klrSchema, host.urlParams(), 'kl-vs-recon');
  const sync = () => syncStateToUrl(klrSchema, state, 'kl-vs-recon');
  const disposers: (() => void)[] = [];
  const models = new Map<string, Promise<Loaded>>();
  const manifest = await fetchManifest<Manifest>();
  const labels = (manifest.data as { heldoutLabels?: string } | undefined)?.heldoutLabels;
  const count = typeof labels === 'string' ? labels.length : 2000;
  const labelArr = Uint8Array.from(typeof labels === 'string' ? [...labels].map(Number) : []);
  let heldout: Heldout | null = null;
  // The opening input digits start downloading now, beside the models' codes and frames, not after them.
  const heldoutP = loadHeldoutDigits(state.digits);
  heldoutP.catch(() => undefined);
  /** TensorFlow.js, asked for only when something must be decoded live (at once when the first frame does not ship). */
  const runtime = (): Promise<TfRuntime> => host.tfRuntime();
  let dead = false;
  disposers.push(() => (dead = true));
  /** The groups the opening state shows in every panel: shipped frames are used only when they hold both. */
  const openingKeys = [priorKey(state.seed), reconKey(state.digits)];

  /** Loads a model's held-out μ and, lazily, its decoder; without a shipped μ it encodes the held-out digits itself. */
  const loadModel = (name: string, opening = false): Promise<Loaded> => {
    let p = models.get(name);
    if (!p) {
      p = (async () => {
        // The shipped first frame downloads beside the codes (it is used only with them).
        const framesP = opening
          ? shippedFramesRecord(name, 'kl-vs-recon').then((rec) =>
              rec && openingKeys.every((k) => k in rec.groups) ? loadShippedImages(rec, 'kl-vs-recon') : null,
            )
          : Promise.resolve(null);
        framesP.catch(() => undefined);
        const asset = await heldoutMuAsset(name);
        const decoder = retryableOnce(async () => {
          const shipped = await loadShippedModel(await runtime(), name, {
            parts: asset ? ['decoder'] : undefined,
            onProgress: opening ? undefined : (f) => ui.progress(`Downloading ${name}…`, f),
          });
          if (dead) {
            shipped.dispose();
            throw new Error('The widget was closed.');
          }
          disposers.push(() => shipped.dispose());
          return shipped;
        });
        const mu = asset ?? (await encodeAll(await runtime(), await decoder.get(), await heldoutP)).mu;
        const frames = asset ? await framesP : null;
        // Without a shipped first frame, the decoder is part of it.
        if (!frames && opening) await decoder.get();
        return { name, mu, half: domainFor(mu), decoder, frames };
      })();
      models.set(name, p);
      p.catch(() => models.delete(name));
    }
    return p;
  };

  // The first frame needs three models (shipped images, else three small decoders); a failure frees whatever did load.
  const settled = await Promise.allSettled([RECON_ONLY, KL_ONLY, betaModel(state.beta)].map((name) => loadModel(name, true)));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    disposers.forEach((d) => d());
    throw failed.reason;
  }
  const [recon, kl, opening] = settled.map((r) => (r as PromiseFulfilledResult<Loaded>).value) as [Loaded, Loaded, Loaded];
  const drawn: Record<PanelKey, string> = { recon: '', kl: '', both: '' };
  let frames = 0;
  let plotted: Beta | null = null;

  /** Each panel's decoder note: "Downloading the decoder…" while a change waits for it, or a failure with Retry (made with the view). */
  const notes = {} as Record<PanelKey, DecoderNote>;
  /** Models whose download failed, with what the note says; a panel showing one says so until Retry or a later success. */
  const failedModels = new Map<string, string | undefined>();
  const noteFailed = (key: PanelKey, model: string, text?: string) => {
    failedModels.set(model, text);
    notes[key].failed(text);
  };
  /** The panel now shows `model` without needing a download: its note says whether that model's download failed. */
  const shownWithout = (key: PanelKey, model: string) => {
    if (failedModels.has(model)) notes[key].failed(failedModels.get(model));
    else if (notes[key].hasFailed) notes[key].hide();
  };
  /** m's decoder for a panel; `waiting`: a change waits for it (the note says so). NoDecoder, with the note, when it fails. */
  const decoderFor = async (panel: Panel, m: Loaded, waiting: boolean): Promise<ShippedModel> => {
    const done = m.decoder.value;
    if (done) return done;
    const note = notes[panel.key];
    if (waiting) note.loading(true);
    try {
      const d = await m.decoder.get();
      // A download in the background speaks for the panel only while the panel shows its model.
      failedModels.delete(m.name);
      if (waiting || panel.element.dataset.model === m.name) note.ready();
      return d;
    } catch (err) {
      if (dead) throw err;
      console.warn('[kl-vs-recon] decoder', err);
      if (waiting || panel.element.dataset.model === m.name) noteFailed(panel.key, m.name);
      ui.status(`No live decoding: ${err instanceof Error ? err.message : String(err)}`);
      throw new NoDecoder();
    }
  };

  /** Decodes the prior samples and the inputs' μ with a panel's model (shipped while its decoder has not come) and draws both strips. */
  const renderPanel = async (panel: Panel, m: Loaded, seed: number, digits: number[]) => {
    const prior = priorCodes(seed, SAMPLES);
    const inputs = inputCodes(m.mu, digits);
    const key = `${m.name}|${seed}|${digits.join(',')}`;
    if (drawn[panel.key] === key) return shownWithout(panel.key, m.name);
    const shippedPrior = m.decoder.value ? null : m.frames?.images(priorKey(seed));
    const shippedRecon = m.decoder.value ? null : m.frames?.images(reconKey(digits));
    let px: Float32Array;
    if (shippedPrior && shippedRecon) {
      px = new Float32Array((SAMPLES + INPUTS) * 784);
      px.set(shippedPrior);
      px.set(shippedRecon, SAMPLES * 784);
      shownWithout(panel.key, m.name);
    } else {
      const d = await decoderFor(panel, m, true);
      px = await d.decode((await runtime()).tf, [...prior, ...inputs]);
    }
    if (dead) return;
    const { map, fresh } = panel.showMap(m.name);
    if (fresh) {
      map.setDomain(m.half);
      map.setPoints(m.mu, labelArr);
    }
    panel.element.dataset.model = m.name;
    panel.setOverlay(prior, inputs);
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

  /** A Retry was pressed: the hint returns to the status line once everything is drawn again. */
  let recovering = false;
  const renderAll = latestWins(async ({ beta }: { beta: Beta }) => {
    let m: Loaded;
    try {
      m = await loadModel(betaModel(beta));
    } catch (err) {
      if (dead) return;
      console.warn('[kl-vs-recon] model', err);
      noteFailed('both', betaModel(beta), `β = ${beta} did not download.`);
      ui.status(`No live decoding: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (dead || beta !== state.beta) return;
    const { seed, digits } = state;
    const title = `Both, β = ${beta}`;
    view.panels.both.title.textContent = title;
    view.panels.both.subtitle.textContent = beta === '1' ? 'the ELBO: reconstruction + KL' : `reconstruction + ${beta} × KL`;
    view.panels.both.caption.set(numbersText(manifest, m.name));
    // The plot and the quoted numbers come from the manifest: they follow the slider even while a decoder downloads.
    if (plotted !== beta) view.plot.draw(points(), beta);
    plotted = beta;
    announceNumbers(m.name, beta);
    const results = await Promise.allSettled([
      renderPanel(view.panels.recon, recon, seed, digits),
      renderPanel(view.panels.kl, kl, seed, digits),
      renderPanel(view.panels.both, m, seed, digits),
    ]);
    // A panel whose decoder did not download keeps its last picture under the note; the state is then not all shown.
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const other = failures.find((r) => !(r.reason instanceof NoDecoder));
    if (other) throw other.reason;
    if (failures.length || dead) return;
    if (recovering) ui.status(HINT);
    recovering = false;
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
          if (!dead && state.beta === beta && host.dataset.rendered?.startsWith(`${beta}|`))
            ui.progress(`β = ${beta}. ${numbersText(manifest, betaModel(beta))}`);
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
  /** The model a panel shows (or is to show): the "both" panel's follows the slider. */
  const modelOf = (key: PanelKey): Promise<Loaded> =>
    key === 'recon' ? Promise.resolve(recon) : key === 'kl' ? Promise.resolve(kl) : loadModel(betaModel(state.beta));
  /** Retry, from any panel's note: downloads again whatever failed, in every panel, then draws what is missing. */
  const retryFrom = (clicked: PanelKey) => {
    ui.status('Downloading again…');
    recovering = true;
    const again = PANELS.filter((k) => k === clicked || notes[k].hasFailed);
    const downloads = again.map(async (k) => {
      notes[k].loading(true);
      await decoderFor(view.panels[k], await modelOf(k), true);
    });
    host.trackBackground(Promise.allSettled(downloads).then(() => renderAll.request({ beta: state.beta })));
  };
  for (const key of PANELS) notes[key] = createDecoderNote(view.panels[key].decoderNote, view.panels[key].element, () => retryFrom(key));
  markQuantity(view.panels.both.caption.element, 'distortion rate');
  view.setDigits(state.digits);
  view.panels.recon.caption.set(numbersText(manifest, RECON_ONLY));
  view.panels.kl.caption.set(numbersText(manifest, KL_ONLY));
  try {
    update();
    await renderAll.idle();
    await drawInputs();
    ui.status(HINT);
    // After a shipped first frame the decoders follow, so that the reader's first change decodes at once.
    const opened = [recon, kl, opening] as const;
    if (opened.some((m) => !m.decoder.value)) {
      host.trackBackground(
        afterFirstFrame('kl-vs-recon').then(() =>
          Promise.all(PANELS.map((k, i) => decoderFor(view.panels[k], opened[i]!, false).catch(() => undefined))),
        ),
      );
    }
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
  return () => disposers.forEach((d) => d());
}
