// "Random held-out digit": a uniformly random index in a range, never the one on show (a press that changed nothing would
// look broken). Plain JavaScript, shared by every widget with that button.

/** A random integer in [first, first + n), uniform over all but `current` (when current is in the range and n > 1). */
export function randomOther(first: number, n: number, current: number, rand: () => number = Math.random): number {
  const inside = current >= first && current < first + n && n > 1;
  const k = Math.min(Math.floor(rand() * (inside ? n - 1 : n)), (inside ? n - 1 : n) - 1);
  return first + (inside && k >= current - first ? k + 1 : k);
}
