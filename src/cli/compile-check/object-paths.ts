import { mkdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../kit/index.js';

/**
 * With `-c -o DIR`: the object file of each source, `DIR/src/a.o` for `src/a.cpp` (the same tree),
 * `DIR/a.o` for a source outside the current directory. DIR is created; a file there, an `.o`
 * name or two sources with one object are usage errors.
 */
export async function makeObjectPaths(dir: string, shown: string[], cwd: string): Promise<string[]> {
  const target = resolve(cwd, dir);
  const existing = await stat(target).catch(() => undefined);
  if ((existing && !existing.isDirectory()) || (!existing && /\.(o|obj)$/.test(dir))) {
    throw new UsageError(
      `-o with -c names a directory for the object files, got the file '${dir}'`,
      'Give a directory, e.g. -c -o build/objects; each source gets its .o there.',
    );
  }
  const owners = new Map<string, string>();
  const paths = shown.map((path) => {
    const tree = isAbsolute(path) || path.startsWith('..') ? basename(path) : path;
    const object = join(target, tree.replace(/\.[^./]*$/, '') + '.o');
    const owner = owners.get(object);
    if (owner !== undefined)
      throw new UsageError(`${owner} and ${path} would both write ${object}`, 'Check them in two runs, or without -o.');
    owners.set(object, path);
    return object;
  });
  try {
    await mkdir(target, { recursive: true });
    await Promise.all([...new Set(paths.map((p) => resolve(p, '..')))].map((d) => mkdir(d, { recursive: true })));
  } catch (error) {
    throw new UsageError(`cannot create the object directory ${dir}: ${(error as Error).message}`);
  }
  return paths;
}
