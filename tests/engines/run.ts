#!/usr/bin/env node
// Runs the cross-engine suite (tests/engines/<engine>.test.ts) against the build in DIST_DIR (default dist/) in each engine
// installed here. Usage: node tests/engines/run.ts [firefox] [webkit]. A missing engine is skipped with one line saying
// what to install; with CI=true it fails instead. Chromium runs the full Playwright suite (tests/e2e/), not this one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { missingFor, type EngineName } from './drivers.ts';

const ENGINES: EngineName[] = ['firefox', 'webkit'];
const asked = process.argv.slice(2).filter((a): a is EngineName => (ENGINES as string[]).includes(a));
const engines = asked.length ? asked : ENGINES;
const dist = resolve(process.env.DIST_DIR || 'dist');

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No build in ${dist}: run \`npm run build\` (with BASE_PATH=/vae/) first, or set DIST_DIR.`);
  process.exit(1);
}

const missing = engines.filter((e) => missingFor(e));
if (missing.length) {
  const packages = [...new Set(missing.flatMap((e) => missingFor(e)!.split(' ')))].join(' ');
  const ci = process.env.CI === 'true';
  console.error(
    `\n!!!!! ${ci ? 'FAILED' : 'SKIPPED'}: the ${missing.join(' and ')} engine tests need \`apt-get install -y ${packages}\` (Debian/Ubuntu; or set ` +
      `FIREFOX_PATH / WEBKIT_DRIVER_PATH and MINIBROWSER_PATH)${ci ? '; with CI=true a missing engine fails' : ''} !!!!!\n`,
  );
  if (ci) process.exit(1);
}

const files = engines.filter((e) => !missing.includes(e)).map((e) => join('tests', 'engines', `${e}.test.ts`));
if (!files.length) process.exit(0);
const t0 = Date.now();
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files], { stdio: 'inherit' });
child.on('close', (code) => {
  console.log(`engines (${files.length} engine${files.length > 1 ? 's' : ''}) took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(code ?? 1);
});
