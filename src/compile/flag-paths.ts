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
