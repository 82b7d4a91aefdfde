import { randomBytes } from 'node:crypto';
import { access, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashText, makeDirectory } from '../../shared/index.js';
import { execFile } from '../../process/index.js';
import { resolveCacheDir } from '../../compile/index.js';

/** The C source of the limit-and-measure helper, shipped in the package's `native/` folder. */
const limitHelperSource = fileURLToPath(new URL('../../../native/saferun-limit.c', import.meta.url));

const building = new Map<string, Promise<string>>();

/**
 * Path of the compiled helper, built once with the system C compiler (static when it can) into
 * the cache dir, keyed by the source's hash, and published with an atomic rename.
 * Throws when it cannot be built: the caller reports that as an internal error.
 */
export async function ensureLimitHelper(cacheDir = resolveCacheDir()): Promise<string> {
  const pending = building.get(cacheDir) ?? startBuild(cacheDir);
  const target = await pending;
  // The cache dir may have been cleaned since the build: check, and build again once.
  if (await exists(target)) return target;
  if (building.get(cacheDir) === pending) building.delete(cacheDir);
  return building.get(cacheDir) ?? startBuild(cacheDir);
}

function startBuild(cacheDir: string): Promise<string> {
  const pending = buildLimitHelper(cacheDir);
  pending.catch(() => building.delete(cacheDir));
  building.set(cacheDir, pending);
  return pending;
}

async function buildLimitHelper(cacheDir: string): Promise<string> {
  const source = await readFile(limitHelperSource);
  const hash = hashText(source).slice(0, 16);
  const dir = join(cacheDir, 'judge');
  const target = join(dir, `saferun-limit-${hash}`);
  if (await exists(target)) return target;
  await makeDirectory(dir);
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  // g++ is what the tool needs anyway; `-x c` compiles the helper as C, static for a tiny, fast start.
  const base = ['-x', 'c', '-O2', '-o', temporary, limitHelperSource];
  let result = await execFile('g++', ['-static', ...base], { timeout: 60_000 });
  if (!result.ok) result = await execFile('g++', base, { timeout: 60_000 });
  if (!result.ok) {
    await rm(temporary, { force: true });
    throw new Error(
      `Could not build the limit helper with g++: ${result.stderr || result.error?.message || result.kind}`,
    );
  }
  await rename(temporary, target);
  return target;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
