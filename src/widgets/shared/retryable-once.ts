// A download (or any async load) shared by every caller and kept once it has come; a failure is forgotten, so that the next
// call tries again (a Retry button, or the reader's next move) instead of repeating the old error for ever.

/** A load that runs at most once at a time and whose result is kept. */
export interface RetryableOnce<T> {
  /** The loaded value: the running load's promise, or a new load when none has succeeded yet. */
  get(): Promise<T>;
  /** The value once a load has succeeded, else undefined. */
  readonly value: T | undefined;
}

/** Wraps `load` so that concurrent and later calls share one result; a failed load is forgotten and the next get() retries. */
export function retryableOnce<T>(load: () => Promise<T>): RetryableOnce<T> {
  let pending: Promise<T> | null = null;
  let value: T | undefined;
  return {
    get() {
      if (!pending) {
        const p = load().then((v) => (value = v));
        p.catch(() => {
          if (pending === p) pending = null;
        });
        pending = p;
      }
      return pending;
    },
    get value() {
      return value;
    },
  };
}
