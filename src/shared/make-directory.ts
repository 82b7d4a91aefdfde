import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that fails instead of spinning. Node's `mkdir(path, { recursive: true })` retries for
 * ever when a parent exists but refuses children with ENOENT (under /proc: `/proc/pch`).
 * Throws the error of the first dir that cannot be made.
 */
export async function makeDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(path)).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
  }
  // The parent is missing: make it, then this one once more (ENOENT again means the parent refuses it).
  await makeDirectory(dirname(path));
  try {
    await mkdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
  }
}
