// Yielding to the main thread (runtime/yield.ts): a yield lets queued tasks run; a time slicer yields only once its budget is spent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeSlicer, yieldToMain } from '../../../src/widgets/runtime/yield.ts';

/** Spins the thread for `ms` milliseconds, as a slice of real work would. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** Queues a task and reports whether it has run. */
function queuedTask(): () => boolean {
  let ran = false;
  setTimeout(() => (ran = true), 0);
  return () => ran;
}

test('yieldToMain lets a task queued before it run', async () => {
  busy(2); // so that the 1 ms minimum of a zero timeout has passed when the yield is queued
  const ran = queuedTask();
  busy(2);
  await yieldToMain();
  // A message-channel task may come before the timer; two yields let the timer's task through in any order.
  if (!ran()) await yieldToMain();
  assert.equal(ran(), true);
});

/** Whether `p` settles within a few microtask turns, that is without waiting for a task. */
async function settlesAtOnce(p: Promise<void>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return settled;
}

test('yieldToMain waits for a task, not a microtask', async () => {
  assert.equal(await settlesAtOnce(yieldToMain()), false);
});

test('timeSlicer does not yield while its budget lasts, then yields and starts a new budget', async () => {
  const slice = timeSlicer(20);
  assert.equal(await settlesAtOnce(slice()), true, 'within budget: no yield');
  busy(25);
  const spent = slice();
  assert.equal(await settlesAtOnce(spent), false, 'budget spent: it yields');
  await spent;
  assert.equal(await settlesAtOnce(slice()), true, 'a fresh budget after the yield');
});
