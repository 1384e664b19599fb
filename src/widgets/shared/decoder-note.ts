// The note over a picture whose decoder downloads after the first frame: "Downloading the decoder…" while a move waits for it,
// or "The decoder did not download." with a Retry button (the reason goes to the status line). The picture keeps its size, so
// nothing moves. The host carries data-decoder (loading, ready or error) for tests. Used by draw, latent-walk, kl-vs-recon,
// retrieval, denoise and cvae (those three name what they download: an encoder and digits, two models, a model).
import { el } from './controls.ts';

export interface DecoderNote {
  /** Says the decoder is downloading; after a failure only when `retrying` (else only Retry clears the failure). */
  loading(retrying?: boolean): void;
  /** Says the download failed (DECODER_FAILED unless `text` says what did not come) and offers Retry. */
  failed(text?: string): void;
  /** Hides the note: the decoder has come. */
  ready(): void;
  /** Hides the note without changing what it knows (nothing is on show to decode). */
  hide(): void;
  /** Whether the last download failed and Retry has not been pressed since. */
  readonly hasFailed: boolean;
}

export const DOWNLOADING_DECODER = 'Downloading the decoder…';
export const DECODER_FAILED = 'The decoder did not download.';

/**
 * Drives `note` (an element over the picture, styled .widget__over-note; or a function that returns it, for a view built later)
 * and `host`'s data-decoder; Retry calls `onRetry`. `texts` names what downloads, for a widget whose late download is not a decoder.
 */
export function createDecoderNote(
  note: HTMLElement | (() => HTMLElement),
  host: HTMLElement,
  onRetry: () => void,
  texts: { loading: string; failed: string } = { loading: DOWNLOADING_DECODER, failed: DECODER_FAILED },
): DecoderNote {
  const element = typeof note === 'function' ? note : () => note;
  let failed = false;
  const retry = el('button', 'widget__retry', 'Retry');
  retry.type = 'button';
  retry.addEventListener('click', () => {
    failed = false;
    show(texts.loading);
    host.dataset.decoder = 'loading';
    onRetry();
  });
  const show = (text: string | null, withRetry = false) => {
    const e = element();
    e.hidden = text === null;
    if (text === null) e.replaceChildren();
    else if (withRetry) e.replaceChildren(text, retry);
    else e.replaceChildren(text);
  };
  return {
    loading(retrying = false) {
      if (failed && !retrying) return;
      failed = false;
      host.dataset.decoder = 'loading';
      show(texts.loading);
    },
    failed(text = texts.failed) {
      failed = true;
      host.dataset.decoder = 'error';
      show(text, true);
    },
    ready() {
      failed = false;
      host.dataset.decoder = 'ready';
      show(null);
    },
    hide() {
      show(null);
    },
    get hasFailed() {
      return failed;
    },
  };
}
