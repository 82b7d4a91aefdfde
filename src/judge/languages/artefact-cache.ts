import { cp, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { namesAndBytes } from './names-and-bytes.js';
import { hashText, makeDirectory } from '../../shared/index.js';
import { dirname, join } from 'node:path';

const MARK = '.complete';

/** The cache key: the profile's step, the toolchain's version and every file's name and bytes. */
export async function artefactKey(parts: {
  step: unknown;
  version: string;
  dir: string;
  names: readonly string[];
}): Promise<string> {
  return hashText('saferun-artefact-1', JSON.stringify(parts.step), parts.version, ...(await namesAndBytes(parts)));
}

function entryOf(cacheDir: string, key: string): string {
  return join(cacheDir, 'artefacts', key.slice(0, 2), key);
}

/** Copies a cached build's outputs into `dir`; false when there is none. */
export async function restoreArtefacts(
  cacheDir: string,
  key: string,
  outputs: readonly string[],
  dir: string,
): Promise<boolean> {
  const entry = entryOf(cacheDir, key);
  if (
    !(await stat(join(entry, MARK)).then(
      () => true,
      () => false,
    ))
  )
    return false;
  try {
    for (const name of outputs)
      await cp(join(entry, name), join(dir, name), { recursive: true, errorOnExist: true, force: false });
    return true;
  } catch {
    // A damaged entry: compile again (and replace it).
    for (const name of outputs) await rm(join(dir, name), { recursive: true, force: true });
    return false;
  }
}

/** Stores a build's outputs: written aside, then renamed into place, so a reader never sees half of it. */
export async function storeArtefacts(
  cacheDir: string,
  key: string,
  outputs: readonly string[],
  dir: string,
): Promise<void> {
  const entry = entryOf(cacheDir, key);
  await makeDirectory(dirname(entry));
  const aside = await mkdtemp(`${entry}.tmp-`);
  try {
    for (const name of outputs) await cp(join(dir, name), join(aside, name), { recursive: true });
    await writeFile(join(aside, MARK), '');
    await rm(entry, { recursive: true, force: true });
    await rename(aside, entry);
  } catch {
    // Caching is best effort: the build itself succeeded.
    await rm(aside, { recursive: true, force: true });
  }
}
