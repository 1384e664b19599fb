// Yielding to the main thread: a widget's first frame is done in slices, so that the page answers taps and scrolls meanwhile
// (a slow phone runs these models about four times slower than a laptop, and one long task freezes the page for all of it).

interface SchedulerLike {
  yield?: () => Promise<void>;
}

/**
 * Resolves after the browser has had a chance to handle input and paint: `scheduler.yield()` where it exists (the rest of the
 * work then runs before other queued tasks), else a message-channel task (no 4 ms timer clamp).
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'undefined') return new Promise((done) => setTimeout(done, 0));
  return new Promise((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      done();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A slicer for a loop of work: each call yields to the main thread once `budgetMs` have passed since the last yield (else
 * resolves at once), so a loop that calls it between steps runs in tasks of about `budgetMs` each.
 */
export function timeSlicer(budgetMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await yieldToMain();
    since = performance.now();
  };
}
