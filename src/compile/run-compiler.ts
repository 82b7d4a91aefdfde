import { saysOutOfMemory } from '../shared/index.js';
import { execFile, formatCommand, type Result } from '../process/index.js';
import { parseDiagnostics } from './parse-diagnostics.js';
import { explainStop } from './explain-stop.js';
import { isCacheable } from './result-cache.js';
import type { CompileKind, Diagnostic } from './types.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

export interface CompilerRun {
  kind: CompileKind;
  stderr: string;
  diagnostics: Diagnostic[];
  command: string;
  durationMs: number;
  run: Result;
  /** The compiler itself gave the verdict (it ran to an exit): a signal or a failed spawn may go the other way next time. */
  cacheable: boolean;
}

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
      return run.error.code === 'ENOENT' || run.error.code === 'EACCES' ? 'compiler-missing' : 'compile-error';
    case 'invalid-options':
      return 'invalid-input';
    case 'exit':
    case 'signal': {
      // Under the limit g++ may die without a word (it cannot allocate its JSON report).
      const silent = run.stderr.trim() === '' && diagnostics.length === 0;
      if (
        options.memoryLimitMb !== undefined &&
        (saysOutOfMemory(run.stderr) || silent || run.signal === 'SIGSEGV' || run.signal === 'SIGABRT')
      ) {
        return 'memory-limit';
      }
      return 'compile-error';
    }
    default: {
      const never: never = run; // the Result union narrows to nothing here
      return never;
    }
  }
}

/** Runs the compiler once under the time, output and memory limits; parses what it said. */
export async function runCompiler(
  compiler: string,
  args: string[],
  options: NormalizedCompileOptions,
): Promise<CompilerRun> {
  // `ulimit -v` in a shell that then execs the compiler: no helper binary needed.
  const [file, argv] =
    options.memoryLimitMb === undefined
      ? [compiler, args]
      : ['/bin/sh', ['-c', 'ulimit -v "$0" && exec "$@"', String(options.memoryLimitMb * 1024), compiler, ...args]];
  const run = await execFile(file, argv, {
    cwd: options.cwd,
    timeout: options.timeout,
    maxBuffer: options.maxOutput,
    signal: options.signal,
    forceKillAfter: 1000,
    env: COMPILER_ENV,
  });
  return interpretCompilerRun(run, formatCommand(compiler, args), options);
}

/** The compiler's environment: plain messages in English, without colours. */
export const COMPILER_ENV = { LC_ALL: 'C', LANG: 'C', GCC_COLORS: '' };

/** The verdict of a finished compiler run (on the host or in the sandbox), with its diagnostics parsed. */
export function interpretCompilerRun(run: Result, command: string, options: NormalizedCompileOptions): CompilerRun {
  const diagnostics = parseDiagnostics(run.stdout ? `${run.stdout}\n${run.stderr}` : run.stderr);
  const kind = decideKind(run, options, diagnostics);
  const unexplained = explainSilentFailure(kind, run, diagnostics);
  // A crash or a failure in unknown words may not happen next time (a flaky wrapper, memory): not cached.
  const crashed = unexplained !== undefined || diagnostics.some((d) => d.message.includes('internal compiler error'));
  const limits = { timeMs: options.timeout, memoryMb: options.memoryLimitMb, outputBytes: options.maxOutput };
  const reason = explainStop(kind, limits) ?? unexplained;
  if (reason) diagnostics.push({ file: '', line: 0, column: 0, severity: 'error', message: reason });
  const cacheable = (run.kind === 'ok' || run.kind === 'exit') && isCacheable(kind) && !crashed;
  return { kind, stderr: run.stderr, diagnostics, command, durationMs: run.durationMs, run, cacheable };
}

/** A failure without an error the parsers know (a crash, a wrapper's own words) still says something. */
function explainSilentFailure(kind: CompileKind, run: Result, diagnostics: Diagnostic[]): string | undefined {
  if (kind !== 'compile-error' || diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return undefined;
  const how =
    run.kind === 'signal'
      ? `was killed by ${run.signal}`
      : run.kind === 'exit'
        ? `exited with code ${run.exitCode}`
        : 'failed';
  const said = run.stderr
    .split('\n')
    .find((line) => line.trim() !== '' && !line.startsWith('['))
    ?.trim();
  return `the compiler ${how} without an error message${said ? `: ${said}` : ''}`;
}
