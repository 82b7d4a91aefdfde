import { describeValue } from './describe-value.js';

/** What went wrong, as a stable string a caller can switch on. */
export type SaferunErrorCode =
  /** An option of run(), exec(), spawn() and the rest. */
  | 'ERR_INVALID_OPTION'
  /** A command string that cannot be split into words (an unclosed quote). */
  | 'ERR_COMMAND_SYNTAX'
  /** An option of compile() or compileMany(). */
  | 'ERR_INVALID_COMPILE_OPTION'
  /** A limit or another field of judge() or runLimited(). */
  | 'ERR_INVALID_LIMIT'
  /** A field of a queued judge job, or an option of the queue or its worker. */
  | 'ERR_INVALID_JOB'
  /** A problem that cannot be judged as it is: a bad problem.yaml, testdata.yaml, groups.json or validator flags. */
  | 'ERR_INVALID_PROBLEM'
  /** A run that failed under `throwOnError: true`: the error carries the result. */
  | 'ERR_RUN_FAILED'
  /** An optional package a subpath needs is not installed (`saferun/queue` needs `bullmq`). */
  | 'ERR_MISSING_PACKAGE'
  /** `sandbox: 'bwrap'` was required, but bubblewrap is missing or does not work here. */
  | 'ERR_SANDBOX_UNAVAILABLE'
  /** `accounting: 'cgroup'` was required, but this process cannot create cgroups here. */
  | 'ERR_CGROUPS_UNAVAILABLE';

/** The one error type saferun throws (or carries in a result): always with a `code`. */
export class SaferunError extends Error {
  override name = 'SaferunError';

  constructor(
    readonly code: SaferunErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** ``Expected `timeout` to be a non-negative integer, got `-1` (number)``. */
export function invalidValue(code: SaferunErrorCode, name: string, expected: string, value: unknown): SaferunError {
  return new SaferunError(code, `Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
}
