#!/usr/bin/env node
// The whole test suite, as the README's test command runs it: types, lint, format, unit, build, end-to-end, other engines.
// Run through scripts/with-node.mjs (npm test does), so a supported Node and node_modules/.bin are on PATH.
// The browser tests use CHROMIUM_PATH, else Playwright's own Chromium, else Debian's (tests/support/chromium.ts); with
// none, every other step still runs and the suite then fails with one line saying how to install a browser.
import { spawn } from 'node:child_process';
import { findChromium, missingChromiumMessage } from '../tests/support/chromium.ts';
import { toolSpawnArgs } from './spawn-tool.mjs';

const E2E_BASE = process.env.BASE_PATH || '/vae/';
const only = process.argv.slice(2);
const wants = (name) => !only.length || only.includes(name);
const chromium = wants('e2e') ? findChromium() : null;

const steps = [
  { name: 'types', cmd: 'astro', args: ['check'] },
  { name: 'lint', cmd: 'eslint', args: ['.', '--max-warnings=0'] },
  { name: 'format', cmd: 'prettier', args: ['--check', '.'] },
  { name: 'unit', cmd: 'node', args: ['--test', '--test-reporter=spec', 'tests/unit/**/*.test.ts'] },
  { name: 'build', cmd: 'astro', args: ['build'], env: { BASE_PATH: E2E_BASE } },
  { name: 'e2e', cmd: 'playwright', args: ['test'], env: { BASE_PATH: E2E_BASE, CHROMIUM_PATH: chromium?.path } },
  // Firefox and WebKit (tests/engines/): a missing engine is skipped with one line on what to install; with CI=true it fails.
  { name: 'engines', cmd: 'node', args: ['tests/engines/run.ts'], env: { BASE_PATH: E2E_BASE } },
];

/** Runs one step, echoing its output, and returns its exit code and the test counts it printed. */
function run(step) {
  return new Promise((resolve) => {
    // Through a shell on Windows, where the tools in node_modules/.bin are .cmd files.
    const child = spawn(...toolSpawnArgs(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...step.env } }));
    let out = '';
    const tee = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('error', (err) => resolve({ code: 1, out: `${out}\n${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Test counts from node's runner ("ℹ pass N") or Playwright ("N passed", "N failed"). */
function counts(out) {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (re) => [...plain.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
  return {
    passed: num(/^ℹ pass (\d+)/gm) + num(/^\s+(\d+) passed/gm),
    failed: num(/^ℹ fail (\d+)/gm) + num(/^\s+(\d+) failed/gm),
  };
}

const noBrowser = wants('e2e') && !chromium;
if (noBrowser) console.error(`\n${missingChromiumMessage()}\nThe other steps run first; the suite fails at the end.`);
else if (chromium) console.log(`Chromium for the browser tests: ${chromium.path} (${chromium.source})`);

let passed = 0;
let failed = 0;
const report = [];

/** Prints the summary (and, without a browser, the line saying how to get one) and exits with code. */
function finish(code) {
  console.log(`\n${report.join('\n')}`);
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  if (noBrowser) console.error(`\n${missingChromiumMessage()}`);
  process.exit(code || (noBrowser ? 1 : 0));
}

for (const step of steps) {
  if (!wants(step.name)) continue;
  if (step.name === 'e2e' && noBrowser) {
    report.push('FAIL e2e (no Chromium)');
    failed += 1;
    continue;
  }
  console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  const t0 = Date.now();
  const { code, out } = await run(step);
  const c = counts(out);
  passed += c.passed;
  failed += c.failed;
  report.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (code !== 0) {
    if (c.failed === 0) failed += 1; // a step that failed without counting tests (types, lint, build) counts once
    finish(code);
  }
}
finish(0);
