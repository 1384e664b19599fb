// The widgets the fault tests cover: every widget the registry marks ready, so new widgets are tested as soon as they ship.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { WIDGETS } from '../../../src/widgets/registry.ts';
import type { Field } from '../../../src/widgets/runtime/url-state.ts';

const WIDGET_DIR = join(process.cwd(), 'src', 'widgets');

/** Names of the widgets marked ready in src/widgets/registry.ts. */
export const readyWidgets = WIDGETS.filter((w) => w.ready).map((w) => w.name);

/** True when the registry marks `name` ready. */
export const isReady = (name: string) => readyWidgets.includes(name);

/** False for widgets registered with `needsTf: false` (plain JavaScript, no weights). */
export function usesTf(name: string): boolean {
  return WIDGETS.find((w) => w.name === name)?.needsTf !== false;
}

const isField = (v: unknown): v is Field<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Field<unknown>).parse === 'function' && 'default' in v;

/** The URL-state keys of a widget: every key of the schemas its state.ts exports. */
export async function stateKeys(name: string): Promise<string[]> {
  const mod = (await import(join(WIDGET_DIR, name, 'state.ts'))) as Record<string, unknown>;
  const keys = new Set<string>();
  for (const v of Object.values(mod))
    if (typeof v === 'object' && v !== null && Object.values(v).length && Object.values(v).every(isField)) Object.keys(v).forEach((k) => keys.add(k));
  return [...keys];
}

/** The live element of a widget on its page. */
export const hostOf = (page: Page, name: string) => page.locator(`#widget-${name} > vae-${name}`);

/** Console errors that are not the browser's own "Failed to load resource" lines (which a 404 test provokes on purpose). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}

/** The paths of every request the page started before `widget`'s ready mark (its first frame), from resource timing. */
export function requestedBeforeReady(page: Page, widget: string): Promise<string[]> {
  return page.evaluate((name) => {
    const mark = performance.getEntriesByName(`vae:${name}:ready`)[0]!.startTime;
    return performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime <= mark)
      .map((e) => new URL(e.name).pathname);
  }, widget);
}
