import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from '../process/index.js';
import { codegenFlags } from './build-command.js';
import type { CompilerInfo } from './compiler-info.js';
import { crc32File, hashText } from './hash.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

/** Sources that include `<bits/stdc++.h>` (in a directive, not a comment) can use the PCH. */
const INCLUDES_STDCXX = /^[ \t]*#[ \t]*include[ \t]*<bits\/stdc\+\+\.h>/m;
const PCH_BUILD_TIMEOUT = 180_000;

export function wantsPch(text: string): boolean {
  return INCLUDES_STDCXX.test(text);
}

interface Stamp {
  size: number;
  crc32: number;
  version: string;
  flags: string[];
}

export interface PchEntry {
  /** The directory to pass with `-I`: it holds `bits/stdc++.h.gch`. */
  dir: string;
  /** Milliseconds spent building it in this call; 0 when it was already there. */
  buildMs: number;
}

/** One directory per compiler version and code-generation flags: a PCH never serves other flags. */
export function pchDirFor(info: CompilerInfo, options: NormalizedCompileOptions): string {
  const key = hashText('pch-v1', info.compiler, info.version, JSON.stringify(codegenFlags(options))).slice(0, 24);
  return join(options.cacheDir, 'pch', key);
}

const verified = new Map<string, Promise<PchEntry | undefined>>();

async function isValid(dir: string, checkCrc = true): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8')) as Stamp;
    const gch = join(dir, 'bits', 'stdc++.h.gch');
    if ((await stat(gch)).size !== stamp.size) return false;
    // Once per process: a corrupt entry of the right size is caught too.
    return !checkCrc || (await crc32File(gch)) === stamp.crc32;
  } catch {
    return false;
  }
}

async function buildInto(dir: string, info: CompilerInfo, options: NormalizedCompileOptions): Promise<boolean> {
  const root = join(options.cacheDir, 'pch');
  await mkdir(root, { recursive: true });
  const scratch = await mkdtemp(join(root, 'building-'));
  try {
    await mkdir(join(scratch, 'bits'));
    const header = join(scratch, 'stdc++.h');
    await writeFile(header, '#include <bits/stdc++.h>\n');
    const gch = join(scratch, 'bits', 'stdc++.h.gch');
    const flags = codegenFlags(options);
    const run = await execFile(info.compiler, [...flags, '-x', 'c++-header', header, '-o', gch], {
      timeout: PCH_BUILD_TIMEOUT,
      maxBuffer: 1 << 20,
      env: { LC_ALL: 'C' },
      cwd: options.cwd,
    });
    if (!run.ok) return false;
    const stamp: Stamp = { size: (await stat(gch)).size, crc32: await crc32File(gch), version: info.version, flags };
    await writeFile(join(scratch, 'stamp.json'), JSON.stringify(stamp));
    await rm(header);
    // Whole-directory rename: readers see no entry or a complete one. A builder that finished
    // first keeps its entry; an invalid old entry is moved aside first.
    if (await isValid(dir, false)) return true;
    if (
      await stat(dir).then(
        () => true,
        () => false,
      )
    )
      await moveAside(dir);
    try {
      await rename(scratch, dir);
    } catch {
      // Another builder won the race: its entry is as good as ours.
    }
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await removeStale(root);
  }
}

// Entries replaced by a rebuild, and scratch dirs of builders that died (Ctrl-C) over an hour ago.
async function removeStale(root: string): Promise<void> {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const path = join(root, name);
    const abandoned =
      name.startsWith('building-') &&
      (await stat(path).then(
        (info) => info.mtimeMs < hourAgo,
        () => false,
      ));
    if (name.includes('.stale-') || abandoned) await rm(path, { recursive: true, force: true });
  }
}

async function ensure(
  dir: string,
  info: CompilerInfo,
  options: NormalizedCompileOptions,
): Promise<PchEntry | undefined> {
  if (await isValid(dir)) return { dir, buildMs: 0 };
  const started = performance.now();
  try {
    // A corrupt or partial entry is moved aside, so the build below replaces it.
    if (
      await stat(dir).then(
        () => true,
        () => false,
      )
    )
      await moveAside(dir);
    if (!(await buildInto(dir, info, options))) return undefined;
  } catch {
    // A cache dir we cannot write: compile without the PCH rather than fail.
    return undefined;
  }
  return (await isValid(dir)) ? { dir, buildMs: performance.now() - started } : undefined;
}

/**
 * The precompiled `bits/stdc++.h` for this compiler and these flags, built once (also once per
 * process when many compiles ask at the same time); `undefined` when it cannot be built.
 */
export function ensurePch(info: CompilerInfo, options: NormalizedCompileOptions): Promise<PchEntry | undefined> {
  const dir = pchDirFor(info, options);
  let entry = verified.get(dir);
  if (!entry) {
    entry = ensure(dir, info, options);
    verified.set(dir, entry);
    // A failed build is retried by the next caller, not remembered.
    void entry.then((found) => found ?? verified.delete(dir));
  }
  return entry;
}

/** Still on disk? A cache cleared under a long-running process must not be reported as used. */
export async function pchExists(dir: string): Promise<boolean> {
  return stat(join(dir, 'bits', 'stdc++.h.gch')).then(
    () => true,
    () => false,
  );
}

/** Forgets and removes an entry the compiler refused (corrupt on disk after it was verified). */
export async function discardPch(dir: string): Promise<void> {
  verified.delete(dir);
  await moveAside(dir);
}

// Renamed, not deleted: a compiler may still have it open; the next build removes it.
async function moveAside(dir: string): Promise<void> {
  await rename(dir, `${dir}.stale-${process.pid}-${Date.now()}`).catch(() => {});
}
