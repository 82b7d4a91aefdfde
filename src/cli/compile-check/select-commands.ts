import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CompileCommand } from '../../compile/index.js';
import { isUnder } from '../../sandbox/index.js';
import { UsageError } from '../kit/index.js';

/**
 * The entries to check: all of them, or those of the files named (a directory names every entry
 * under it). A name with no entry is a usage error: it would not be checked with its real flags.
 */
export async function selectCommands(
  commands: CompileCommand[],
  paths: string[],
  cwd: string,
  database: string,
): Promise<CompileCommand[]> {
  if (paths.length === 0) {
    if (commands.length === 0) throw new UsageError(`${database} has no entries`, 'Configure the build first.');
    return commands;
  }
  const chosen = new Set<CompileCommand>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const isDir = await stat(absolute).then(
      (info) => info.isDirectory(),
      () => false,
    );
    const matches = commands.filter((c) => (isDir ? isUnder(c.path, absolute) : c.path === absolute));
    if (matches.length === 0) {
      throw new UsageError(
        `${path} is not in ${database}`,
        'Check the path, or leave out -p to check it with the flags given on the command line.',
      );
    }
    for (const match of matches) chosen.add(match);
  }
  // In the database's order, each entry once.
  return commands.filter((c) => chosen.has(c));
}
