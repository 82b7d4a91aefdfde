import { mkdtemp, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirectory } from '../shared/index.js';
import type { CompileError } from './types.js';

const checked = new Map<string, Promise<CompileError | undefined>>();

/** Makes the dir when missing and a dir in it (what the caches do), then removes that. */
async function tryCacheDir(dir: string): Promise<void> {
  await makeDirectory(dir);
  await rmdir(await mkdtemp(join(dir, '.probe-')));
}

/**
 * A cache dir the caller named must be usable: a clear error instead of a compile that silently
 * caches nothing (or, under /proc, an mkdir that never returns). Checked once per dir and process.
 */
export function checkCacheDir(dir: string): Promise<CompileError | undefined> {
  let found = checked.get(dir);
  if (!found) {
    found = tryCacheDir(dir).then(
      () => undefined,
      (error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code ?? 'ERR_INTERNAL';
        return { code, message: `Cannot use the cache dir ${dir} (${code}): it must be a dir this user can write` };
      },
    );
    checked.set(dir, found);
  }
  return found;
}
