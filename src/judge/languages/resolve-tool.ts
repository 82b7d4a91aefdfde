import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { execFile } from '../../process/index.js';
import { findCommand, isExecutableFile } from '../../sandbox/index.js';

/** A tool found on this machine: its real executable and the dirs the sandbox must show for it. */
export interface ResolvedTool {
  path: string;
  readOnlyPaths: string[];
}

const known = new Map<string, Promise<ResolvedTool | undefined>>();

/** The first executable `name` on the host's PATH (or `name` itself when absolute). */
function findOnPath(name: string): Promise<string | undefined> {
  return findCommand(name, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin');
}

/** A shim or proxy (pyenv, rustup) names its real install when asked: prefix, then executable. */
async function locateWith(found: string, name: string, args: readonly string[]): Promise<ResolvedTool | undefined> {
  const result = await execFile(found, [...args], { timeout: 20_000 });
  if (!result.ok) return undefined;
  const [prefix, executable] = result.stdout.split('\n').map((line) => line.trim());
  if (!prefix || !isAbsolute(prefix)) return undefined;
  const path = executable && isAbsolute(executable) ? executable : join(prefix, 'bin', basename(name));
  if (!(await isExecutableFile(path))) return undefined;
  return { path: await realpath(path), readOnlyPaths: prefix.startsWith('/usr/') ? [] : [prefix] };
}

async function resolveUncached(name: string, locate: readonly string[] | undefined): Promise<ResolvedTool | undefined> {
  const found = await findOnPath(name);
  if (!found) return undefined;
  if (locate) return locateWith(found, name, locate);
  const real = await realpath(found);
  // A toolchain outside /usr (/opt/gcc-13/bin/g++) is shown whole: its prefix.
  return { path: real, readOnlyPaths: real.startsWith('/usr/') ? [] : [dirname(dirname(real))] };
}

/**
 * Resolves a profile's tool once per process: `python3` here is a pyenv shim in root's home, which
 * the sandbox cannot run; its real interpreter and prefix can be shown read-only.
 */
export function resolveTool(name: string, locate?: readonly string[]): Promise<ResolvedTool | undefined> {
  const key = JSON.stringify([name, locate ?? null]);
  let found = known.get(key);
  if (!found) {
    found = resolveUncached(name, locate).catch(() => undefined);
    known.set(key, found);
  }
  return found;
}
