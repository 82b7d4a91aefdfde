import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether a process with this id exists (EPERM: it does, under another uid). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The paths in `dir` whose name carries the id of a process that is gone (`pattern`'s first group),
 * left by a process killed before it could remove them. This process's own are never listed.
 */
export async function findAbandonedEntries(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries
    .filter((entry) => {
      const pid = Number(pattern.exec(entry)?.[1]);
      return pid > 0 && pid !== process.pid && !isProcessAlive(pid);
    })
    .map((entry) => join(dir, entry));
}
