import { copyFile, constants, rename, rm } from 'node:fs/promises';

/** Renames `from` to `to`, copying across file systems. */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to, constants.COPYFILE_FICLONE);
    await rm(from, { force: true });
  }
}

/** Copies `from` to `to` without ever sharing the inode: the caller may overwrite `to`. */
export async function copyBinary(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  await copyFile(from, to, constants.COPYFILE_FICLONE);
}
