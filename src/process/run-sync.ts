import type { SpawnSyncOptions, SpawnSyncReturns, StdioOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import crossSpawn from 'cross-spawn';
import {
  describeSpawnError,
  emptyOutput,
  makeAbortedBeforeStartResult,
  makeNotStartedResult,
  makeResult,
  type Ending,
} from './make-result.js';
import type { LaunchSpec } from './active-run.js';
import { guardLineCallback } from './guard-callback.js';
import { LineSplitter } from './line-splitter.js';
import { openStdio } from './open-stdio.js';
import { finishOutput } from './output-collector.js';
import { firstFailure, RunFailedError } from './run-failed-error.js';
import type { Result, RunError } from './types.js';
import { isRefusal, type NormalizedOptions, type RunOptions } from './validate-options.js';
import { logStart } from './verbose-log.js';

const GNU_TIMEOUT = '/usr/bin/timeout';
const SETPRIV = '/usr/bin/setpriv';
// GNU timeout's own exit codes when it could not run the command.
const TIMEOUT_CANNOT_EXECUTE = 126;
const TIMEOUT_NOT_FOUND = 127;
const TIMEOUT_EXPIRED = 124;
const executables = new Map<string, boolean>();

function isExecutable(path: string): boolean {
  let found = executables.get(path);
  if (found === undefined) {
    try {
      accessSync(path, constants.X_OK);
      found = true;
    } catch {
      found = false;
    }
    executables.set(path, found);
  }
  return found;
}

/**
 * spawnSync's own timeout kills the child alone, and a grandchild holding the pipes then
 * blocks it until the grandchild exits. GNU `timeout` leads its own process group and
 * signals all of it, so a timed-out tree dies and the pipes close.
 */
function wrapWithTimeout(spec: LaunchSpec, options: NormalizedOptions): { file: string; args: string[] } | undefined {
  if (options.timeout === undefined || !options.killTree || !isExecutable(GNU_TIMEOUT)) return undefined;
  const killAfter = options.forceKillAfter === false ? [] : [`--kill-after=${options.forceKillAfter / 1000}s`];
  const args = [`--signal=${options.killSignal}`, ...killAfter, `${options.timeout / 1000}s`, spec.file, ...spec.args];
  if (!options.cleanup || !isExecutable(SETPRIV)) return { file: GNU_TIMEOUT, args };
  // That group is a background one, which Ctrl-C on the terminal does not reach: when the parent
  // dies (of it, or of anything), the parent-death signal has timeout pass killSignal on to its group.
  return { file: SETPRIV, args: ['--pdeathsig', options.killSignal, GNU_TIMEOUT, ...args] };
}

function spawnSyncOptions(
  options: NormalizedOptions,
  stdio: StdioOptions,
  backstopMs: number | undefined,
): SpawnSyncOptions {
  return {
    cwd: options.cwd,
    env: options.env,
    stdio,
    input: options.input,
    maxBuffer: options.maxBuffer,
    timeout: backstopMs,
    killSignal: backstopMs === undefined ? options.killSignal : 'SIGKILL',
    windowsHide: true,
  };
}

/** What the sync forms cannot do: a stream needs the event loop, and so does interleaving `all`. */
function syncRefusal(options: NormalizedOptions): RunError | undefined {
  const name = (['stdin', 'stdout', 'stderr'] as const).find((_, index) => {
    const target = options.stdio[index];
    return typeof target === 'object' && ('readable' in target || 'writable' in target);
  });
  if (name !== undefined) {
    const message = `Expected \`${name}\` of a sync run to be 'pipe', 'inherit', 'ignore', a file descriptor or \`{ file }\`, got a stream (streams need the async forms)`;
    return { code: 'ERR_INVALID_OPTION', message };
  }
  if (options.all)
    return {
      code: 'ERR_INVALID_OPTION',
      message: '`all` needs the async forms: a sync run cannot tell the order of stdout and stderr',
    };
  return undefined;
}

/** Runs to completion synchronously; the same Result as the async forms, never throws unless `throwOnError`. */
export function runSpecSync(spec: LaunchSpec, options: RunOptions): Result<string | Buffer> {
  const log = options.verbose ? logStart(spec.command) : undefined;
  const result = runToResult(spec, options);
  log?.(result);
  const failed = options.throwOnError ? firstFailure(result) : undefined;
  if (failed) throw new RunFailedError(failed);
  return result;
}

function runToResult(spec: LaunchSpec, options: RunOptions): Result<string | Buffer> {
  const empty = emptyOutput(options.encoding);
  if (isRefusal(options)) return makeNotStartedResult('invalid-options', options.refused, spec.command, empty);
  const refused = syncRefusal(options);
  if (refused) return makeNotStartedResult('invalid-options', refused, spec.command, empty);
  if (options.signal?.aborted) return makeAbortedBeforeStartResult(spec.command, options.encoding);
  const opened = openStdio(options.stdio);
  if ('code' in opened) return makeNotStartedResult('spawn-error', opened, spec.command, empty);
  const wrapped = wrapWithTimeout(spec, options);
  const backstop =
    options.timeout === undefined ? undefined : options.timeout + (wrapped ? (options.forceKillAfter || 0) + 5000 : 0);
  const startedAt = performance.now();
  let raw: SpawnSyncReturns<Buffer>;
  try {
    raw = crossSpawn.sync(
      wrapped?.file ?? spec.file,
      wrapped?.args ?? spec.args,
      spawnSyncOptions(options, opened.stdio, backstop),
    ) as SpawnSyncReturns<Buffer>;
  } catch (error) {
    return makeNotStartedResult(
      'spawn-error',
      describeSpawnError(error as NodeJS.ErrnoException, spec.file, options.cwd),
      spec.command,
      empty,
    );
  } finally {
    opened.close();
  }
  const durationMs = performance.now() - startedAt;
  const stdout = truncate(raw.stdout, options.maxBuffer);
  const stderr = truncate(raw.stderr, options.maxBuffer);
  const ending = decideSyncEnding(raw, spec.file, wrapped !== undefined, options, durationMs, stderr);
  if (ending.reason === 'spawn-error' && ending.error) {
    return makeNotStartedResult('spawn-error', ending.error, spec.command, empty);
  }
  replayLines(stdout, guardLineCallback('onStdout', options.onStdout, spec.command));
  replayLines(stderr, guardLineCallback('onStderr', options.onStderr, spec.command));
  const output = {
    stdout: finishOutput(stdout, options.encoding, options.stripFinalNewline),
    stderr: finishOutput(stderr, options.encoding, options.stripFinalNewline),
  };
  const meta = { command: spec.command, pid: raw.pid || undefined, durationMs, timeoutMs: options.timeout };
  return makeResult(ending, output, { ...meta, maxBuffer: options.maxBuffer });
}

function decideSyncEnding(
  raw: SpawnSyncReturns<Buffer>,
  file: string,
  wrapped: boolean,
  options: NormalizedOptions,
  durationMs: number,
  stderr: Buffer,
): Ending {
  const ending: Ending = { reason: undefined, exitCode: raw.status, signal: raw.signal };
  const error: NodeJS.ErrnoException | undefined = raw.error;
  const code = error?.code;
  if (code === 'ETIMEDOUT') ending.reason = 'timeout';
  else if (code === 'ENOBUFS') ending.reason = 'output-limit';
  else if (error) {
    ending.reason = 'spawn-error';
    ending.error = describeSpawnError(error, file, options.cwd);
  } else if (wrapped) {
    readGnuTimeoutStatus(ending, file, options, durationMs, stderr);
  }
  return ending;
}

function readGnuTimeoutStatus(
  ending: Ending,
  file: string,
  options: NormalizedOptions,
  durationMs: number,
  stderr: Buffer,
): void {
  const timedOut = durationMs >= (options.timeout ?? 0);
  // 124: the command died of the kill signal. On escalation, timeout SIGKILLs its own group, itself included.
  if (timedOut && (ending.exitCode === TIMEOUT_EXPIRED || ending.signal === 'SIGKILL')) {
    ending.reason = 'timeout';
    ending.signal = ending.exitCode === TIMEOUT_EXPIRED ? options.killSignal : 'SIGKILL';
    ending.exitCode = null;
    return;
  }
  const message = stderr.toString('utf8');
  if (!message.includes('timeout: failed to run command')) return;
  if (ending.exitCode === TIMEOUT_NOT_FOUND || ending.exitCode === TIMEOUT_CANNOT_EXECUTE) {
    const errno = Object.assign(new Error(message), {
      code: ending.exitCode === TIMEOUT_NOT_FOUND ? 'ENOENT' : 'EACCES',
    });
    ending.reason = 'spawn-error';
    ending.error = describeSpawnError(errno, file, options.cwd);
  }
}

function truncate(bytes: Buffer | null, maxBuffer: number): Buffer {
  if (!bytes) return Buffer.alloc(0);
  return bytes.length > maxBuffer ? bytes.subarray(0, maxBuffer) : bytes;
}

function replayLines(bytes: Buffer, onLine: ((line: string) => void) | undefined): void {
  if (!onLine || bytes.length === 0) return;
  const splitter = new LineSplitter(onLine);
  splitter.push(bytes);
  splitter.end();
}
