// The base class of every widget island: starts near the viewport, shows backend and progress, recovers from errors.
import { loadTf, loseWebgl, onWebglLost, type TfRuntime } from './backend.ts';
import { LoadError } from './fetch-verified.ts';

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

/** The heavy part of a widget (model code, view), loaded only when the widget nears the viewport. */
export interface WidgetImpl {
  /**
   * Loads weights and builds the view in ui.root; returns a function that frees tensors and listeners.
   * `rt` is null for widgets whose element sets `needsTf = false`.
   */
  setup(rt: TfRuntime | null, ui: WidgetUi, host: WidgetElement): Promise<() => void>;
}

/**
 * Base class of the light custom element: subclasses name the widget and say how to import its implementation.
 * Signals for tests and the benchmark: `data-ready` is "true" once setup resolved (a widget's setup awaits its first
 * drawn frame) or "error"; at that moment a performance mark `vae:<name>:ready` is recorded (time since navigation).
 */
export abstract class WidgetElement extends HTMLElement {
  protected runtime: TfRuntime | null = null;
  private dispose: (() => void) | null = null;
  private started = false;
  private observer: IntersectionObserver | null = null;
  private unwatchWebgl: (() => void) | null = null;
  /** Counts starts, so a setup overtaken by a restart (lost WebGL context) frees itself instead of taking over. */
  private generation = 0;
  private chrome!: { bar: HTMLElement; badge: HTMLElement; status: HTMLElement; meter: HTMLProgressElement; error: HTMLElement; body: HTMLElement };

  /** The widget's name, used as its URL-state prefix. */
  abstract readonly widgetName: string;
  /** Imports the widget's implementation (a dynamic import, so its code loads lazily). */
  protected abstract loadImpl(): Promise<WidgetImpl>;
  /** False for widgets that compute in plain JavaScript: TensorFlow.js is then never loaded and the badge says so. */
  protected readonly needsTf: boolean = true;

  /** Frees tensors and listeners; called before a retry and on disconnect. */
  private teardown(): void {
    this.unwatchWebgl?.();
    this.unwatchWebgl = null;
    try {
      this.dispose?.();
    } finally {
      this.dispose = null;
    }
  }

  /** Marks the widget ready: `data-ready`, the `is-live` class, and a `vae:<name>:ready` performance mark. */
  private markReady(): void {
    this.classList.add('is-live');
    this.dataset.ready = 'true';
    if (!performance.getEntriesByName(`vae:${this.widgetName}:ready`).length) performance.mark(`vae:${this.widgetName}:ready`);
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
    const start = () => void this.start();
    if (!('IntersectionObserver' in window)) return start();
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.observer?.disconnect();
          start();
        }
      },
      { rootMargin: '600px 0px' },
    );
    this.observer.observe(this);
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.teardown();
  }

  private buildChrome(): void {
    const bar = document.createElement('div');
    bar.className = 'widget__bar';
    const badge = document.createElement('span');
    badge.className = 'widget__badge';
    badge.textContent = 'not started';
    badge.title = 'TensorFlow.js backend running this widget';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'widget__copy';
    copy.textContent = 'Copy link';
    copy.addEventListener('click', () => void this.copyLink(copy));
    bar.append(badge, copy);
    const status = document.createElement('p');
    status.className = 'widget__status';
    status.setAttribute('role', 'status');
    const meter = document.createElement('progress');
    meter.className = 'widget__progress';
    meter.max = 1;
    meter.hidden = true;
    meter.setAttribute('aria-label', 'Download progress');
    const error = document.createElement('div');
    error.className = 'widget__error';
    error.setAttribute('role', 'alert');
    error.hidden = true;
    const body = document.createElement('div');
    body.className = 'widget__body';
    this.chrome = { bar, badge, status, meter, error, body };
    this.prepend(bar);
    this.append(status, meter, error, body);
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const gen = ++this.generation;
    const { badge, status, meter, error, body } = this.chrome;
    error.hidden = true;
    error.replaceChildren();
    const ui: WidgetUi = {
      root: body,
      progress: (message, fraction) => {
        status.textContent = message;
        meter.hidden = fraction === undefined;
        if (fraction !== undefined) meter.value = Math.max(0, Math.min(1, fraction));
      },
      status: (message) => {
        status.textContent = message;
      },
    };
    try {
      if (!this.needsTf) {
        ui.progress('Loading…');
        const impl = await this.loadImpl();
        badge.textContent = 'plain JS';
        badge.dataset.backend = 'none';
        badge.title = 'This widget needs no TensorFlow.js: its math runs in plain JavaScript';
        body.replaceChildren();
        this.dispose = await impl.setup(null, ui, this);
        meter.hidden = true;
        this.markReady();
        return;
      }
      ui.progress('Loading TensorFlow.js…');
      const [rt, impl] = await Promise.all([loadTf(), this.loadImpl()]);
      if (gen !== this.generation) return; // overtaken by a restart after a lost WebGL context
      this.runtime = rt;
      badge.textContent = this.runtime.backend;
      badge.dataset.backend = this.runtime.backend;
      if (this.runtime.fallbackReason) badge.title = `Running on ${this.runtime.backend}: ${this.runtime.fallbackReason}`;
      body.replaceChildren();
      if (rt.backend === 'webgl') this.unwatchWebgl = onWebglLost(() => this.restartAfterWebglLoss());
      const dispose = await impl.setup(rt, ui, this);
      if (gen !== this.generation) return dispose(); // a restart began while this setup ran on the lost context
      this.dispose = dispose;
      meter.hidden = true;
      if (this.runtime.fallbackReason) ui.status(`Running on ${this.runtime.backend.toUpperCase()} because ${this.runtime.fallbackReason}.`);
      this.markReady();
      this.installDebugHook();
    } catch (err) {
      if (gen !== this.generation) return;
      this.teardown();
      this.showError(err);
    }
  }

  private showError(err: unknown): void {
    const { error, meter, status } = this.chrome;
    meter.hidden = true;
    status.textContent = '';
    const msg = document.createElement('p');
    msg.textContent = err instanceof LoadError || err instanceof Error ? err.message : String(err);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = 'Retry';
    retry.addEventListener('click', () => {
      this.started = false;
      this.chrome.body.replaceChildren();
      void this.start();
    });
    error.replaceChildren(msg, retry);
    error.hidden = false;
    this.dataset.ready = 'error';
    this.classList.remove('is-live');
    this.showStill();
    console.warn(`[${this.widgetName}]`, err);
  }

  /** While the widget cannot run, shows its still picture (built by scripts/widget-stills.ts, named in data-still). */
  private showStill(): void {
    const holder = this.querySelector<HTMLElement>(':scope > .widget__static');
    const src = holder?.dataset.still;
    if (!holder || !src || holder.querySelector('.widget__still')) return;
    const picture = document.createElement('picture');
    picture.className = 'widget__still';
    if (holder.dataset.stillDark) {
      const dark = document.createElement('source');
      dark.srcset = holder.dataset.stillDark;
      dark.media = '(prefers-color-scheme: dark)';
      picture.append(dark);
    }
    const img = document.createElement('img');
    img.src = src;
    img.alt = 'A still picture of this widget, shown because its model could not be loaded.';
    picture.append(img);
    holder.prepend(picture);
  }

  private async copyLink(button: HTMLButtonElement): Promise<void> {
    const link = window.location.href.split('#')[0] + `#${this.closest('[id]')?.id ?? ''}`;
    try {
      await navigator.clipboard.writeText(link);
      button.textContent = 'Link copied';
    } catch {
      window.prompt('Copy this link:', link);
    }
    setTimeout(() => (button.textContent = 'Copy link'), 2000);
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
