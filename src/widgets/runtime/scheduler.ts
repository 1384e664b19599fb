// Latest-wins scheduling: while one async job runs, newer requests replace each other; no queue builds up.

/** Wraps an async job so that at most one runs and only the newest pending input runs next. */
export function latestWins<T>(job: (input: T) => Promise<void>): { request(input: T): void; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let pending: { input: T } | null = null;
  const pump = async () => {
    while (pending) {
      const { input } = pending;
      pending = null;
      try {
        await job(input);
      } catch (err) {
        console.error(err);
      }
    }
    running = null;
  };
  return {
    request(input: T) {
      pending = { input };
      if (!running) running = pump();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
