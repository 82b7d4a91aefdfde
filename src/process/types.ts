import type { Buffer } from 'node:buffer';
import type { Readable, Writable } from 'node:stream';

/** How a run ended. The first reason that ends a run wins and is recorded once. */
export type ResultKind =
  'ok' | 'exit' | 'signal' | 'timeout' | 'aborted' | 'output-limit' | 'spawn-error' | 'invalid-options';

/** Why a command could not start, or why its options were refused. */
export interface RunError {
  /** `ENOENT`, `EACCES`, ... for spawn errors; `ERR_INVALID_OPTION` for invalid options. */
  code: string;
  message: string;
}

/** What every result holds, whatever its kind. */
interface ResultFields<Output> {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: Output;
  stderr: Output;
  /** stdout and stderr interleaved in the order they arrived: only with `all: true`. */
  all?: Output;
  durationMs: number;
  /** The argv shown shell-escaped (or the shell command as given). */
  command: string;
  pid: number | undefined;
  /** The results of the earlier commands of a pipeline (`run(a).pipe(b)`), first first. */
  pipedFrom?: Result<string | Buffer>[];
}

/** Exited 0, no signal, no timeout, no error. */
export interface OkResult<Output = string> extends ResultFields<Output> {
  ok: true;
  kind: 'ok';
  exitCode: 0;
  signal: null;
  timedOut: false;
  pid: number;
  error?: undefined;
  message?: undefined;
}

/** Every result that is not `ok` says what happened in one line: `Command failed with exit code 3: make`. */
interface FailedFields<Output> extends ResultFields<Output> {
  ok: false;
  message: string;
}

/** Exited with a non-zero code (through a shell, a signal death shows as 128+n). */
export interface ExitResult<Output = string> extends FailedFields<Output> {
  kind: 'exit';
  exitCode: number;
  signal: null;
  timedOut: false;
  pid: number;
  error?: undefined;
}

/** Died of a signal that no saferun limit sent. */
export interface SignalResult<Output = string> extends FailedFields<Output> {
  kind: 'signal';
  exitCode: null;
  signal: NodeJS.Signals;
  timedOut: false;
  pid: number;
  error?: undefined;
}

/** Ran past `timeout`; the tree was killed. */
export interface TimeoutResult<Output = string> extends FailedFields<Output> {
  kind: 'timeout';
  timedOut: true;
  pid: number;
  error?: undefined;
}

/** The `signal` option's AbortSignal fired (before the start: no pid, and an `ABORT_ERR` error). */
export interface AbortedResult<Output = string> extends FailedFields<Output> {
  kind: 'aborted';
  timedOut: false;
  error?: RunError;
}

/** stdout or stderr passed `maxBuffer`; the tree was killed, the output that fit is kept. */
export interface OutputLimitResult<Output = string> extends FailedFields<Output> {
  kind: 'output-limit';
  timedOut: false;
  pid: number;
  error?: undefined;
}

/** The command could not start (`error.code`: ENOENT, EACCES, ...). */
export interface SpawnErrorResult<Output = string> extends FailedFields<Output> {
  kind: 'spawn-error';
  exitCode: null;
  signal: null;
  timedOut: false;
  pid: undefined;
  error: RunError;
}

/** An option or argument was refused; nothing started. */
export interface InvalidOptionsResult<Output = string> extends FailedFields<Output> {
  kind: 'invalid-options';
  exitCode: null;
  signal: null;
  timedOut: false;
  pid: undefined;
  error: RunError;
}

/**
 * The outcome of every run: async or sync, it is always one of these, never an exception.
 * A union on `kind` (and `ok`): `if (result.kind === 'spawn-error') result.error.code` compiles.
 */
export type Result<Output = string> =
  | OkResult<Output>
  | ExitResult<Output>
  | SignalResult<Output>
  | TimeoutResult<Output>
  | AbortedResult<Output>
  | OutputLimitResult<Output>
  | SpawnErrorResult<Output>
  | InvalidOptionsResult<Output>;

export type StdioValue = 'pipe' | 'inherit' | 'ignore';

/** Where the child's stdin comes from: a pipe (default), the parent's, nothing, a descriptor, a file or a stream. */
export type StdinOption = StdioValue | number | { file: string | URL } | Readable;

/** Where the child's stdout or stderr goes: a pipe to the result (default), the parent's, nowhere, a descriptor, a file or a stream. */
export type StdoutOption = StdioValue | number | { file: string | URL; append?: boolean } | Writable;

export interface Options {
  /** Working directory of the child. @default process.cwd() */
  cwd?: string | URL;
  /** Variables set for the child, merged over `process.env` unless `extendEnv` is false. */
  env?: Record<string, string | undefined>;
  /** Merge `env` over `process.env`. @default true */
  extendEnv?: boolean;
  /** Put the `node_modules/.bin` of `cwd` and of each folder above it first on PATH, nearest first. @default false */
  preferLocal?: boolean;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Uint8Array;
  /** A file read as the child's stdin (like `< file`). */
  inputFile?: string | URL;
  /** Milliseconds before the run is killed with `killSignal` and reported as `timeout`. @default undefined (none) */
  timeout?: number;
  /** Signal sent on timeout, abort, output limit and `kill()`. @default 'SIGTERM' */
  killSignal?: NodeJS.Signals;
  /** Milliseconds after `killSignal` before SIGKILL; `false` disables the escalation. @default 2000 */
  forceKillAfter?: number | false;
  /** Aborting it kills the run, reported as `aborted`. */
  signal?: AbortSignal;
  /** Bytes kept per output stream; past it the child is killed, reported as `output-limit`. @default 67108864 (64 MiB) */
  maxBuffer?: number;
  /** `'utf8'` gives strings, `'buffer'` gives Buffers. @default 'utf8' */
  encoding?: 'utf8' | 'buffer';
  /** Child stdio: one value for all three, or one per stream. `stdin`, `stdout`, `stderr` override it. @default 'pipe' */
  stdio?: StdioValue | [StdioValue, StdioValue, StdioValue];
  /** The child's stdin. @default 'pipe' */
  stdin?: StdinOption;
  /** The child's stdout. Only `'pipe'` fills `result.stdout`. @default 'pipe' */
  stdout?: StdoutOption;
  /** The child's stderr. Only `'pipe'` fills `result.stderr`. @default 'pipe' */
  stderr?: StdoutOption;
  /** Also give `result.all`: stdout and stderr interleaved in the order they arrived. @default false */
  all?: boolean;
  /** Called with each line of stdout, as it arrives (without the newline); `stdout` must be `'pipe'` or a stream. */
  onStdout?: (line: string) => void;
  /** Called with each line of stderr, as it arrives (without the newline); `stderr` must be `'pipe'` or a stream. */
  onStderr?: (line: string) => void;
  /** Timeouts, aborts and `kill()` reach every descendant of the child, not the child alone. @default true */
  killTree?: boolean;
  /** Kill the child (its tree) when the parent exits or dies of SIGINT, SIGTERM or SIGHUP. @default true */
  cleanup?: boolean;
  /** Start the child in a new session, left running when the parent exits (implies `cleanup: false`). @default false */
  detached?: boolean;
  /** Remove one trailing `\n` (or `\r\n`) from stdout and stderr. @default true */
  stripFinalNewline?: boolean;
  /** Run through a shell: `true` for `/bin/sh`, or a shell's path. `run` passes its string as is; `execFile` and `spawn` their argv quoted. @default false */
  shell?: boolean | string;
  /** Milliseconds to keep reading output after the child exits, when a grandchild still holds the pipes. @default 100 */
  drainTimeout?: number;
  /** Reject (throw, for the sync forms) with a `RunFailedError` carrying the result, instead of resolving a result that is not ok. @default false */
  throwOnError?: boolean;
  /** Print each command and how it ended to stderr. @default false, or true when SAFERUN_VERBOSE=1 */
  verbose?: boolean;
}

/** Options of `fork`: the module runs in a new Node process with an IPC channel. */
export interface ForkOptions extends Options {
  /** Node flags for the child. @default process.execArgv, less `-e`/`-p` and their code and `--input-type` */
  execArgv?: string[];
  /** The Node binary. @default process.execPath */
  execPath?: string;
  /** IPC serialization. @default 'json' */
  serialization?: 'json' | 'advanced';
}

/** `string`, or `Buffer` with `encoding: 'buffer'`. (`[O]`: options typed `never` give the plain types.) */
export type OutputOf<O> = [O] extends [never] ? string : [O] extends [{ encoding: 'buffer' }] ? Buffer : string;

/** What awaiting a run gives: with `throwOnError: true`, only an ok result (anything else rejects). */
export type ResultOf<O> = [O] extends [never]
  ? Result
  : [O] extends [{ throwOnError: true }]
    ? OkResult<OutputOf<O>>
    : Result<OutputOf<O>>;
