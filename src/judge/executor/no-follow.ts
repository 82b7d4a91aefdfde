import { constants } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { readRegularFile } from '../../shared/index.js';

/**
 * Reads a file the program may have been able to replace, without following a link: a program that
 * put a link in place of its output gains nothing (ELOOP), nor a FIFO (refused, never waited on). At
 * most `limit` bytes.
 */
export function readNoFollow(path: string, limit = Infinity): Promise<Buffer> {
  return readRegularFile(path, { noFollow: true, limit });
}

/** Writes a new file where a program might have left a link: the old entry goes, the new one is created, never followed. */
export async function writeNoFollow(path: string, data: string | Uint8Array): Promise<void> {
  await rm(path, { force: true });
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}
