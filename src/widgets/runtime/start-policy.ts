// When widgets start on their own: near and idle by default; only on request when the reader asks the browser to save data.

/** "auto": widgets start when near and the browser is idle; "ask": each waits for a click (Save-Data or reduced data). */
export type StartPolicy = 'auto' | 'ask';

interface NetworkInformationLike {
  saveData?: boolean;
}

/** The start policy for this page view, from `navigator.connection.saveData` and `prefers-reduced-data`. */
export function startPolicy(): StartPolicy {
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection;
  if (connection?.saveData === true) return 'ask';
  if (window.matchMedia?.('(prefers-reduced-data: reduce)').matches) return 'ask';
  return 'auto';
}
