import type { Buffer } from 'node:buffer';

/** How a run ended. The first reason that ends a run wins and is recorded once. */
export type ResultKind =
  'ok' | 'exit' | 'signal' | 'timeout' | 'aborted' | 'output-limit' | 'spawn-error' | 'invalid-options';

/** Why a command could not start, or why its options were refused. */
export interface RunError {
  /** `ENOENT`, `EACCES`, ... for spawn errors; `ERR_INVALID_OPTION` for invalid options. */
  code: string;
  message: string;
}

/** The outcome of every run: async or sync, it is always one of these, never an exception. */
export interface Result<Output = string> {
  /** Exited 0, no signal, no timeout, no error. */
  ok: boolean;
  kind: ResultKind;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: Output;
  stderr: Output;
  durationMs: number;
  /** The argv shown shell-escaped (or the shell command as given). */
  command: string;
  pid: number | undefined;
  error?: RunError;
}

export type StdioValue = 'pipe' | 'inherit' | 'ignore';

export interface Options {
  /** Working directory of the child. @default process.cwd() */
  cwd?: string | URL;
  /** Variables set for the child, merged over `process.env` unless `extendEnv` is false. */
  env?: Record<string, string | undefined>;
  /** Merge `env` over `process.env`. @default true */
  extendEnv?: boolean;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Uint8Array;
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
  /** Child stdio: one value for all three, or one per stream. @default 'pipe' */
  stdio?: StdioValue | [StdioValue, StdioValue, StdioValue];
  /** Called with each line of stdout, as it arrives (without the newline). */
  onStdout?: (line: string) => void;
  /** Called with each line of stderr, as it arrives (without the newline). */
  onStderr?: (line: string) => void;
  /** The child leads its own process group; timeouts, aborts and `kill()` signal the whole group. @default true */
  killTree?: boolean;
  /** Remove one trailing `\n` (or `\r\n`) from stdout and stderr. @default true */
  stripFinalNewline?: boolean;
  /** Run through a shell: `true` for `/bin/sh`, or a shell's path. Only `run` and `runSync` take it. @default false */
  shell?: boolean | string;
  /** Milliseconds to keep reading output after the child exits, when a grandchild still holds the pipes. @default 100 */
  drainTimeout?: number;
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

export type OutputOf<O> = O extends { encoding: 'buffer' } ? Buffer : string;
