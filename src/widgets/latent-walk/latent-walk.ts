// The latent walk: held-out codes on a map, a cursor decoded live, the manifold grid, and interpolation between two digits.
// In its default state the first frame comes shipped (frame-codes.ts, shared/decoded-frames.ts: the cursor, grid and strip
// decoded ahead of time by vae-2d, checked by a unit test), so it needs neither TensorFlow.js nor the decoder: both download
// after it (registry: needsTf 'later'). Any other state, and everything the reader changes, is decoded live.
import { fastBackend, type TfRuntime } from '../runtime/backend.ts';
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl } from '../runtime/url-state.ts';
import { latestWins } from '../runtime/scheduler.ts';
import { timeSlicer, yieldToMain } from '../runtime/yield.ts';
import type { Manifest, ShippedModel } from '../runtime/shipped-model.ts';
import { loadShippedModelLazily as loadShippedModel } from '../runtime/lazy-shipped-model.ts';
import { fetchManifest } from '../runtime/fetch-verified.ts';
import { loadHeldoutDigits } from '../shared/heldout.ts';
import { domainFor, encodeAll, hasHeldoutMuAsset, heldoutMuAsset, type Codes } from '../shared/codes.ts';
import { CAPTION_LOADING, NO_CLASSIFIER, captionText, classifierAfterFirstFrame, type Classifier } from '../shared/classifier.ts';
import { drawDigit, drawDigitGrid } from '../shared/digit-image.ts';
import { describePoint, type Point } from '../shared/map-cursor.ts';
import { gridCell, gridCoords } from '../shared/normal.ts';
import { interpolate, lerp, slerp } from '../shared/interp.ts';
import { loadShippedImages, shippedFramesRecord, type ShippedImages } from '../shared/shipped-frames.ts';
import { retryableOnce } from '../shared/retryable-once.ts';
import { createDecoderNote } from '../shared/decoder-note.ts';
import { STRIP, walkSchema, type WalkModel } from './state.ts';
import { cursorKey, gridCodes, gridKey, stripCodes, stripKey } from './frame-codes.ts';
import { buildWalkView } from './view.ts';

interface Loaded {
  name: WalkModel;
  codes: Codes;
  half: number;
  /** The decoder (the whole model when the codes were encoded here), downloaded on the first call; a failed download is retried. */
  decoder(): Promise<ShippedModel>;
  /** The decoder once it has come, else null. */
  ready: ShippedModel | null;
  /** Only the decoder is fetched (the map's codes are shipped); the encoder comes when σ ellipses need it. */
  decoderOnly: boolean;
  /** The shipped first-frame images (for the state the page opened in), shown until the decoder has come. */
  frames: ShippedImages | null;
  /** A VAE (with σ), not a plain autoencoder. */
  isVae: boolean;
}

/** The status line's hint once the widget is live. */
const HINT = 'Move the cursor: each code is decoded in your browser.';

/** A decode that could not run: the decoder did not download (the note over the digit says so, with a Retry). */
class NoDecoder extends Error {}
/** A decoding job that ends quietly when the decoder is unavailable (the note says so); other errors go on. */
const quietly =
  <T>(job: (input: T) => Promise<void>) =>
  async (input: T): Promise<void> => {
    try {
      await job(input);
    } catch (err) {
      if (!(err instanceof NoDecoder)) throw err;
    }
  };

/**
 * Codes decoded per batch on the CPU backend (where a page starts, see runtime/backend.ts): the 15 × 15 grid in one batch
 * would hold a phone's main thread for most of a second, so it is decoded in slices with yields between them.
 */
const CPU_SLICE = 4;

export async function setup(_rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const state = readState(walkSchema, host.urlParams(), 'latent-walk');
  const sync = () => syncStateToUrl(walkSchema, state, 'latent-walk');
  const models = new Map<WalkModel, Promise<Loaded>>();
  const disposers: (() => void)[] = [];
  const heldout = await loadHeldoutDigits([], (f) => ui.progress('Downloading the held-out digits…', f));
  /** TensorFlow.js, asked for only when something must be decoded live (at once when the first frame does not ship). */
  const runtime = (): Promise<TfRuntime> => host.tfRuntime();
  // The caption's classifier comes after the first frame (the cursor's caption says so meanwhile).
  let destroyed = false;
  let classifier: Classifier | null = null;
  let classifierPending = true;
  const classifierLater = classifierAfterFirstFrame(runtime, 'latent-walk');
  disposers.push(() => {
    destroyed = true;
    void classifierLater.then((c) => c?.dispose());
  });
  /** The shipped groups the opening state would show (the first model only; a model switched to later decodes live). */
  const openingKeys = [cursorKey([state.x, state.y]), gridKey(state.n), stripKey(state.a, state.b, state.mode)];

  /** Loads a model's codes once (shipped, else encoded here with the whole model); a failure is not cached, so switching back retries. */
  const loadModel = (name: WalkModel, opening = false): Promise<Loaded> => {
    let p = models.get(name);
    if (!p) {
      p = (async () => {
        const onProgress = (f: number) => ui.progress(`Downloading ${name}…`, f);
        if (!(await hasHeldoutMuAsset(name))) {
          const tfr = await runtime();
          const shipped = await loadShippedModel(tfr, name, { onProgress });
          disposers.push(() => shipped.dispose());
          const codes = await encodeAll(tfr, shipped, heldout);
          const isVae = shipped.model.spec.kind === 'vae';
          return {
            name,
            codes,
            half: domainFor(codes.mu),
            decoder: () => Promise.resolve(shipped),
            ready: shipped,
            decoderOnly: false,
            frames: null,
            isVae,
          };
        }
        const record = opening ? await shippedFramesRecord(name, 'latent-walk') : null;
        const shipsSome = !!record && openingKeys.some((k) => k in record.groups);
        const [mu, frames, manifest] = await Promise.all([
          heldoutMuAsset(name),
          record && shipsSome ? loadShippedImages(record, 'latent-walk') : null,
          fetchManifest<Manifest>(),
        ]);
        const codes = { mu: mu!, logvar: null };
        const isVae = (manifest.models[name]?.architecture as { kind?: string } | undefined)?.kind === 'vae';
        const decoder = retryableOnce(async () => {
          const shipped = await loadShippedModel(await runtime(), name, { parts: ['decoder'], onProgress });
          if (destroyed) {
            shipped.dispose();
            throw new Error('The widget was closed.');
          }
          disposers.push(() => shipped.dispose());
          m.ready = shipped;
          return shipped;
        });
        const m: Loaded = {
          name,
          codes,
          half: domainFor(codes.mu),
          ready: null,
          decoderOnly: true,
          frames,
          isVae,
          decoder: () => decoder.get(),
        };
        // Without a shipped first frame, the decoder is part of it.
        if (!frames) await m.decoder();
        return m;
      })();
      models.set(name, p);
      p.catch(() => models.delete(name));
    }
    return p;
  };

  let cur = await loadModel(state.model, true);
  // Parsing the weights and building the view are two tasks, not one.
  await yieldToMain();
  let frames = 0;
  let gridFrames = 0;

  // The decoder, when a decode needs it before it has come: a note over the digit says it is downloading, or that it failed
  // (made with the view; its Retry downloads again and redraws what is on show).
  const retryDecoder = () => {
    ui.status('Downloading the decoder again…');
    host.trackBackground(
      decoderOf(cur).then(() => {
        ui.status(HINT);
        redecode();
      }),
    );
  };
  const note = createDecoderNote(() => view.digitNote, host, retryDecoder);
  /** m's decoder, downloading it if need be (host data-decoder: loading, ready or error); NoDecoder when it fails. */
  const decoderOf = async (m: Loaded): Promise<ShippedModel> => {
    if (m.ready) return m.ready;
    host.dataset.decoder = 'loading';
    try {
      const d = await m.decoder();
      if (m === cur) {
        note.ready();
        // The download's progress wrote into the status line: put the hint back.
        ui.status(HINT);
      }
      return d;
    } catch (err) {
      if (destroyed) throw err;
      console.warn('[latent-walk] decoder', err);
      note.failed();
      ui.status(`No live decoding: ${err instanceof Error ? err.message : String(err)}`);
      throw new NoDecoder();
    }
  };
  /** The pixels for codes `zs` (the group `key`): shipped while the decoder has not come, else decoded. */
  const decodeFor = async (m: Loaded, key: string, zs: number[][], many: boolean): Promise<{ px: Float32Array; shipped: boolean }> => {
    const shippedPx = m.ready ? null : m.frames?.images(key);
    if (shippedPx) return { px: shippedPx, shipped: true };
    // After a failed download only the note's Retry tries again (a drag would otherwise send a request per move).
    if (!m.ready && note.hasFailed) throw new NoDecoder();
    if (!m.ready) note.loading();
    const d = await decoderOf(m);
    const tfr = await runtime();
    return { px: many ? await decodeMany(tfr, d, zs) : await d.decode(tfr.tf, zs), shipped: false };
  };

  /** The cursor's caption for its decoded pixels. */
  const captionFor = async (px: Float32Array): Promise<string> => {
    const probs = classifier ? await classifier.probs(px, 1) : null;
    return probs ? `The decoded digit ${captionText(probs)}.` : classifierPending ? CAPTION_LOADING : NO_CLASSIFIER;
  };
  /** The pixels of the digit under the cursor as last drawn. */
  let shownPx: Float32Array | null = null;
  const decodeCursor = latestWins(
    quietly(async ({ m, z }: { m: Loaded; z: Point }) => {
      const { px } = await decodeFor(m, cursorKey(z), [z], false);
      const caption = await captionFor(px);
      drawDigit(view.digit, px);
      shownPx = px;
      view.caption.set(caption);
      host.dataset.z = z.map((v) => v.toFixed(2)).join(',');
      host.dataset.frames = String(++frames);
    }),
  );
  // One time budget for the grid and the strip, which decode side by side: together they yield every few milliseconds.
  const slice = timeSlicer();
  /** Decodes many codes: in one batch on a fast backend, in slices that yield to the main thread on CPU. */
  const decodeMany = async (tfr: TfRuntime, d: ShippedModel, zs: number[][]): Promise<Float32Array> => {
    if (tfr.backend !== 'cpu') return d.decode(tfr.tf, zs);
    const parts: Float32Array[] = [];
    for (let i = 0; i < zs.length; i += CPU_SLICE) {
      await slice();
      parts.push(await d.decode(tfr.tf, zs.slice(i, i + CPU_SLICE)));
    }
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
  /** Whether the grid on show is the shipped one (16 grey levels): it is decoded afresh once the fast backend has come. */
  let gridShipped = false;
  const decodeGrid = latestWins(
    quietly(async ({ m, n }: { m: Loaded; n: number }) => {
      const { px, shipped } = await decodeFor(m, gridKey(n), gridCodes(n), true);
      drawDigitGrid(view.grid, px, n * n, n);
      gridShipped = shipped;
      host.dataset.gridFrames = String(++gridFrames);
    }),
  );
  const decodeStrip = latestWins(
    quietly(async ({ m, a, b, mode }: { m: Loaded; a: number; b: number; mode: 'linear' | 'spherical' }) => {
      const { px } = await decodeFor(m, stripKey(a, b, mode), stripCodes(m.codes.mu, a, b, mode), true);
      drawDigitGrid(view.strip, px, STRIP, STRIP);
      host.dataset.strip = `${a},${b},${mode}`;
    }),
  );
  /** Decodes again what is on show (after a failed decoder download was retried). */
  const redecode = () => {
    moveCursor([state.x, state.y]);
    decodeGrid.request({ m: cur, n: state.n });
    updatePath();
  };

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
    decodeStrip.request({ m: cur, a: state.a, b: state.b, mode: state.mode });
    view.endpointsNote.textContent = `A is held-out digit #${state.a} (a ${heldout.labels[state.a]}), B is #${state.b} (a ${heldout.labels[state.b]}).`;
  };
  const pointAt = (t: number): Point => {
    const [a, b] = endpoints();
    return (state.mode === 'spherical' ? slerp(a, b, t) : lerp(a, b, t)) as Point;
  };
  const setSigmaUi = () => {
    const vae = cur.isVae;
    view.sigma.disabled = !vae;
    view.sigmaNote.textContent = vae ? '' : 'A plain autoencoder has no σ: each digit gets a single point.';
  };
  const applyEllipses = async () => {
    const m = cur;
    if (state.sigma && m.isVae && !m.codes.logvar) {
      ui.status('Encoding the held-out digits for their σ…');
      const tfr = await runtime();
      const encoder = m.decoderOnly ? await loadShippedModel(tfr, m.name, { parts: ['encoder'] }) : await m.decoder();
      try {
        m.codes = await encodeAll(tfr, encoder, heldout);
      } finally {
        if (m.decoderOnly) encoder.dispose();
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
    ui.status(HINT);
    // The caption's classifier comes after the first frame, and the caption is redone then (host data-loading meanwhile).
    host.trackBackground(
      classifierLater
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
        .catch((err: unknown) => console.warn('[latent-walk] caption', err)),
    );
    // After a shipped first frame the decoder follows, so that the reader's first move decodes at once; the shipped grid
    // (16 grey levels) is then decoded afresh, once the fast backend has come.
    if (!cur.ready) {
      const m = cur;
      host.trackBackground(
        afterFirstFrame('latent-walk')
          .then(() => decoderOf(m))
          .then(async () => {
            await fastBackend();
            if (destroyed || m !== cur || !gridShipped) return;
            decodeGrid.request({ m, n: state.n });
            await decodeGrid.idle();
          })
          .catch(() => undefined),
      );
    }
  } catch (err) {
    disposers.forEach((d) => d());
    throw err;
  }
  return () => disposers.forEach((d) => d());
}
