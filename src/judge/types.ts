import type { SandboxMode } from './sandbox.js';

/** Online-judge verdicts: accepted, wrong answer, time/memory/output limit, runtime/compile/internal error. */
export type Verdict = 'AC' | 'WA' | 'TLE' | 'MLE' | 'OLE' | 'RE' | 'CE' | 'IE';

/** Limits of one run. Memory sizes are MiB; times are milliseconds. */
export interface Limits {
  /** CPU time (user + sys) limit. @default 1000 */
  timeLimitMs?: number;
  /** Wall-clock limit; catches a program that sleeps. @default 3 × timeLimitMs */
  wallTimeLimitMs?: number;
  /** Address-space limit and peak-resident-set limit. @default 256 */
  memoryLimitMb?: number;
  /** Limit on stdout (and on any file the program writes). @default 64 */
  outputLimitMb?: number;
  /** Stack limit. @default memoryLimitMb */
  stackLimitMb?: number;
  /** Processes and threads the program may have at once (exact as root or in a pid namespace). @default 64 */
  processLimit?: number;
  /** `'auto'`: bubblewrap when it works, else none with a warning. @default 'auto' */
  sandbox?: SandboxMode;
}

export interface RunLimitedOptions extends Limits {
  /** Written to the program's stdin. */
  input?: string | Uint8Array;
  /** A file fed to the program's stdin (instead of `input`). */
  inputFile?: string;
  /** Extra host paths made readable (read-only) inside the sandbox, at the same path. */
  readOnlyPaths?: string[];
  /** Environment of the program (nothing else is inherited). @default { PATH, HOME, TMPDIR, LANG } */
  env?: Record<string, string>;
  /** Where the helper is built and cached. @default resolveCacheDir() */
  cacheDir?: string;
  /** Called with a warning, e.g. that no sandbox is available. @default process.emitWarning, once */
  onWarning?: (message: string) => void;
  /** Aborting it kills the run. */
  signal?: AbortSignal;
}

/** How a limited run ended; the first matching reason wins, in this order of precedence. */
export type LimitedKind =
  | 'ok'
  | 'output-limit'
  | 'time-limit'
  | 'wall-time-limit'
  | 'memory-limit'
  | 'signal'
  | 'exit'
  | 'internal-error';

export interface LimitedResult {
  ok: boolean;
  kind: LimitedKind;
  stdout: string;
  /** The first 64 KiB of stderr. */
  stderr: string;
  /** User + system CPU time of the program and all its descendants, in ms. */
  cpuMs: number;
  /** Wall time from fork to exit, in ms. */
  wallMs: number;
  /** Peak resident set (largest process), in KiB. */
  memoryKb: number;
  /** Bytes the program wrote to stdout. */
  outputBytes: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  sandbox: 'bwrap' | 'none';
  /** Why: the limit passed, the signal, or the judge's own failure. */
  message: string;
}
