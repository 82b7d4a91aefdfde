import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const DIR_FLAG = /^(?:-I|-iquote|-isystem|-idirafter)(.*)$/;
const FILE_FLAG = /^(?:-include|-imacros)(.*)$/;

/** The value of `-Isrc` or `-I src`; the index moves past a separate value. */
function valuesOf(flags: string[], pattern: RegExp, cwd: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const match = pattern.exec(flags[i]!);
    if (!match) continue;
    const value = match[1] || flags[++i];
    if (value) values.push(resolve(cwd, value));
  }
  return values;
}

/**
 * The flags with the paths of `-I`, `-include` and the like made absolute: a compiler run
 * elsewhere (in the sandbox, whose cwd is its work dir) finds the same files.
 */
export function withAbsolutePaths(flags: string[], cwd: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    const match = DIR_FLAG.exec(flag) ?? FILE_FLAG.exec(flag);
    if (!match) result.push(flag);
    else if (match[1]) result.push(`${flag.slice(0, flag.length - match[1].length)}${resolve(cwd, match[1])}`);
    else if (i + 1 < flags.length) result.push(flag, resolve(cwd, flags[++i]!));
    else result.push(flag);
  }
  return result;
}

/** Include directories named in raw flags (`-Isrc`, `-I src`, `-isystem x`, ...), absolute. */
export function includeDirsInFlags(flags: string[], cwd: string): string[] {
  return valuesOf(flags, DIR_FLAG, cwd);
}

/** Files the flags include into every source (`-include config.h`, `-imacros m.h`), with their text or `null`. */
export async function forcedIncludes(flags: string[], cwd: string): Promise<{ path: string; text: string | null }[]> {
  return Promise.all(
    valuesOf(flags, FILE_FLAG, cwd).map(async (path) => ({
      path,
      text: await readFile(path, 'utf8').catch(() => null),
    })),
  );
}
