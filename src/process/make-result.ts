import { existsSync, statSync } from 'node:fs';
import { describeEnding } from './describe-ending.js';
import type { Result, ResultKind, RunError } from './types.js';

export interface Ending {
  /** Set when saferun ended the run (timeout, abort, output limit) or it never started. */
  reason: Exclude<ResultKind, 'ok' | 'exit' | 'signal'> | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  error?: RunError;
}

/** What a result shows besides how the run ended. */
export interface ResultMeta {
  command: string;
  pid: number | undefined;
  durationMs: number;
  /** For the message of a timed-out run, and of one past maxBuffer. */
  timeoutMs?: number | undefined;
  maxBuffer?: number | undefined;
}

/** The kind follows from the first reason that ended the run, then from how the child ended. */
function decideKind(ending: Ending): ResultKind {
  if (ending.reason !== undefined) return ending.reason;
  if (ending.signal !== null) return 'signal';
  return ending.exitCode === 0 ? 'ok' : 'exit';
}

export function makeResult<Output>(
  ending: Ending,
  output: { stdout: Output; stderr: Output; all?: Output | undefined },
  meta: ResultMeta,
): Result<Output> {
  const kind = decideKind(ending);
  const result: Record<string, unknown> = {
    ok: kind === 'ok',
    kind,
    exitCode: ending.exitCode,
    signal: ending.signal,
    timedOut: kind === 'timeout',
    stdout: output.stdout,
    stderr: output.stderr,
    ...(output.all === undefined ? {} : { all: output.all }),
    durationMs: meta.durationMs,
    command: meta.command,
    pid: meta.pid,
  };
  if (ending.error) result.error = ending.error;
  if (kind !== 'ok') result.message = describeEnding({ ...ending, ...meta, kind, error: ending.error });
  return result as unknown as Result<Output>;
}

/** A result for a run that never started: invalid options, a spawn error, or an abort before the start. */
export function makeNotStartedResult<Output>(
  kind: 'invalid-options' | 'spawn-error' | 'aborted',
  error: RunError,
  command: string,
  empty: Output,
): Result<Output> {
  return makeResult(
    { reason: kind, exitCode: null, signal: null, error },
    { stdout: empty, stderr: empty },
    { command, pid: undefined, durationMs: 0 },
  );
}

/** Node says `spawn g++ ENOENT` whether the command or the cwd is missing: say which. */
export function describeSpawnError(error: NodeJS.ErrnoException, file: string, cwd: string | undefined): RunError {
  const code = error.code ?? 'ERR_SPAWN';
  if ((code === 'ENOENT' || code === 'ENOTDIR') && cwd !== undefined && !isDirectory(cwd)) {
    const what = existsSync(cwd) ? 'is not a directory' : 'does not exist';
    return { code, message: `The working directory \`${cwd}\` (option \`cwd\`) ${what}` };
  }
  if (code === 'ENOENT') {
    const where = file.includes('/') ? 'no such file' : 'not found in PATH';
    return { code, message: `Command \`${file}\`: ${where}` };
  }
  if (code === 'E2BIG') {
    const limits = 'at most 128 KiB an argument, and about 2 MiB in all with the environment';
    return { code, message: `Command \`${file}\`: its argument list is too long (E2BIG: ${limits})` };
  }
  if (code === 'EACCES') {
    return { code, message: `Command \`${file}\`: permission denied (not executable, or a directory)` };
  }
  return { code, message: `Command \`${file}\` could not start: ${error.message}` };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Empty output in the encoding asked for. */
export function emptyOutput(encoding: 'utf8' | 'buffer'): string | Buffer {
  return encoding === 'buffer' ? Buffer.alloc(0) : '';
}

/** The signal was already aborted when the run was asked for: nothing is started. */
export function makeAbortedBeforeStartResult<Output>(command: string, encoding: 'utf8' | 'buffer'): Result<Output> {
  const error = { code: 'ABORT_ERR', message: 'The run was aborted before it started' };
  return makeNotStartedResult('aborted', error, command, emptyOutput(encoding) as Output);
}
