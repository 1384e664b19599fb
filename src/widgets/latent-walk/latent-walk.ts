// The latent walk: held-out codes on a map, a cursor decoded live, the manifold grid, and interpolation between two digits.
import { fastBackend, type TfRuntime } from '../runtime/backend.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { timeSlicer, yieldToMain } from '../runtime/yield.ts';
import { loadShippedModel, type ShippedModel } from '../runtime/shipped-model.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { domainFor, encodeAll, hasHeldoutMuAsset, heldoutMuAsset, type Codes } from '../shared/codes.ts';
import { CAPTION_LOADING, NO_CLASSIFIER, captionText, classifierAfterFirstFrame, type Classifier } from '../shared/classifier.ts';
import { drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { describePoint, type Point } from '../shared/map-cursor.ts';
import { gridCell, gridCoords } from '../shared/normal.ts';
import { interpolate, lerp, slerp } from '../shared/interp.ts';
import { STRIP, walkSchema, type WalkModel } from './state.ts';
import { buildWalkView } from './view.ts';

interface Loaded {
  name: WalkModel;
  shipped: ShippedModel;
  codes: Codes;
  half: number;
  /** Only the decoder was fetched (the map's codes are shipped); the encoder comes when σ ellipses need it. */
  decoderOnly: boolean;
}

/**
 * Codes decoded per batch on the CPU backend (where a page starts, see runtime/backend.ts): the 15 × 15 grid in one batch
 * would hold a phone's main thread for most of a second, so it is decoded in slices with yields between them.
 */
const CPU_SLICE = 4;

export async function setup(rt: TfRuntime, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(walkSchema, host.urlParams(), 'latent-walk');
  const sync = () => syncStateToUrl(walkSchema, state, 'latent-walk');
  const models = new Map<WalkModel, Promise<Loaded>>();
  const disposers: (() => void)[] = [];
  const heldout = await loadHeldoutDigits([], (f) => ui.progress('Downloading the held-out digits…', f));
  // The caption's classifier comes after the first frame (the cursor's caption says so meanwhile).
  let destroyed = false;
  let classifier: Classifier | null = null;
  let classifierPending = true;
  const classifierLater = classifierAfterFirstFrame(rt, 'latent-walk');
  disposers.push(() => {
    destroyed = true;
    void classifierLater.then((c) => c?.dispose());
  });

  /** Loads a model and its held-out codes once; a failure is not cached, so switching back retries. */
  const loadModel = (name: WalkModel): Promise<Loaded> => {
    let p = models.get(name);
    if (!p) {
      p = (async () => {
        const parts = (await hasHeldoutMuAsset(name)) ? ['decoder'] : undefined;
        const [asset, shipped] = await Promise.all([
          heldoutMuAsset(name),
          loadShippedModel(rt, name, { parts, onProgress: (f) => ui.progress(`Downloading ${name}…`, f) }),
        ]);
        disposers.push(() => shipped.dispose());
        const codes = asset ? { mu: asset, logvar: null } : await encodeAll(rt, shipped, heldout);
        return { name, shipped, codes, half: domainFor(codes.mu), decoderOnly: !!parts };
      })();
      models.set(name, p);
      p.catch(() => models.delete(name));
    }
    return p;
  };

  let cur = await loadModel(state.model);
  // Parsing the weights and building the view are two tasks, not one.
  await yieldToMain();
  let frames = 0;
  let gridFrames = 0;

  /** The cursor's caption for its decoded pixels. */
  const captionFor = async (px: Float32Array): Promise<string> => {
    const probs = classifier ? await classifier.probs(px, 1) : null;
    return probs ? `The decoded digit ${captionText(probs)}.` : classifierPending ? CAPTION_LOADING : NO_CLASSIFIER;
  };
  /** The pixels of the digit under the cursor as last drawn. */
  let shownPx: Float32Array | null = null;
  const decodeCursor = latestWins(async ({ m, z }: { m: Loaded; z: Point }) => {
    const px = await m.shipped.decode(rt.tf, [z]);
    const caption = await captionFor(px);
    drawDigit(view.digit, px);
    shownPx = px;
    view.caption.set(caption);
    host.dataset.z = z.map((v) => v.toFixed(2)).join(',');
    host.dataset.frames = String(++frames);
  });
  // One time budget for the grid and the strip, which decode side by side: together they yield every few milliseconds.
  const slice = timeSlicer();
  /** Decodes many codes: in one batch on a fast backend, in slices that yield to the main thread on CPU. */
  const decodeMany = async (m: Loaded, zs: number[][]): Promise<Float32Array> => {
    if (rt.backend !== 'cpu') return m.shipped.decode(rt.tf, zs);
    const parts: Float32Array[] = [];
    for (let i = 0; i < zs.length; i += CPU_SLICE) {
      await slice();
      parts.push(await m.shipped.decode(rt.tf, zs.slice(i, i + CPU_SLICE)));
    }
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
  const decodeGrid = latestWins(async ({ m, n }: { m: Loaded; n: number }) => {
    const c = gridCoords(n);
    const zs: number[][] = [];
    for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) zs.push([c[col]!, c[n - 1 - row]!]);
    const px = await decodeMany(m, zs);
    drawDigitGrid(view.grid, px, n * n, n);
    host.dataset.gridFrames = String(++gridFrames);
  });
  const decodeStrip = latestWins(async ({ m, path }: { m: Loaded; path: number[][] }) => {
    const px = await decodeMany(m, path);
    drawDigitGrid(view.strip, px, STRIP, STRIP);
    host.dataset.strip = `${state.a},${state.b},${state.mode}`;
  });

  const endpoints = (): [Point, Point] => {
    const mu = cur.codes.mu;
    return [
      [mu[2 * state.a]!, mu[2 * state.a + 1]!],
      [mu[2 * state.b]!, mu[2 * state.b + 1]!],
    ];
  };
  const clampZ = (z: Point): Point => [Math.max(-cur.half, Math.min(cur.half, z[0])), Math.max(-cur.half, Math.min(cur.half, z[1]))];

  /** Moves the cursor (from any source) and updates everything that shows it. */
  const moveCursor = (z: Point, fromMap = false) => {
    z = clampZ(z);
    state.x = Number(z[0].toFixed(2));
    state.y = Number(z[1].toFixed(2));
    if (!fromMap) view.map.setCursor(z);
    view.coords.textContent = describePoint(z);
    view.setGridCell(state.n - 1 - gridCell(z[1], state.n), gridCell(z[0], state.n), state.n, z);
    decodeCursor.request({ m: cur, z });
    sync();
  };
  const updatePath = () => {
    const [a, b] = endpoints();
    const fine = interpolate(a, b, 60, state.mode) as Point[];
    view.map.setPath(fine);
    decodeStrip.request({ m: cur, path: interpolate(a, b, STRIP - 1, state.mode) });
    view.endpointsNote.textContent = `A is held-out digit #${state.a} (a ${heldout.labels[state.a]}), B is #${state.b} (a ${heldout.labels[state.b]}).`;
  };
  const pointAt = (t: number): Point => {
    const [a, b] = endpoints();
    return (state.mode === 'spherical' ? slerp(a, b, t) : lerp(a, b, t)) as Point;
  };
  const setSigmaUi = () => {
    const vae = cur.shipped.model.spec.kind === 'vae';
    view.sigma.disabled = !vae;
    view.sigmaNote.textContent = vae ? '' : 'A plain autoencoder has no σ: each digit gets a single point.';
  };
  const applyEllipses = async () => {
    const m = cur;
    if (state.sigma && m.shipped.model.spec.kind === 'vae' && !m.codes.logvar) {
      ui.status('Encoding the held-out digits for their σ…');
      const encoder = m.decoderOnly ? await loadShippedModel(rt, m.name, { parts: ['encoder'] }) : m.shipped;
      try {
        m.codes = await encodeAll(rt, encoder, heldout);
      } finally {
        if (encoder !== m.shipped) encoder.dispose();
      }
      ui.status('');
    }
    if (m !== cur) return;
    view.map.setPoints(m.codes.mu, heldout.labels, m.codes.logvar);
    view.map.showEllipses(state.sigma && !!m.codes.logvar);
  };
  const showModel = async () => {
    view.map.setDomain(cur.half);
    view.map.setPoints(cur.codes.mu, heldout.labels, cur.codes.logvar);
    setSigmaUi();
    await applyEllipses();
    // Drawing the map's 2,000 dots and decoding are separate tasks.
    await yieldToMain();
    host.dataset.model = cur.name;
    moveCursor([state.x, state.y]);
    decodeGrid.request({ m: cur, n: state.n });
    updatePath();
  };

  let anim = 0;
  const stopAnim = () => {
    cancelAnimationFrame(anim);
    anim = 0;
    if (view.play) view.play.textContent = 'Play';
  };
  const scrubTo = (t: number) => {
    state.t = t;
    view.scrub.value = String(t);
    view.setStripFrame(t);
    moveCursor(pointAt(t));
  };

  const view = buildWalkView(
    ui.root,
    { model: state.model, sigma: state.sigma, n: state.n, a: state.a, b: state.b, mode: state.mode, t: state.t, count: heldout.count },
    {
      async onModel(name) {
        stopAnim();
        state.model = name;
        sync();
        try {
          const m = await loadModel(name);
          if (state.model !== name) return;
          cur = m;
          await showModel();
          ui.status(name === 'ae-2d' ? 'The plain autoencoder: look for the gaps between its clusters.' : 'The VAE: codes fill the prior’s disc.');
        } catch (err) {
          ui.status(`Could not load ${name}: ${err instanceof Error ? err.message : String(err)}`);
          const prev = view.models.find((r) => r.value === cur.name);
          if (prev) prev.checked = true;
          state.model = cur.name;
          sync();
        }
      },
      onSigma(on) {
        state.sigma = on;
        sync();
        void applyEllipses();
      },
      onCursor(z) {
        stopAnim();
        moveCursor(z, true);
      },
      onGridN(n) {
        state.n = n;
        decodeGrid.request({ m: cur, n });
        moveCursor([state.x, state.y]);
      },
      onGridCell(row, col) {
        const c = gridCoords(state.n);
        moveCursor([c[col]!, c[state.n - 1 - row]!]);
      },
      onEndpoints(a, b) {
        state.a = a;
        state.b = b;
        updatePath();
        scrubTo(state.t);
      },
      onMode(mode) {
        state.mode = mode;
        updatePath();
        scrubTo(state.t);
      },
      onScrub(t) {
        stopAnim();
        scrubTo(t);
      },
      onPlay() {
        if (anim) return stopAnim();
        if (view.play) view.play.textContent = 'Pause';
        let t0: number | null = null;
        const start = state.t >= 1 ? 0 : state.t;
        const step = (now: number) => {
          t0 ??= now;
          const t = Math.min(1, start + (now - t0) / 3000);
          scrubTo(Number(t.toFixed(3)));
          if (t < 1) anim = requestAnimationFrame(step);
          else stopAnim();
        };
        anim = requestAnimationFrame(step);
      },
    },
  );
  disposers.push(stopAnim, () => view.destroy());
  try {
    view.setStripFrame(state.t);
    // Building the view and drawing the model into it are separate tasks too.
    await yieldToMain();
    await showModel();
    await Promise.all([decodeCursor.idle(), decodeGrid.idle(), decodeStrip.idle()]);
    ui.status('Move the cursor: each code is decoded in your browser.');
    // Until the caption's classifier has come and the caption is redone, the host says it is still loading (runtime signals).
    host.dataset.loading = 'true';
    void classifierLater
      .then(async (c) => {
        // Captions wait for the fast backend (WASM or WebGL, which comes after the first frame; at once when none is to come):
        // the classifier's convolutions on the CPU backend would hold a phone's main thread for a long moment.
        await fastBackend();
        if (destroyed) return;
        classifier = c;
        classifierPending = false;
        const px = shownPx;
        if (!px) return;
        const caption = await captionFor(px);
        if (!destroyed && px === shownPx) view.caption.set(caption);
      })
      .catch((err: unknown) => console.warn('[latent-walk] caption', err))
      .finally(() => {
        if (!destroyed) delete host.dataset.loading;
      });
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
  return () => disposers.forEach((d) => d());
}
