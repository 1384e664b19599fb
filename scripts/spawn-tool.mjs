// Starting a tool by name on every OS. On Windows, npm and the tools in node_modules/.bin are `.cmd` files, which only a
// shell can start; passing separate arguments together with `shell: true` is deprecated (DEP0190), so there the command
// line is built here, quoted for cmd.exe. Plain JavaScript, so that scripts/with-node.mjs can use it under any Node.

/** Quotes one argument for a cmd.exe command line when it holds anything but plain path, flag and glob characters. */
export function quoteForCmd(arg) {
  if (/^[\w\-./:=@*,+\\]+$/.test(arg)) return arg;
  return `"${arg.replace(/"/g, '\\"')}"`;
}

/** The [command, args, options] to pass to spawn or spawnSync: the tool itself, or on Windows one quoted shell command line. */
export function toolSpawnArgs(cmd, args, options = {}, platform = process.platform) {
  if (platform !== 'win32') return [cmd, args, options];
  return [[cmd, ...args].map(quoteForCmd).join(' '), [], { ...options, shell: true }];
}
