import { constants } from 'node:fs';
import { chmod, copyFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Whether a uid that is neither owner nor group can read the file (every dir above it searchable). */
async function othersCanRead(file: string): Promise<boolean> {
  try {
    if (((await stat(file)).mode & 0o004) === 0) return false;
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      if (((await stat(dir)).mode & 0o001) === 0) return false;
      if (dir === dirname(dir)) return true;
    }
  } catch {
    return false;
  }
}

/**
 * Puts at `path` a file the validator (under a uid of its own) can read: a link to `file` when that
 * uid can read it, else a copy (a package under root's 0700 home, a tests dir made by mkdtemp).
 * Text without a file is written there. What was at `path` before goes.
 */
export async function placeReadable(
  path: string,
  file: string | undefined,
  content: () => Promise<string | Uint8Array> | string | Uint8Array,
): Promise<void> {
  await rm(path, { force: true });
  if (file !== undefined && (await othersCanRead(resolve(file)))) {
    await symlink(resolve(file), path);
    return;
  }
  if (file !== undefined) await copyFile(file, path, constants.COPYFILE_EXCL);
  else await writeFile(path, await content(), { flag: 'wx' });
  // A copy keeps the source's mode (0600 is what made it unreachable).
  await chmod(path, 0o644);
}
