// A widget's models when its first frame comes shipped: they download after it, and a change the reader makes before they have
// come waits for them under the notes over its pictures (decoder-note.ts). A failure says so there and in the status line; the
// pictures keep the shipped frame. Used by retrieval, denoise and cvae; the download itself is a retryableOnce.
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import type { DecoderNote } from './decoder-note.ts';
import type { RetryableOnce } from './retryable-once.ts';

/** Thrown by ready() when the download failed (the notes already say so): the job keeps the pictures it has. */
export class NotDownloaded extends Error {}

export interface LateDownload<T> {
  /** The download's value; while it downloads the notes say so; on failure they say so with a Retry, then NotDownloaded. */
  ready(): Promise<T>;
  /** Starts the download once `widget`'s first frame is drawn and the browser idle; a failure goes to the notes. */
  afterFirstFrame(widget: string): Promise<void>;
  /** A Retry handler for the notes: downloads again (tracked as background work), then calls `after` to redraw. */
  retryThen(after: () => void): () => void;
}

/**
 * Wraps `load` for a widget whose first frame is shipped. `notes` are read when needed (the view is built after this), `label`
 * starts the status line's message ("No live search"), `dead` tells whether the widget has gone, `track` takes background work
 * (WidgetElement.trackBackground).
 */
export function lateDownload<T>(
  load: RetryableOnce<T>,
  opts: {
    notes: () => DecoderNote[];
    status: (message: string) => void;
    label: string;
    log: string;
    dead: () => boolean;
    track: (work: Promise<unknown>) => void;
  },
): LateDownload<T> {
  const failed = (err: unknown) => {
    console.warn(opts.log, err);
    opts.notes().forEach((n) => n.failed());
    opts.status(`${opts.label}: ${err instanceof Error ? err.message : String(err)}`);
  };
  const late: LateDownload<T> = {
    async ready() {
      const done = load.value;
      if (done) return done;
      opts.notes().forEach((n) => n.loading(true));
      try {
        const v = await load.get();
        opts.notes().forEach((n) => n.ready());
        return v;
      } catch (err) {
        if (opts.dead()) throw err;
        failed(err);
        throw new NotDownloaded();
      }
    },
    async afterFirstFrame(widget) {
      await afterFirstFrame(widget);
      if (opts.dead() || load.value) return;
      try {
        await load.get();
      } catch (err) {
        if (!opts.dead()) failed(err);
      }
    },
    retryThen(after) {
      return () => opts.track(late.ready().then(after, () => undefined));
    },
  };
  return late;
}
