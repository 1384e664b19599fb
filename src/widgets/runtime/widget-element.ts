// The base class of every widget island: holds its still until it starts (when idle and near, when asked, or on Save-Data
// only on request), shows progress and the backend quietly, recovers from errors, and shares its state as a link or embed.
import { BACKEND_EVENT, loadTf, loseWebgl, onWebglLost, type TfRuntime } from './backend.ts';
import { LoadError } from './fetch-verified.ts';
import { startPolicy, type StartPolicy } from './start-policy.ts';
import { el } from '../shared/controls.ts';

export interface WidgetUi {
  /** The element the widget draws into (emptied before setup). */
  root: HTMLElement;
  /** Shows a progress message; `fraction` in [0, 1] draws a bar. */
  progress(message: string, fraction?: number): void;
  /** Announces a short status for screen readers and shows it. */
  status(message: string): void;
}

declare global {
  interface Window {
    /** Test-only hooks, present when the page URL has `debug=1` (see runtime/debug.ts for the benchmark and fault hooks). */
    __vaeDebug?: {
      numTensors(): number;
      backend(): string;
      widgets: Record<string, unknown>;
      /** Times `reps` decodes of `batch` random codes with a shipped decoder (default vae-2d); milliseconds per decode. */
      timeDecode?(batch: number, reps: number, model?: string): Promise<number[]>;
      /** Loses the WebGL context on purpose (fault tests); false when the backend is not WebGL. */
      loseWebgl?(): boolean;
    };
  }
}

/** The heavy part of a widget (model code, view), loaded only when the widget starts. */
export interface WidgetImpl {
  /**
   * Loads weights and builds the view in ui.root; returns a function that frees tensors and listeners.
   * `rt` is null for widgets registered with `needsTf: false` or `'later'` (those ask `host.tfRuntime()` when they need it).
   */
  setup(rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void>;
  /**
   * Optional: starts the downloads the first frame needs that do not need TensorFlow.js (weights, digits), called as soon
   * as the module has loaded, so that they run while the runtime loads instead of after it. setup takes them over.
   */
  prefetch?(host: WidgetElement): void;
}

interface Chrome {
  still: HTMLElement;
  start: HTMLButtonElement;
  startLabel: HTMLElement;
  message: HTMLElement;
  meter: HTMLProgressElement;
  error: HTMLElement;
  body: HTMLElement;
  status: HTMLElement;
  badge: HTMLElement;
  backendNote: HTMLElement;
  embedCode: HTMLTextAreaElement;
}

/** Selector of the controls focus moves to when a reader started the widget from the keyboard. */
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Base class of the light custom element (one per registered widget, defined in src/widgets/elements.ts).
 * Signals for tests and the benchmark: `data-ready` is "true" once setup resolved (a widget's setup awaits its first
 * drawn frame) or "error"; at that moment a performance mark `vae:<name>:ready` is recorded (time since navigation).
 * `data-start` says what it waits for: "near" (scrolling), "idle" (near, waiting for an idle moment), "ask" (Save-Data: a
 * click), "loading", "live".
 */
export abstract class WidgetElement extends HTMLElement {
  protected runtime: TfRuntime | null = null;
  private dispose: (() => void) | null = null;
  private started = false;
  private observer: IntersectionObserver | null = null;
  private unwatchWebgl: (() => void) | null = null;
  /** Counts starts, so a setup overtaken by a restart (lost WebGL context) frees itself instead of taking over. */
  private generation = 0;
  /** True when the reader started the widget from its Start button: focus then moves into the live controls. */
  private focusInto = false;
  private policy: StartPolicy = 'auto';
  private chrome!: Chrome;

  /** The widget's name, used as its URL-state prefix. */
  abstract readonly widgetName: string;
  /** Imports the widget's implementation (a dynamic import, so its code loads lazily). */
  protected abstract loadImpl(): Promise<WidgetImpl>;
  /**
   * False for widgets that compute in plain JavaScript: TensorFlow.js is then never loaded and the badge says so. 'later' for
   * widgets whose first frame can come shipped (decoded ahead of time): setup gets no runtime and calls tfRuntime() when it needs one.
   */
  protected readonly needsTf: boolean | 'later' = true;
  /** This start's TensorFlow.js runtime, once asked for (tfRuntime()); forgotten at teardown, so a restart attaches afresh. */
  private runtimePromise: Promise<TfRuntime> | null = null;
  /** Work going on after the first frame (trackBackground()); data-loading is "true" while there is any. */
  private background = new Set<Promise<unknown>>();

  /** Frees tensors and listeners; called before a retry and on disconnect. */
  private teardown(): void {
    this.unwatchWebgl?.();
    this.unwatchWebgl = null;
    this.runtimePromise = null;
    this.background = new Set();
    delete this.dataset.loading;
    try {
      this.dispose?.();
    } finally {
      this.dispose = null;
    }
  }

  /** Marks the widget ready: `data-ready`, the `is-live` class, and a `vae:<name>:ready` performance mark. */
  private markReady(): void {
    const { start, body } = this.chrome;
    const hadFocus = document.activeElement === start || document.activeElement === document.body;
    this.classList.add('is-live');
    this.removeAttribute('aria-busy');
    this.dataset.ready = 'true';
    this.dataset.start = 'live';
    if (!performance.getEntriesByName(`vae:${this.widgetName}:ready`).length) performance.mark(`vae:${this.widgetName}:ready`);
    if (this.focusInto && hadFocus) body.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
    this.focusInto = false;
  }

  /** After a lost WebGL context: frees what is left and starts again on the next backend (WASM, else CPU). */
  private restartAfterWebglLoss(): void {
    try {
      this.teardown();
    } catch (err) {
      console.warn(`[${this.widgetName}] teardown after WebGL context loss`, err);
    }
    this.started = false;
    this.generation++;
    delete this.dataset.ready;
    this.classList.remove('is-live');
    this.chrome.body.replaceChildren();
    void this.start();
  }

  /** Initial state given by the embedding page (`<Widget params="...">`), merged under the page URL's own. */
  urlParams(): URLSearchParams {
    const params = new URLSearchParams(window.location.search);
    for (const [k, v] of new URLSearchParams(this.dataset.params ?? ''))
      if (!params.has(`${this.widgetName}.${k}`)) params.set(`${this.widgetName}.${k}`, v);
    return params;
  }

  connectedCallback(): void {
    if (this.chrome) return;
    this.buildChrome();
    this.arm();
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.teardown();
  }

  /** Decides when to start: near and idle (default), on request only (Save-Data), and always on the reader's own request. */
  private arm(): void {
    const { start, still } = this.chrome;
    this.policy = startPolicy();
    const kb = Math.round(Number(this.dataset.bytes || 0) / 1000);
    if (this.policy === 'ask') {
      this.chrome.startLabel.textContent = kb > 0 ? `Load the live model (${kb} KB)` : 'Start the live widget';
      start.querySelector<HTMLElement>('.widget__start-size')?.remove();
      this.dataset.start = 'ask';
    }
    start.addEventListener('click', () => {
      this.focusInto = true;
      void this.start();
    });
    // A keyboard reader who Tabs to a widget gets it started, and focus moves into its controls once they exist.
    start.addEventListener('focus', () => {
      if (this.policy === 'ask' || !start.matches(':focus-visible')) return;
      this.focusInto = true;
      void this.start();
    });
    // First touch on the still starts it too (the landing page's promise: "comes alive on first touch").
    still.addEventListener('pointerdown', () => {
      if (this.policy !== 'ask') void this.start();
    });
    if (this.policy === 'ask') return;
    this.dataset.start = 'near';
    if (!('IntersectionObserver' in window)) return void this.start();
    // Within about two screens: start at once if already on screen, else at the browser's next idle moment.
    this.observer = new IntersectionObserver(
      (entries) => {
        const entry = entries.find((e) => e.isIntersecting);
        if (!entry) return;
        this.observer?.disconnect();
        const r = entry.boundingClientRect;
        const onScreen = r.top < window.innerHeight && r.bottom > 0;
        this.dataset.start = 'idle';
        // On the landing page (data-start-on="interaction") the still stands until the reader moves or a few quiet seconds pass.
        const go = () => whenIdle(() => void this.start(), onScreen ? 300 : 2000);
        if (this.dataset.startOn === 'interaction') onFirstInteraction(go, 4000);
        else go();
      },
      { rootMargin: '200% 0px' },
    );
    this.observer.observe(this);
  }

  private buildChrome(): void {
    // The still, Start button and overlay are rendered at build time (src/components/Widget.astro); a bare element gets its own.
    let still = this.querySelector<HTMLElement>(':scope > .widget__static');
    if (!still) {
      still = el('div', 'widget__static');
      this.prepend(still);
    }
    let overlay = still.querySelector<HTMLElement>('.widget__overlay');
    if (!overlay) {
      overlay = el('div', 'widget__overlay');
      still.append(overlay);
    }
    let start = overlay.querySelector<HTMLButtonElement>('.widget__start');
    if (!start) {
      start = el('button', 'widget__start');
      start.type = 'button';
      start.append(el('span', 'widget__start-label', 'Start the live widget'));
      overlay.prepend(start);
    }
    const startLabel = start.querySelector<HTMLElement>('.widget__start-label') ?? start;
    const message = el('p', 'widget__message');
    message.setAttribute('aria-live', 'polite');
    const meter = el('progress', 'widget__progress');
    meter.max = 1;
    meter.hidden = true;
    meter.setAttribute('aria-label', 'Download progress');
    const error = el('div', 'widget__error');
    error.setAttribute('role', 'alert');
    error.hidden = true;
    overlay.append(message, meter, error);

    const body = el('div', 'widget__body');
    const status = el('p', 'widget__status');
    status.setAttribute('role', 'status');

    // A quiet footer: which backend runs it (and why, inside a disclosure), Copy link, Embed this state.
    const foot = el('div', 'widget__foot');
    const about = el('details', 'widget__about');
    const summary = el('summary', 'widget__about-summary', 'Runs on ');
    const badge = el('span', 'widget__badge', 'not started');
    badge.title = 'TensorFlow.js backend running this widget';
    summary.append(badge);
    const backendNote = el('p', 'widget__backend-note', 'The widget has not started yet.');
    about.append(summary, backendNote);
    const copy = el('button', 'widget__copy', 'Copy link');
    copy.type = 'button';
    copy.addEventListener('click', () => void this.copyLink(copy));
    const embed = el('button', 'widget__embed', 'Embed this state');
    embed.type = 'button';
    const embedCode = el('textarea', 'widget__embed-code');
    embedCode.readOnly = true;
    embedCode.hidden = true;
    embedCode.rows = 4;
    embedCode.setAttribute('aria-label', 'Embed code for this widget in its current state');
    embed.addEventListener('click', () => void this.copyEmbed(embed));
    foot.append(about, copy, embed, embedCode);

    this.chrome = { still, start, startLabel, message, meter, error, body, status, badge, backendNote, embedCode };
    this.append(body, status, foot);
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.observer?.disconnect();
    const gen = ++this.generation;
    const { badge, backendNote, message, meter, error, body, status, startLabel } = this.chrome;
    this.dataset.start = 'loading';
    this.setAttribute('aria-busy', 'true');
    startLabel.textContent = 'Loading the live widget…';
    error.hidden = true;
    error.replaceChildren();
    const ui: WidgetUi = {
      root: body,
      progress: (text, fraction) => {
        (this.classList.contains('is-live') ? status : message).textContent = text;
        meter.hidden = fraction === undefined || this.classList.contains('is-live');
        if (fraction !== undefined) meter.value = Math.max(0, Math.min(1, fraction));
      },
      status: (text) => {
        status.textContent = text;
      },
    };
    try {
      if (this.needsTf !== true) {
        ui.progress('Loading…');
        const impl = await this.loadImpl();
        if (gen !== this.generation) return;
        // A 'later' widget's runtime takes the badge over once the widget asks for it (attachRuntime). Its badge is as short as
        // a backend's ('JS', not 'plain JS'), so the footer does not wrap on a phone and then unwrap when TensorFlow.js arrives.
        badge.textContent = this.needsTf ? 'JS' : 'plain JS';
        badge.dataset.backend = 'none';
        backendNote.textContent = this.needsTf
          ? 'This first frame was computed ahead of time by the same model and is drawn in plain JavaScript; TensorFlow.js is loading in the background and computes everything you change.'
          : 'This widget needs no TensorFlow.js: its math runs in plain JavaScript.';
        body.replaceChildren();
        const dispose = await impl.setup(null, ui, this);
        if (gen !== this.generation) return dispose();
        this.dispose = dispose;
        meter.hidden = true;
        message.textContent = '';
        this.markReady();
        return;
      }
      ui.progress('Loading TensorFlow.js…');
      const implP = this.loadImpl();
      void implP.then((impl) => impl.prefetch?.(this)).catch(() => undefined);
      const [rt, impl] = await Promise.all([this.tfRuntime(), implP]);
      if (gen !== this.generation) return; // overtaken by a restart after a lost WebGL context
      body.replaceChildren();
      const dispose = await impl.setup(rt, ui, this);
      if (gen !== this.generation) return dispose(); // a restart began while this setup ran on the lost context
      this.dispose = dispose;
      meter.hidden = true;
      message.textContent = '';
      this.markReady();
    } catch (err) {
      if (gen !== this.generation) return;
      this.teardown();
      this.showError(err);
    }
  }

  /** Work that goes on after the first frame (a late download, a caption's classifier): data-loading="true" until all has settled. */
  trackBackground(work: Promise<unknown>): void {
    const set = this.background;
    set.add(work);
    this.dataset.loading = 'true';
    void work
      .catch(() => undefined)
      .finally(() => {
        if (this.background !== set || !set.delete(work)) return;
        if (!set.size) delete this.dataset.loading;
      });
  }

  /**
   * TensorFlow.js for this widget (loaded on the first call, then shared): the backend badge follows it, a lost WebGL context
   * restarts the widget, and the debug hooks are installed. Widgets registered `needsTf: 'later'` call it when they first need it.
   */
  tfRuntime(): Promise<TfRuntime> {
    if (!this.runtimePromise) {
      const gen = this.generation;
      const p = loadTf().then((rt) => {
        if (gen === this.generation && this.runtimePromise === p) this.attachRuntime(rt);
        return rt;
      });
      p.catch(() => {
        if (this.runtimePromise === p) this.runtimePromise = null;
      });
      this.runtimePromise = p;
    }
    return this.runtimePromise;
  }

  /** Shows `rt`'s backend in the badge (and keeps it truthful), restarts on a lost WebGL context, installs the debug hooks. */
  private attachRuntime(rt: TfRuntime): void {
    const { badge, backendNote } = this.chrome;
    this.runtime = rt;
    // The badge follows the backend: a page starts on CPU and moves to WASM or WebGL after the first frame (event vae:backend).
    const showBackend = () => {
      badge.textContent = rt.backend;
      badge.dataset.backend = rt.backend;
      backendNote.textContent = rt.upgrading
        ? 'Running on CPU for a quick first frame; a faster TensorFlow.js backend (WebAssembly or WebGL) is loading in the background and takes over when it is ready. Add ?backend=webgl, wasm or cpu to the address to choose one.'
        : rt.fallbackReason
          ? `Running on ${rt.backend.toUpperCase()} because ${rt.fallbackReason}.`
          : `Running on ${rt.backend.toUpperCase()}, the fastest TensorFlow.js backend this browser offers. Add ?backend=webgl, wasm or cpu to the address to choose another.`;
      if (rt.fallbackReason) badge.title = `Running on ${rt.backend}: ${rt.fallbackReason}`;
      else badge.removeAttribute('title');
    };
    showBackend();
    // Any widget may end up on WebGL (directly or after the CPU start), so every one watches for a lost context.
    const unwatchLoss = onWebglLost(() => this.restartAfterWebglLoss());
    window.addEventListener(BACKEND_EVENT, showBackend);
    this.unwatchWebgl?.();
    this.unwatchWebgl = () => (unwatchLoss(), window.removeEventListener(BACKEND_EVENT, showBackend));
    this.installDebugHook();
  }

  private showError(err: unknown): void {
    const { error, meter, message, start, startLabel } = this.chrome;
    meter.hidden = true;
    message.textContent = '';
    startLabel.textContent = 'Start the live widget';
    start.hidden = true;
    const msg = document.createElement('p');
    msg.textContent = err instanceof LoadError || err instanceof Error ? err.message : String(err);
    const retry = el('button', 'widget__retry', 'Retry');
    retry.type = 'button';
    retry.addEventListener('click', () => {
      this.started = false;
      start.hidden = false;
      this.chrome.body.replaceChildren();
      this.focusInto = true;
      void this.start();
    });
    error.replaceChildren(msg, retry);
    error.hidden = false;
    this.dataset.ready = 'error';
    this.dataset.start = 'error';
    this.removeAttribute('aria-busy');
    this.classList.remove('is-live');
    console.warn(`[${this.widgetName}]`, err);
  }

  /** A link to this page with the widget's current state, scrolled to the widget. */
  private shareUrl(): string {
    return window.location.href.split('#')[0] + `#${this.closest('[id]')?.id ?? ''}`;
  }

  private async copyLink(button: HTMLButtonElement): Promise<void> {
    await copyText(this.shareUrl(), button, 'Link copied', 'Copy link');
  }

  /** Copies (and shows) the iframe snippet that embeds exactly what the reader has set up. */
  private async copyEmbed(button: HTMLButtonElement): Promise<void> {
    const { embedSnippet } = await import('../../lib/site/embed-snippet.ts');
    const code = embedSnippet(this.widgetName, this.urlParams().toString());
    const box = this.chrome.embedCode;
    box.value = code;
    box.hidden = false;
    box.select();
    await copyText(code, button, 'Embed code copied', 'Embed this state');
  }

  private installDebugHook(): void {
    if (new URLSearchParams(window.location.search).get('debug') !== '1' || !this.runtime) return;
    const tf = this.runtime.tf;
    window.__vaeDebug ??= {
      numTensors: () => tf.memory().numTensors,
      backend: () => tf.getBackend(),
      widgets: {},
      timeDecode: async (batch, reps, model) => (await import('./debug.ts')).timeDecode(batch, reps, model),
      loseWebgl: () => loseWebgl(tf),
    };
    window.__vaeDebug.widgets[this.widgetName] = this;
  }
}

/**
 * Runs `fn` once the page has loaded and the browser is idle (after `within` ms at the latest); Safari has no
 * requestIdleCallback, so a short timeout there. Waiting for `load` keeps a widget's start from competing with the text.
 */
function whenIdle(fn: () => void, within: number): void {
  const idle = () => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(fn, { timeout: within });
    else setTimeout(fn, Math.min(within, 200));
  };
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

/** Runs `fn` at the reader's first sign of life on the page (scroll, pointer, key, touch) or after `ms` of quiet. */
function onFirstInteraction(fn: () => void, ms: number): void {
  const types = ['scroll', 'pointermove', 'pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    for (const t of types) window.removeEventListener(t, go, true);
    clearTimeout(timer);
    fn();
  };
  for (const t of types) window.addEventListener(t, go, { capture: true, passive: true });
  const timer = setTimeout(go, ms);
}

/** Copies text to the clipboard and confirms on the button; where the clipboard is refused (some iframes), a prompt. */
async function copyText(text: string, button: HTMLButtonElement, done: string, label: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = done;
  } catch {
    window.prompt('Copy this:', text);
  }
  setTimeout(() => (button.textContent = label), 2000);
}
