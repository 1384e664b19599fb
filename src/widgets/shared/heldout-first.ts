// Showing a held-out digit whose chunk may not have downloaded yet: load it first, then show it.
import type { Heldout } from './heldout.ts';

/**
 * True when digit i has still to download: starts that, then calls again(i) once it has arrived (a failure goes to status).
 * False when its pixels are already here, so the caller shows it at once.
 */
export function loadingFirst(heldout: Heldout, i: number, again: (i: number) => void, status: (message: string) => void): boolean {
  if (heldout.has(i)) return false;
  heldout.load([i]).then(
    () => again(i),
    (err: unknown) => status(String(err instanceof Error ? err.message : err)),
  );
  return true;
}
