// How every script and test finds and launches Chromium: CHROMIUM_PATH, else Playwright's own Chromium, else Debian's;
// headless, quiet, with software WebGL allowed.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Debian's package puts Chromium (`apt-get install chromium`). */
export const debianChromium = '/usr/bin/chromium';

/** A Chromium binary to drive, and where it came from (for messages). */
export interface ChromiumChoice {
  path: string;
  source: 'CHROMIUM_PATH' | 'Playwright' | 'Debian';
}

/** What findChromium looks at; tests pass their own. */
export interface ChromiumLookup {
  env?: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  playwrightPath?: () => string | null;
}

/** Where `npx playwright install chromium` puts Playwright's Chromium on this OS, or null where Playwright has none. */
export function playwrightChromiumPath(): string | null {
  try {
    return chromium.executablePath() || null;
  } catch {
    return null;
  }
}

/**
 * Picks the Chromium to drive: CHROMIUM_PATH when set (and only it, so a wrong path is reported rather than ignored),
 * else Playwright's own Chromium when it is installed, else Debian's when it is installed; null when there is none.
 */
export function findChromium({
  env = process.env,
  exists = existsSync,
  playwrightPath = playwrightChromiumPath,
}: ChromiumLookup = {}): ChromiumChoice | null {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' } : null;
  const playwright = playwrightPath();
  if (playwright && exists(playwright)) return { path: playwright, source: 'Playwright' };
  if (exists(debianChromium)) return { path: debianChromium, source: 'Debian' };
  return null;
}

/** One line saying that no Chromium was found, where it looked, and how to install one. */
export function missingChromiumMessage({ env = process.env, playwrightPath = playwrightChromiumPath }: Omit<ChromiumLookup, 'exists'> = {}): string {
  const how = 'install one with `npx playwright install chromium` (macOS, Windows, any Linux) or `apt-get install chromium` (Debian)';
  if (env.CHROMIUM_PATH) return `No Chromium at CHROMIUM_PATH=${env.CHROMIUM_PATH}: point it at a Chromium or Chrome binary, or unset it and ${how}.`;
  const looked = [playwrightPath(), debianChromium].filter(Boolean).join(' or ');
  return `No Chromium for the browser tests (looked for ${looked}): ${how}, or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
}

/** The Chromium binary to drive (see findChromium); Debian's path when there is none, so that launching fails naming it. */
export const chromiumPath = findChromium()?.path ?? process.env.CHROMIUM_PATH ?? debianChromium;

/** Flags for a sandbox-less, offline, headless Chromium in which SwiftShader WebGL works (never `--use-gl=angle` alone). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
];
