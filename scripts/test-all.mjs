#!/usr/bin/env node
// The whole test suite, as the README's test command runs it: types, lint, format, unit, build, end-to-end.
// Run through scripts/with-node.mjs (npm test does), so Node >= 22.12 and node_modules/.bin are on PATH.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const E2E_BASE = process.env.BASE_PATH || '/vae/';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const only = process.argv.slice(2);

const steps = [
  { name: 'types', cmd: 'astro', args: ['check'] },
  { name: 'lint', cmd: 'eslint', args: ['.', '--max-warnings=0'] },
  { name: 'format', cmd: 'prettier', args: ['--check', '.'] },
  { name: 'unit', cmd: 'node', args: ['--test', '--test-reporter=spec', 'tests/unit/**/*.test.ts'] },
  { name: 'build', cmd: 'astro', args: ['build'], env: { BASE_PATH: E2E_BASE } },
  { name: 'e2e', cmd: 'playwright', args: ['test'], env: { BASE_PATH: E2E_BASE, CHROMIUM_PATH: chromium } },
];

/** Runs one step, echoing its output, and returns its exit code and the test counts it printed. */
function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...step.env } });
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

if (!only.length || only.includes('e2e')) {
  if (!existsSync(chromium)) {
    console.error(
      `No Chromium at ${chromium}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
const report = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  const t0 = Date.now();
  const { code, out } = await run(step);
  const c = counts(out);
  passed += c.passed;
  failed += c.failed;
  report.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (code !== 0) {
    if (c.failed === 0) failed += 1; // a step that failed without counting tests (types, lint, build) counts once
    console.log(`\n${report.join('\n')}`);
    console.log(`\ntests: ${passed} passed, ${failed} failed`);
    process.exit(code);
  }
}
console.log(`\n${report.join('\n')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
