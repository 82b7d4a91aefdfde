import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidatorFeedback } from './validator-protocol.js';

/** Each feedback file is read up to this many bytes. */
const FEEDBACK_MAX_BYTES = 64 * 1024;

const FILES = { judgeMessage: 'judgemessage.txt', teamMessage: 'teammessage.txt' } as const;

type Read = { text: string } | { refused: string } | undefined;

// O_NOFOLLOW: a symlink planted in the feedback dir is not followed; O_NONBLOCK: a FIFO does not hang the judge.
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

async function readBounded(path: string, name: string, maxBytes: number): Promise<Read> {
  let handle;
  try {
    handle = await open(path, FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') return { refused: `${name} is a symbolic link: not read` };
    return { refused: `${name}: ${(error as Error).message}` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { refused: `${name} is not a regular file: not read` };
    const buffer = Buffer.alloc(Math.min(maxBytes, stat.size) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    const text = buffer.toString('utf8', 0, Math.min(length, maxBytes));
    return { text: length > maxBytes ? `${text}\n[... cut at ${maxBytes} bytes]` : text };
  } finally {
    await handle.close();
  }
}

/**
 * Reads judgemessage.txt and teammessage.txt from a validator's feedback dir: each up to `maxBytes`
 * (cut with a note), never through a symbolic link, only regular files. What was refused, and why,
 * is in `refused`. A missing file is simply absent.
 */
export async function readFeedback(
  dir: string,
  options: { maxBytes?: number } = {},
): Promise<ValidatorFeedback & { refused: string[] }> {
  const maxBytes = options.maxBytes ?? FEEDBACK_MAX_BYTES;
  const feedback: ValidatorFeedback & { refused: string[] } = { refused: [] };
  for (const [key, name] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const read = await readBounded(join(dir, name), name, maxBytes);
    if (read && 'text' in read) feedback[key] = read.text;
    else if (read) feedback.refused.push(read.refused);
  }
  return feedback;
}
