import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function matcher(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

/**
 * A profile's read-only paths as they exist here: a `*` in the last component matches names in its
 * dir (`/etc/java-*-openjdk`: the JDK's configuration, whatever its version); a path that is
 * missing is left out (the sandbox would refuse to bind it).
 */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    if (!basename(path).includes('*')) {
      if (
        await stat(path).then(
          () => true,
          () => false,
        )
      )
        found.push(path);
      continue;
    }
    const pattern = matcher(basename(path));
    const names = await readdir(dirname(path)).catch(() => [] as string[]);
    found.push(
      ...names
        .filter((name) => pattern.test(name))
        .sort()
        .map((name) => join(dirname(path), name)),
    );
  }
  return found;
}
