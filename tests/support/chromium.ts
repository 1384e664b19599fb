// How every script and test launches Chromium: Debian's binary (or CHROMIUM_PATH), headless, quiet, with software WebGL allowed.

/** The Chromium binary to drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a sandbox-less, offline, headless Chromium in which SwiftShader WebGL works (never `--use-gl=angle` alone). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
];
