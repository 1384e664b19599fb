// Which Chromium the browser tests drive: CHROMIUM_PATH, else Playwright's own download, else Debian's, else none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { debianChromium, findChromium, missingChromiumMessage } from '../../support/chromium.ts';

const root = resolve(import.meta.dirname, '../../..');
const playwrightChrome = '/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

test('CHROMIUM_PATH wins over every other Chromium', () => {
  const choice = findChromium({
    env: { CHROMIUM_PATH: '/opt/chrome' },
    exists: only('/opt/chrome', playwrightChrome, debianChromium),
    playwrightPath: () => playwrightChrome,
  });
  assert.deepEqual(choice, { path: '/opt/chrome', source: 'CHROMIUM_PATH' });
});

test('a CHROMIUM_PATH that does not exist means no browser, not a silent fallback', () => {
  const lookup = { env: { CHROMIUM_PATH: '/nonexistent' }, playwrightPath: () => playwrightChrome };
  assert.equal(findChromium({ ...lookup, exists: only(playwrightChrome, debianChromium) }), null);
  assert.match(missingChromiumMessage(lookup), /^No Chromium at CHROMIUM_PATH=\/nonexistent: .*unset it/);
});

test("Playwright's own Chromium comes before Debian's", () => {
  const choice = findChromium({
    env: {},
    exists: only(playwrightChrome, debianChromium),
    playwrightPath: () => playwrightChrome,
  });
  assert.deepEqual(choice, { path: playwrightChrome, source: 'Playwright' });
});

test("Debian's Chromium when Playwright has none installed (or none for this OS)", () => {
  for (const playwrightPath of [() => playwrightChrome, () => null]) {
    const choice = findChromium({ env: {}, exists: only(debianChromium), playwrightPath });
    assert.deepEqual(choice, { path: debianChromium, source: 'Debian' });
  }
});

test('no Chromium at all: null, and one line that says where it looked and how to install one', () => {
  const lookup = { env: {}, playwrightPath: () => playwrightChrome };
  assert.equal(findChromium({ ...lookup, exists: only() }), null);
  const message = missingChromiumMessage(lookup);
  assert.doesNotMatch(message, /\n/);
  assert.ok(message.includes(playwrightChrome) && message.includes(debianChromium), message);
  assert.ok(message.includes('npx playwright install chromium'), message);
  assert.ok(message.includes('apt-get install chromium'), message);
  assert.ok(message.includes('CHROMIUM_PATH'), message);
});

test("finds a Chromium where playwright-core's registry puts it (PLAYWRIGHT_BROWSERS_PATH)", () => {
  const browsers = mkdtempSync(join(tmpdir(), 'pw-browsers-'));
  try {
    const probe = `import { findChromium, playwrightChromiumPath } from ${JSON.stringify(join(root, 'tests/support/chromium.ts'))};
      console.log(JSON.stringify({ expected: playwrightChromiumPath(), choice: findChromium() }));`;
    const run = () => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
        env: { ...process.env, CHROMIUM_PATH: '', PLAYWRIGHT_BROWSERS_PATH: browsers },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { expected: string; choice: { path: string; source: string } | null };
    };
    const before = run();
    assert.ok(before.expected.startsWith(browsers), before.expected);
    assert.notEqual(before.choice?.source, 'Playwright');
    mkdirSync(dirname(before.expected), { recursive: true });
    writeFileSync(before.expected, '');
    assert.deepEqual(run().choice, { path: before.expected, source: 'Playwright' });
  } finally {
    rmSync(browsers, { recursive: true, force: true });
  }
});

test('npm test without a browser runs the other steps, then fails with the browser line', () => {
  // Only the e2e step is asked for, so nothing slow runs: it is reported as failed for want of a Chromium.
  const r = spawnSync(process.execPath, [join(root, 'scripts/test-all.mjs'), 'e2e'], {
    cwd: root,
    env: { ...process.env, CHROMIUM_PATH: '/nonexistent' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL e2e \(no Chromium\)/);
  assert.match(r.stdout, /^tests: 0 passed, 1 failed$/m);
  const lastLine = r.stderr.trim().split('\n').at(-1) ?? '';
  assert.match(lastLine, /^No Chromium at CHROMIUM_PATH=\/nonexistent: .*npx playwright install chromium/);
});
