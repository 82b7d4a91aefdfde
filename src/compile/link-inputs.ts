import { resolve } from 'node:path';
import { stampFile } from './stamp-file.js';

/**
 * The files a link may read from the flags: `-lname` searched in each `-Ldir` (`libname.so`,
 * `libname.a`; `-l:file` as named), and every argument that is not an option (`build/libutil.a`,
 * `util.o`). Libraries of the system's own dirs are left to the compiler's version.
 */
function linkCandidates(flags: string[], cwd: string): string[] {
  const dirs: string[] = [];
  const libraries: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    const dir = /^-L(.*)$/.exec(flag);
    const library = /^-l(.*)$/.exec(flag);
    if (dir) dirs.push(resolve(cwd, dir[1] || (flags[++i] ?? '')));
    else if (library) libraries.push(library[1] || (flags[++i] ?? ''));
    else if (!flag.startsWith('-')) files.push(resolve(cwd, flag));
  }
  const named = libraries.flatMap((name) =>
    name.startsWith(':') ? [name.slice(1)] : [`lib${name}.so`, `lib${name}.a`],
  );
  return [...files, ...dirs.flatMap((dir) => named.map((name) => resolve(dir, name)))];
}

/**
 * Each link input's path with its size and modification time, `-` when absent (a library created
 * later in an earlier `-L` dir changes the key): a library rebuilt must not be served the old link.
 */
export async function stampLinkInputs(flags: string[], cwd: string): Promise<string[]> {
  return Promise.all(linkCandidates(flags, cwd).map(stampFile));
}
