import { constants } from 'node:fs';
import { chmod, copyFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

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
 * A path the validator (under a uid of its own) can read: the file itself when it can, else a copy
 * in `dir` (a package under root's 0700 home, a tests dir made by mkdtemp). Text without a file is written there.
 */
export async function reachableFile(
  dir: string,
  name: string,
  file: string | undefined,
  content: () => Promise<string | Uint8Array> | string | Uint8Array,
): Promise<string> {
  if (file !== undefined && (await othersCanRead(resolve(file)))) return resolve(file);
  const copy = join(dir, name);
  if (file !== undefined) await copyFile(file, copy, constants.COPYFILE_EXCL);
  else await writeFile(copy, await content(), { flag: 'wx', mode: 0o644 });
  // A copy keeps the source's mode (0600 is what made it unreachable).
  await chmod(copy, 0o644);
  return copy;
}
