import { chmod, cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { hashText, makeDirectory } from '../../shared/index.js';
import { namesAndBytes } from './names-and-bytes.js';
import { dirname, join } from 'node:path';
import type { StagedFiles } from './stage-files.js';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * A copy of the program dir at a path named by its files' names and contents, in the cache dir.
 * compile()'s result cache keys the include dirs and the cwd by path: compiled from a fresh temp
 * dir each time, the same submission would never be found in it again. Written aside and renamed
 * into place; an existing copy is reused.
 */
export async function stableSourceDir(staged: StagedFiles, cacheDir: string): Promise<string> {
  const key = hashText('saferun-sources-1', ...(await namesAndBytes(staged)));
  const dir = join(cacheDir, 'sources', key.slice(0, 2), key);
  if (await exists(join(dir, staged.names[0] ?? ''))) return dir;
  await makeDirectory(dirname(dir));
  const aside = await mkdtemp(`${dir}.tmp-`);
  try {
    for (const name of staged.names) await cp(join(staged.dir, name), join(aside, name));
    // Read by the sandboxed compiler's own uid.
    await chmod(aside, 0o755);
    await rename(aside, dir);
  } catch (error) {
    await rm(aside, { recursive: true, force: true });
    // Another judge put the same files there first.
    if (!(await exists(dir))) throw error;
  }
  return dir;
}
