import type { CompileOptions, CompileResult } from '../compile/index.js';
import type { CheckerSpec } from './checkers/types.js';
import type { InlineTest } from './load-tests.js';
import type { SandboxMode } from '../sandbox/index.js';
import type { AccountingMode } from './executor/backend.js';
import type { GroupScore } from './problem/score-report.js';
import type { ValidatorFeedback } from './problem/validator-protocol.js';
import type { SubmissionFields } from './languages/types.js';

/** Online-judge verdicts: accepted, wrong answer, time/memory/output limit, runtime/compile/internal error. */
export type Verdict = 'AC' | 'WA' | 'TLE' | 'MLE' | 'OLE' | 'RE' | 'CE' | 'IE';

/** Limits of one run. Memory sizes are MiB; times are milliseconds. */
export interface Limits {
  /** CPU time (user + sys) limit. @default 1000 */
  timeLimitMs?: number;
  /** Wall-clock limit; catches a program that sleeps. @default 3 × timeLimitMs */
  wallTimeLimitMs?: number;
  /**
   * Memory limit. With cgroup accounting, of the whole run (every process's resident memory, page
   * cache and shm, its output files included); with rlimit accounting, the peak resident set of the
   * largest process. @default 256
   */
  memoryLimitMb?: number;
  /** Limit on stdout (and on any file the program writes). @default 64 */
  outputLimitMb?: number;
  /** Stack limit of the main thread (RLIMIT_STACK; glibc also sizes new threads' stacks from it). @default memoryLimitMb */
  stackLimitMb?: number;
  /** Processes and threads the program may have at once (the cgroup's pids.max; RLIMIT_NPROC when its uid is its own). @default 64 */
  processLimit?: number;
  /** `'auto'`: bubblewrap when it works, else none with a warning. @default 'auto' */
  sandbox?: SandboxMode;
  /** `'auto'`: a cgroup per run when this process may create cgroups, else rlimits; `'cgroup'` requires cgroups. @default 'auto' */
  accounting?: AccountingMode;
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
  'ok' | 'output-limit' | 'time-limit' | 'wall-time-limit' | 'memory-limit' | 'signal' | 'exit' | 'internal-error';

export interface LimitedResult {
  ok: boolean;
  kind: LimitedKind;
  /** stdout decoded as UTF-8, for display. */
  stdout: string;
  /** stdout as the program wrote it: compare these bytes, not `stdout`. */
  stdoutBuffer: Buffer;
  /**
   * The first 64 KiB of stderr, for display. stderr is apart from stdout: read by the helper through a
   * pipe, the rest dropped, never counted against the output limit.
   */
  stderr: string;
  /** User + system CPU time of the program and all its descendants (with cgroups, reaped or not), in ms. */
  cpuMs: number;
  /** Wall time from fork to exit, in ms. */
  wallMs: number;
  /** Peak memory in KiB: of the run's cgroup (every process, page cache and shm), or of the largest process's resident set. */
  memoryKb: number;
  /** Bytes the program wrote to stdout. */
  outputBytes: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  sandbox: 'bwrap' | 'none';
  /** How the limits were enforced and the numbers taken: a cgroup per run, or rlimits and wait4 (see docs/judge.md). */
  accounting: 'cgroup' | 'rlimit';
  /** Why: the limit passed, the signal, or the judge's own failure. */
  message: string;
}

/** One test's outcome. */
export interface TestResult {
  name: string;
  verdict: Verdict;
  cpuMs: number;
  wallMs: number;
  memoryKb: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the verdict: the limit passed, the signal or exit code, or the judge's failure. */
  message: string;
  /** What the checker said (e.g. `2nd words differ - expected: '5', found: '6'`). */
  checkerMessage: string;
  /** The first KiB of what the program wrote to stderr (for display: invalid UTF-8 as `\xHH`); absent when nothing. */
  stderr?: string;
  /** WA only: the program's output and the expected answer, each cut to 64 KiB, for a diff. */
  output?: string;
  expected?: string;
  /** What a package's output validator left in its feedback dir (judgemessage.txt, teammessage.txt). */
  feedback?: ValidatorFeedback;
}

export interface JudgeReport {
  /**
   * The first failing test's verdict, in test order; AC when all pass; CE or IE before any test. For a
   * scored problem, IE when any test is IE (the score cannot be trusted then).
   */
  verdict: Verdict;
  /** The compile() result when the judge compiled `source` (or was given `compiled`). */
  compile?: CompileResult;
  /** Results in test order; with `stopOnFirstFailure`, up to the first failure. */
  tests: TestResult[];
  maxCpuMs: number;
  maxMemoryKb: number;
  passed: number;
  failed: number;
  /** Tests not run (after the first failure with `stopOnFirstFailure`). */
  skipped: number;
  /** Name of the first failing test. */
  failedTest?: string;
  /** For CE and IE before any test: why. */
  message: string;
  sandbox: 'bwrap' | 'none';
  /** `cgroup` or `rlimit`: how the tests' limits were enforced and measured. */
  accounting: 'cgroup' | 'rlimit';
  durationMs: number;
  /** Scored problems only (groups with points): the points earned, IOI style (see docs/problems.md). */
  score?: number;
  /** Scored problems only: what every group is worth together. */
  maxScore?: number;
  /** Scored problems only: each group's score, verdict and counts. */
  groups?: GroupScore[];
}

/** A group of inline tests (see `JudgeRequest.groups`); `tests` are names or `*`/`?` patterns. */
export interface InlineGroup {
  name: string;
  points: number;
  tests: string | readonly string[];
  /** @default true */
  stopOnFailure?: boolean;
  /** @default 'all' */
  scoring?: 'all' | 'each';
}

export interface JudgeRequest extends Limits, SubmissionFields {
  /** A C++ source file, compiled once with compile(). */
  source?: string;
  /** A ready binary. */
  binary?: string;
  /** A compile() result (with `binary`). */
  compiled?: CompileResult;
  /**
   * A directory of `NAME.in` + `NAME.out`/`NAME.ans` (with an optional `groups.json`), an ICPC problem
   * package (see docs/problems.md), or the tests inline.
   */
  tests: string | readonly InlineTest[];
  /**
   * Groups with points for inline tests, making a scored problem: `[{ name, points, tests,
   * stopOnFailure?, scoring? }]`, the form of a tests dir's `groups.json` (docs/problems.md).
   */
  groups?: readonly InlineGroup[];
  /** For a plain tests dir or inline tests; a package's own validation decides its outputs. @default 'tokens' */
  checker?: CheckerSpec;
  /**
   * An interactive problem: the interactor (a C/C++ source, compiled on the host, or an executable; several
   * sources for one program), run as testlib's `interactor input output` with its stdin and stdout wired to the
   * submission. Exit 0 accepts, 1 and 2 reject, 3 is IE; a `checker` given then judges its output file.
   */
  interactor?: string | string[];
  /**
   * `true`: a pass-fail problem stops at the first failure, a scored one skips the rest of a failed
   * group (`stopOnFailure`); `false`: every test runs. @default true
   */
  stopOnFirstFailure?: boolean;
  /** Tests run at once. @default 1 (fairest timing) */
  jobs?: number;
  /** Options for compiling `source` and a testlib checker. @default { optimize: '-O2' } */
  compileOptions?: CompileOptions;
  /** Called as each test finishes. */
  onTest?: (result: TestResult) => void;
  onWarning?: (message: string) => void;
  cacheDir?: string;
  signal?: AbortSignal;
}
