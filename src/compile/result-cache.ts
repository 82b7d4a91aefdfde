import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { hashText, makeDirectory } from '../shared/index.js';
import { codegenFlags } from './build-command.js';
import type { CompilerInfo } from './compiler-info.js';
import { stampCompiler } from './compiler-stamp.js';
import { forcedIncludes, includeDirsInFlags } from './flag-paths.js';
import { findLocalHeaders } from './local-headers.js';
import { stampLinkInputs } from './link-inputs.js';
import { moveFile } from './move-file.js';
import { isUnder, STEP_WORK } from '../sandbox/index.js';
import { workNames } from './sandboxed-run.js';
import type { PreparedSource } from './prepare-sources.js';
import type { CompileKind, Diagnostic } from './types.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

/** What a cache entry holds besides the binary. */
export interface CachedVerdict {
  kind: CompileKind;
  diagnostics: Diagnostic[];
  stderr: string;
  command: string;
}

/** Only verdicts the sources decide are kept: a timeout or an abort may go the other way next time (see also `CompilerRun.cacheable`). */
export function isCacheable(kind: CompileKind): boolean {
  return kind === 'ok' || kind === 'compile-error';
}

// The host compiler inherits the environment: these change what it finds or makes.
const INCLUDE_PATH_VARIABLES = ['CPATH', 'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH', 'OBJC_INCLUDE_PATH'];
const COMPILER_VARIABLES = [...INCLUDE_PATH_VARIABLES, 'GCC_EXEC_PREFIX', 'COMPILER_PATH', 'LIBRARY_PATH'];

/** The directories of the include path variables (`CPATH=a:b`), absolute; an empty entry is the cwd, as for GCC. */
function includeDirsInEnvironment(cwd: string): string[] {
  return INCLUDE_PATH_VARIABLES.flatMap((name) => process.env[name]?.split(':').map((dir) => resolve(cwd, dir)) ?? []);
}

/**
 * The key: sources (as named and as written), local headers, compiler version, every flag that
 * matters, and whether the compiler ran sandboxed: the same source may compile on the host and
 * not in the sandbox (`#include "/etc/passwd"`), and neither verdict may serve the other.
 * `undefined` when the sources' dependencies cannot be known without compiling (`#include MACRO`).
 */
export async function computeCacheKey(
  sources: PreparedSource[],
  info: CompilerInfo,
  options: NormalizedCompileOptions,
  sandboxed = false,
): Promise<string | undefined> {
  // `-I` and `-include` among the flags (a compile_commands.json entry's) count too: their headers are keyed.
  // On the host, so do the directories of `CPATH` and the like (the sandbox passes no variable on).
  const searched = [
    ...options.includeDirs,
    ...includeDirsInFlags(options.flags, options.cwd),
    ...(sandboxed ? [] : includeDirsInEnvironment(options.cwd)),
  ];
  const forced = await forcedIncludes(options.flags, options.cwd);
  const included = forced.flatMap((file) => (file.text === null ? [] : [{ path: file.path, text: file.text }]));
  // In the sandbox the compiler sees the sources and the include dirs only: the key reads no other host file.
  const names = workNames(sources);
  const headers = sandboxed
    ? await findLocalHeaders(
        [...sources.map((source, i) => ({ path: join(STEP_WORK, names[i]!), text: source.text })), ...included],
        searched,
        (path) => searched.some((dir) => isUnder(path, dir)),
      )
    : await findLocalHeaders([...sources, ...included], searched);
  if (!headers) return undefined;
  return hashText(
    'result-v2',
    info.compiler,
    info.version,
    await stampCompiler(info.compiler, options.cwd),
    // A linked program also depends on the libraries and objects among the flags.
    ...(options.syntaxOnly || options.compileOnly ? [] : await stampLinkInputs(options.flags, options.cwd)),
    JSON.stringify({
      flags: codegenFlags(options),
      includeDirs: options.includeDirs,
      syntaxOnly: options.syntaxOnly,
      compileOnly: options.compileOnly,
      language: options.language ?? null,
      werror: options.warningsAsErrors,
      linked: !options.syntaxOnly && !options.compileOnly,
      // Relative paths in the flags (`-Isrc`, `-include config.h`) mean something else elsewhere.
      cwd: options.cwd,
      ...(sandboxed
        ? { sandbox: 'bwrap' }
        : { environment: COMPILER_VARIABLES.map((name) => process.env[name] ?? null) }),
    }),
    ...sources.flatMap((source) => [source.display, hashText(source.text)]),
    ...forced.flatMap((file) => [file.path, file.text === null ? '-' : hashText(file.text)]),
    ...headers.flatMap((header) => [
      header.name,
      header.path ?? '-',
      header.text === null ? '-' : hashText(header.text),
    ]),
  );
}

export function entryDir(cacheDir: string, key: string): string {
  return join(cacheDir, 'results', key.slice(0, 2), key);
}

/** The cached verdict, and the cached binary's path when there is one; `undefined` on a miss or a broken entry. */
export async function readCacheEntry(
  dir: string,
  wantBinary: boolean,
): Promise<{ verdict: CachedVerdict; binary?: string } | undefined> {
  try {
    const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as CachedVerdict;
    if (!isCacheable(verdict.kind) || !Array.isArray(verdict.diagnostics)) return undefined;
    if (verdict.kind !== 'ok' || !wantBinary) return { verdict };
    const binary = join(dir, 'binary');
    await stat(binary);
    return { verdict, binary };
  } catch {
    return undefined;
  }
}

/** Stores a verdict (and moves the binary in) through a scratch dir renamed into place: never half an entry. */
export async function writeCacheEntry(
  dir: string,
  verdict: CachedVerdict,
  binary: string | undefined,
): Promise<string | undefined> {
  let scratch: string | undefined;
  try {
    const parent = dirname(dir);
    await makeDirectory(parent);
    scratch = await mkdtemp(join(parent, 'writing-'));
    if (binary) await moveFile(binary, join(scratch, 'binary'));
    await writeFile(join(scratch, 'verdict.json'), JSON.stringify(verdict));
    await rm(dir, { recursive: true, force: true });
    await rename(scratch, dir);
    return binary ? join(dir, 'binary') : undefined;
  } catch {
    // Best effort: a read-only or full cache dir, or a concurrent writer that came first.
    return undefined;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
