import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { hashText, makeDirectory } from '../shared/index.js';
import { execFile } from '../process/index.js';
import { codegenFlags } from './build-command.js';
import type { CompilerInfo } from './compiler-info.js';
import { crc32File } from './hash.js';
import type { PchBuildEvent } from './types.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

/** Sources that include `<bits/stdc++.h>` (in a directive, not a comment) can use the PCH. */
const INCLUDES_STDCXX = /^[ \t]*#[ \t]*include[ \t]*<bits\/stdc\+\+\.h>/m;
// Blank lines and comments before the include, and nothing else.
const STDCXX_FIRST = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*#[ \t]*include[ \t]*<bits\/stdc\+\+\.h>/;
const PCH_BUILD_TIMEOUT = 180_000;

/**
 * GCC uses its PCH in place of the `#include` and skips it when code comes first. Clang's
 * `-include-pch` comes before the whole source: only a source whose first line is the include
 * keeps its meaning (`#define int long long` above it must change the header).
 */
export function wantsPch(text: string, family: CompilerInfo['family']): boolean {
  return family === 'clang' ? STDCXX_FIRST.test(text) : INCLUDES_STDCXX.test(text);
}

/** The precompiled header inside an entry: GCC finds `bits/stdc++.h.gch` through `-I`; Clang takes the `.pch` itself. */
function pchFileIn(info: CompilerInfo, dir: string): string {
  return info.family === 'clang' ? join(dir, 'stdc++.h.pch') : join(dir, 'bits', 'stdc++.h.gch');
}

interface Stamp {
  size: number;
  crc32: number;
  version: string;
  flags: string[];
}

export interface PchEntry {
  /** The entry's directory: it holds `bits/stdc++.h.gch` (GCC) or `stdc++.h.pch` (Clang). */
  dir: string;
  /** What the compile passes: the directory for `-I` (GCC), the `.pch` for `-include-pch` (Clang). */
  arg: string;
  /** Milliseconds spent building it in this call; 0 when it was already there. */
  buildMs: number;
}

/** One directory per compiler version and code-generation flags: a PCH never serves other flags. */
export function pchDirFor(info: CompilerInfo, options: NormalizedCompileOptions): string {
  const key = hashText('pch-v1', info.compiler, info.version, JSON.stringify(codegenFlags(options))).slice(0, 24);
  return join(options.cacheDir, 'pch', key);
}

const verified = new Map<string, Promise<PchEntry | undefined>>();

async function isValid(info: CompilerInfo, dir: string, checkCrc = true): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8')) as Stamp;
    const gch = pchFileIn(info, dir);
    if ((await stat(gch)).size !== stamp.size) return false;
    // Once per process: a corrupt entry of the right size is caught too.
    return !checkCrc || (await crc32File(gch)) === stamp.crc32;
  } catch {
    return false;
  }
}

async function buildInto(dir: string, info: CompilerInfo, options: NormalizedCompileOptions): Promise<boolean> {
  const root = join(options.cacheDir, 'pch');
  await makeDirectory(root);
  const scratch = await mkdtemp(join(root, 'building-'));
  try {
    const clang = info.family === 'clang';
    await mkdir(join(scratch, 'bits'));
    // Clang's PCH names its header and checks it on every use: that one stays put (its size, not
    // its time, is checked), while GCC's is built next to the .gch and removed.
    const header = clang ? await ensureClangHeader(root) : join(scratch, 'stdc++.h');
    if (!clang) await writeFile(header, '#include <bits/stdc++.h>\n');
    const gch = pchFileIn(info, scratch);
    const flags = codegenFlags(options);
    const stampless = clang ? ['-Xclang', '-fno-pch-timestamp'] : [];
    const run = await execFile(info.compiler, [...flags, ...stampless, '-x', 'c++-header', header, '-o', gch], {
      timeout: PCH_BUILD_TIMEOUT,
      maxBuffer: 1 << 20,
      env: { LC_ALL: 'C' },
      cwd: options.cwd,
    });
    if (!run.ok) return false;
    const stamp: Stamp = { size: (await stat(gch)).size, crc32: await crc32File(gch), version: info.version, flags };
    await writeFile(join(scratch, 'stamp.json'), JSON.stringify(stamp));
    if (!clang) await rm(header);
    // Whole-directory rename: readers see no entry or a complete one. A builder that finished
    // first keeps its entry; an invalid old entry is moved aside first.
    if (await isValid(info, dir, false)) return true;
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

const CLANG_HEADER = '#include <bits/stdc++.h>\n';
/** The file Clang's PCHs are built from, beside the entries: Clang checks it on every use, in a sandbox too. */
export const CLANG_HEADER_FILE = 'clang-stdc++.h';

/** The header Clang's PCHs are built from, written once (atomically) beside the entries. */
async function ensureClangHeader(root: string): Promise<string> {
  const header = join(root, CLANG_HEADER_FILE);
  const current = await readFile(header, 'utf8').catch(() => undefined);
  if (current !== CLANG_HEADER) {
    const scratch = `${header}.${randomUUID()}.tmp`;
    await writeFile(scratch, CLANG_HEADER);
    await rename(scratch, header);
  }
  return header;
}

function tell(options: NormalizedCompileOptions, event: PchBuildEvent): void {
  try {
    options.onPchBuild?.(event);
  } catch {
    // A progress callback that throws must not stop the compile.
  }
}

async function ensure(
  dir: string,
  info: CompilerInfo,
  options: NormalizedCompileOptions,
): Promise<PchEntry | undefined> {
  const arg = info.family === 'clang' ? pchFileIn(info, dir) : dir;
  if (await isValid(info, dir)) return { dir, arg, buildMs: 0 };
  const started = performance.now();
  const event = { compiler: info.compiler, major: info.major, flags: codegenFlags(options) };
  tell(options, { state: 'building', ...event });
  const built = await build(dir, info, options);
  const durationMs = performance.now() - started;
  tell(options, { state: built ? 'built' : 'failed', ...event, durationMs });
  return built ? { dir, arg, buildMs: durationMs } : undefined;
}

async function build(dir: string, info: CompilerInfo, options: NormalizedCompileOptions): Promise<boolean> {
  try {
    // A corrupt or partial entry is moved aside, so the build below replaces it.
    if (
      await stat(dir).then(
        () => true,
        () => false,
      )
    )
      await moveAside(dir);
    if (!(await buildInto(dir, info, options))) return false;
  } catch {
    // A cache dir we cannot write: compile without the PCH rather than fail.
    return false;
  }
  return isValid(info, dir);
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
export async function pchExists(info: CompilerInfo, dir: string): Promise<boolean> {
  return stat(pchFileIn(info, dir)).then(
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
