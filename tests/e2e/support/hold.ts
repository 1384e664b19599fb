// Holding a download back, as a slow or broken network would, to see what a widget shows before and after it arrives.
import type { Page } from '@playwright/test';

/**
 * Holds every request whose URL matches `url` (except those `pass` lets through at once) until the returned function is
 * called: 'pass' lets them through, 'fail' answers them with HTTP 503; requests made after that get the same answer.
 */
export async function holdRequests(
  page: Page,
  url: string | RegExp,
  pass?: (requestUrl: string) => boolean,
): Promise<(outcome: 'pass' | 'fail') => void> {
  const held: ((o: 'pass' | 'fail') => void)[] = [];
  let decided: 'pass' | 'fail' | null = null;
  await page.route(url, async (route) => {
    if (pass?.(route.request().url())) return route.continue();
    const outcome = decided ?? (await new Promise<'pass' | 'fail'>((resolve) => held.push(resolve)));
    if (outcome === 'fail') await route.fulfill({ status: 503, body: 'unavailable' });
    else await route.continue();
  });
  return (outcome) => {
    decided = outcome;
    held.splice(0).forEach((r) => r(outcome));
  };
}
