import type { CheckerSpec, CheckerFunction, JudgeReport, Limits, TestResult } from '../judge/index.js';

/** One test case carried inline in a job. */
export interface JobTest {
  name?: string;
  input: string;
  expected: string;
}

/** A checker that survives JSON: a built-in comparison, a float tolerance, or a testlib checker path both sides can read. */
export type JobChecker = Exclude<CheckerSpec, CheckerFunction>;

/** The limits a job may set: the judge's own (defaults and meaning from `Limits`). */
export type JobLimits = Pick<Limits, 'timeLimitMs' | 'memoryLimitMb' | 'outputLimitMb'>;

/** One source file of a job, by its plain name (`Main.java`, `helper.py`). */
export interface JobFile {
  name: string;
  content: string;
}

/** What the back end submits: one judge request, serialisable to JSON. */
export interface JudgeJob extends JobLimits {
  /** The program's source text (not a path), in `language`: one file. Give `source` or `files`. */
  source?: string;
  /** Several source files (the first is the entry point unless `main` names another). */
  files?: JobFile[];
  /** The entry point's name among `files`. @default files[0] */
  main?: string;
  /** A built-in language id: `c`, `cpp`, `python`, `java`, `javascript`, `rust`, `go`. @default by the entry point's extension with `files`, else 'cpp' */
  language?: string;
  /** The C++ standard, e.g. `'c++17'`. */
  std?: string;
  /** Extra compiler flags, e.g. `['-DONLINE_JUDGE']`. */
  flags?: string[];
  /** Inline tests, or the path of a tests directory that every worker can read. */
  tests: JobTest[] | string;
  /** @default 'tokens' */
  checker?: JobChecker;
  /** @default true */
  stopOnFirstFailure?: boolean;
  /** Publish each test's result as it finishes (batched by the worker's `progressIntervalMs`). @default true */
  progress?: boolean;
  /** A job id of your own: submitting the same id twice adds the job once. @default a new id */
  id?: string;
  /** BullMQ priority: 1 is the highest, 0 or absent is plain FIFO. */
  priority?: number;
}

/** A job after validation, as stored in Redis. */
export interface JudgeJobData extends JobLimits {
  /** The C++ source of a plain job; absent when the job has `files`. */
  source?: string;
  files?: JobFile[];
  main?: string;
  /** Absent with `files` and no language given: the entry point's extension decides. */
  language?: string;
  std?: string;
  flags: string[];
  tests: JobTest[] | string;
  checker: JobChecker;
  stopOnFirstFailure: boolean;
  progress: boolean;
}

/** What a progress event carries of a test's result. */
export type ProgressTest = Omit<TestResult, 'output' | 'expected'>;

/** A progress event: one test finished on some worker. */
export interface JudgeProgress {
  id: string;
  /** Tests finished so far in this attempt. */
  done: number;
  /** The test's result, without the output and expected text. */
  test: ProgressTest;
}

/** How a job ended, from `result(id)`. */
export type JobOutcome =
  | { kind: 'judged'; id: string; report: JudgeReport; attempts: number }
  | { kind: 'cancelled'; id: string }
  | { kind: 'not-found'; id: string };

/** What `cancel(id)` did. */
export type CancelOutcome =
  /** The job was still waiting (removed, it will never run), or has already ended cancelled. */
  | 'cancelled'
  /** The job was running: its worker was told to abort it. */
  | 'aborting'
  /** The job had already finished: nothing to cancel. */
  | 'finished'
  | 'not-found';
