import { chmod, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runSandboxedStep, STEP_WORK } from '../sandbox/index.js';
import { buildCompileArgs } from './build-command.js';
import type { CompilerInfo } from './compiler-info.js';
import { forcedIncludes, includeDirsInFlags, withAbsolutePaths } from './flag-paths.js';
import { CLANG_HEADER_FILE, type PchEntry } from './pch.js';
import type { PreparedSource } from './prepare-sources.js';
import { COMPILER_ENV, interpretCompilerRun, type CompilerRun } from './run-compiler.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

// The compiler, cc1plus, as and ld, with room to spare; a fork bomb in a build step stops here.
const COMPILE_PROCESSES = 64;

/** Each source's name in the work dir: the base name it is shown by, or `<i>/<base name>` when two sources share one. */
export function workNames(sources: readonly PreparedSource[]): string[] {
  const bases = sources.map((source) => basename(source.display));
  const unique = new Set(bases).size === bases.length;
  return bases.map((base, i) => (unique ? base : `${i}/${base}`));
}

/**
 * The sandbox's uid reads the PCH as "other": open up the entry (mkdtemp made it 0700), on every
 * use, since a rebuilt entry is 0700 again. `false` when it is not ours to change and not open
 * already: the compile then goes without it (a PCH it cannot read must never become a CE).
 */
export async function makePchReadable(info: CompilerInfo, pchDir: string): Promise<boolean> {
  const parts: [string, number][] =
    info.family === 'clang'
      ? [
          [pchDir, 0o755],
          [join(pchDir, 'stdc++.h.pch'), 0o644],
        ]
      : [
          [pchDir, 0o755],
          [join(pchDir, 'bits'), 0o755],
          [join(pchDir, 'bits', 'stdc++.h.gch'), 0o644],
        ];
  for (const [path, mode] of parts) {
    try {
      await chmod(path, mode);
    } catch {
      const open = await stat(path).then(
        (info) => (info.mode & mode & 0o007) === (mode & 0o007),
        () => false,
      );
      if (!open) return false;
    }
  }
  return true;
}

/** What the sandbox binds for the PCH: the entry, and for Clang the header it was built from (Clang checks it on use). */
function pchPaths(info: CompilerInfo, pch: PchEntry | undefined): string[] {
  if (!pch) return [];
  return info.family === 'clang' ? [pch.dir, join(dirname(pch.dir), CLANG_HEADER_FILE)] : [pch.dir];
}

// The compiler's temporary objects are made in the work dir, not the host's temp dir where
// renameFiles() recognises them (`/tmp/ccAb12Cd.o` in a linker message): say them as if there.
function hostTempName(file: string): string {
  return file.startsWith(`${STEP_WORK}/`) && file.endsWith('.o') ? join(tmpdir(), basename(file)) : file;
}

/** A compiler outside /usr (e.g. /opt/gcc-13/bin/g++) needs its whole prefix. */
async function toolchainDirs(compiler: string): Promise<string[]> {
  if (!compiler.includes('/')) return [];
  const real = await realpath(compiler).catch(() => compiler);
  return real.startsWith('/usr/') ? [] : [dirname(dirname(real))];
}

/**
 * Runs the compiler once in the sandbox: a private copy of the sources only, the include dirs and
 * the PCH dir read-only, an unprivileged uid, no network, the compile limits. The binary comes
 * back to `output` (whose base name it has inside) as a copy the host made.
 */
export async function runCompilerInSandbox(
  sources: PreparedSource[],
  info: CompilerInfo,
  options: NormalizedCompileOptions,
  output: string,
  pch: PchEntry | undefined,
): Promise<CompilerRun> {
  const names = workNames(sources);
  const args = buildCompileArgs({
    info,
    // Its cwd is the work dir: `-I../include` from a compile_commands.json entry must still point home.
    options: { ...options, flags: withAbsolutePaths(options.flags, options.cwd) },
    sources: sources.map((source, i) => ({ arg: names[i]!, display: source.display })),
    output: basename(output),
    pch: pch?.arg,
  });
  // Trusted paths the caller named: include dirs (options and flags), files the flags include.
  const named = [
    ...options.includeDirs,
    ...includeDirsInFlags(options.flags, options.cwd),
    ...(await forcedIncludes(options.flags, options.cwd)).map((file) => file.path),
  ];
  const step = await runSandboxedStep({
    command: info.compiler,
    args,
    files: Object.fromEntries(sources.map((source, i) => [names[i]!, source.path])),
    outputs: options.syntaxOnly ? [] : [basename(output)],
    outputDir: dirname(output),
    limits: {
      timeMs: options.timeout,
      memoryMb: options.memoryLimitMb ?? false,
      outputBytes: options.maxOutput,
      processes: COMPILE_PROCESSES,
    },
    env: COMPILER_ENV,
    readOnlyPaths: [...named, ...pchPaths(info, pch), ...(await toolchainDirs(info.compiler))],
    sandbox: 'bwrap',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const run = interpretCompilerRun(step, step.command, options);
  // The compiler names the sources as it saw them; compile() renames them from what the caller gave.
  const byName = new Map(names.map((name, i) => [name, sources[i]!.arg]));
  const diagnostics = run.diagnostics.map((d) => ({ ...d, file: byName.get(d.file) ?? hostTempName(d.file) }));
  return { ...run, diagnostics };
}
