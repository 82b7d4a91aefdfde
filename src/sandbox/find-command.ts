import { access, constants, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** A regular file this process may execute. */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile() && (await access(path, constants.X_OK).then(() => true));
  } catch {
    return false;
  }
}

/** The command's path: itself when absolute, else the first executable of that name on `pathVar`. */
export async function findCommand(command: string, pathVar: string): Promise<string | undefined> {
  if (isAbsolute(command)) return (await isExecutableFile(command)) ? command : undefined;
  for (const dir of pathVar.split(':')) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** `path` is `root` or inside it. */
export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

/**
 * Whether the sandbox shows the command: its real file must be under `/usr` or a read-only path
 * (a compiler in /opt needs its prefix in `readOnlyPaths`).
 */
export async function isVisibleInSandbox(path: string, readOnlyPaths: readonly string[]): Promise<boolean> {
  const real = await realpath(path).catch(() => path);
  const roots = ['/usr', ...(await Promise.all(readOnlyPaths.map((p) => realpath(p).catch(() => p))))];
  return roots.some((root) => isUnder(real, root));
}
