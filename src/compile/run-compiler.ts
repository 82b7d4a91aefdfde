import { execFile, formatCommand, type Result } from '../process/index.js';
import { parseDiagnostics } from './parse-diagnostics.js';
import type { CompileKind, Diagnostic } from './types.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

export interface CompilerRun {
  kind: CompileKind;
  stderr: string;
  diagnostics: Diagnostic[];
  command: string;
  durationMs: number;
  run: Result;
}

const OUT_OF_MEMORY = /out of memory|virtual memory exhausted|cannot allocate memory|std::bad_alloc|Killed signal terminated program/i;

function decideKind(run: Result, options: NormalizedCompileOptions, diagnostics: Diagnostic[]): CompileKind {
  switch (run.kind) {
    case 'ok':
      return 'ok';
    case 'timeout':
      return 'timeout';
    case 'output-limit':
      return 'output-limit';
    case 'aborted':
      return 'aborted';
    case 'spawn-error':
      return run.error?.code === 'ENOENT' || run.error?.code === 'EACCES' ? 'compiler-missing' : 'compile-error';
    case 'invalid-options':
      return 'invalid-input';
    case 'exit':
    case 'signal':
      if (options.memoryLimitMb !== undefined && (OUT_OF_MEMORY.test(run.stderr) || run.signal === 'SIGSEGV' || run.signal === 'SIGABRT')) {
        return 'memory-limit';
      }
      if (run.kind === 'exit' && diagnostics.length === 0 && run.stderr === '' && run.exitCode === 0) return 'ok';
      return 'compile-error';
    default: {
      const never: never = run.kind;
      return never;
    }
  }
}

/** Runs the compiler once under the time, output and memory limits; parses what it said. */
export async function runCompiler(compiler: string, args: string[], options: NormalizedCompileOptions): Promise<CompilerRun> {
  const command = formatCommand(compiler, args);
  // `ulimit -v` in a shell that then execs the compiler: no helper binary needed.
  const [file, argv] = options.memoryLimitMb === undefined
    ? [compiler, args]
    : ['/bin/sh', ['-c', 'ulimit -v "$0" && exec "$@"', String(options.memoryLimitMb * 1024), compiler, ...args]];
  const run = await execFile(file, argv, {
    cwd: options.cwd,
    timeout: options.timeout,
    maxBuffer: options.maxOutput,
    signal: options.signal,
    forceKillAfter: 1000,
    env: { LC_ALL: 'C', LANG: 'C', GCC_COLORS: '' },
  });
  const diagnostics = parseDiagnostics(run.stdout ? `${run.stdout}\n${run.stderr}` : run.stderr);
  return { kind: decideKind(run, options, diagnostics), stderr: run.stderr, diagnostics, command, durationMs: run.durationMs, run };
}
