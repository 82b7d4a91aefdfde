import { constants } from 'node:fs';
import { open, rm } from 'node:fs/promises';

/**
 * Reads a file the program may have been able to replace, without following a link: a program that
 * put a link in place of its output gains nothing (ELOOP). At most `limit` bytes.
 */
export async function readNoFollow(path: string, limit = Infinity): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(size, limit));
    let read = 0;
    while (read < buffer.length) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
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
