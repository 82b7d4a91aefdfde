import { constants, createWriteStream } from 'node:fs';
import { lstat, open, readdir, rm } from 'node:fs/promises';
import { makeDirectory } from '../shared/index.js';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

// A dir output with more entries than this is cut: the step could make millions of empty files.
const MAX_ENTRIES = 100_000;

/**
 * Copies one regular file without following a link at its last component (`O_NOFOLLOW`), and
 * checks what was opened, not what a path named a moment before: a FIFO or a device is refused.
 */
async function copyRegular(from: string, to: string): Promise<boolean> {
  const handle = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (!handle) return false;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return false;
    await makeDirectory(dirname(to));
    await rm(to, { force: true });
    await pipeline(
      handle.createReadStream({ autoClose: false }),
      createWriteStream(to, { flags: 'wx', mode: info.mode & 0o755 }),
    );
    return true;
  } finally {
    await handle.close();
  }
}

/** Copies the regular files and dirs under `from` (links, FIFOs and devices are left out). */
async function copyTree(from: string, to: string, budget: { entries: number }): Promise<void> {
  await makeDirectory(to);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (--budget.entries < 0) return;
    const source = join(from, entry.name);
    if (entry.isDirectory()) await copyTree(source, join(to, entry.name), budget);
    else if (entry.isFile()) await copyRegular(source, join(to, entry.name));
  }
}

/** Whether every dir on the way from `work` to `name` is a real dir, not a link the step put there. */
async function isPlainPath(work: string, name: string): Promise<boolean> {
  const parts = name.split('/').slice(0, -1);
  let dir = work;
  for (const part of parts) {
    dir = join(dir, part);
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory()) return false;
  }
  return true;
}

/**
 * Brings the named outputs of a finished step from its work dir into `outputDir`. The step may
 * have put links where its outputs should be: they are never followed, and such an output is
 * simply missing from the result.
 */
export async function collectOutputs(
  work: string,
  names: readonly string[],
  outputDir: string | undefined,
): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  if (!outputDir) return found;
  const budget = { entries: MAX_ENTRIES };
  for (const name of names) {
    if (!(await isPlainPath(work, name))) continue;
    const source = join(work, name);
    const target = join(outputDir, name);
    const info = await lstat(source).catch(() => undefined);
    if (info?.isDirectory()) {
      await copyTree(source, target, budget);
      found[name] = target;
    } else if (info?.isFile() && (await copyRegular(source, target))) {
      found[name] = target;
    }
  }
  return found;
}
