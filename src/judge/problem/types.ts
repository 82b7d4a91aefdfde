import type { LoadedTest } from '../load-tests.js';
import type { Limits } from '../types.js';

/** One test of a problem: its files (or text), and the arguments its output validator gets. */
export interface ProblemTest extends LoadedTest {
  /**
   * Arguments for the output validator after `input answer feedback_dir`: problem.yaml's
   * `validator_flags`, then those of the test's group (`output_validator_flags` / `output_validator_args`).
   * Empty for a plain tests dir.
   */
  validatorFlags: string[];
}

/**
 * A group of tests scored together. With `scoring: 'all'` (IOI style) the group earns `points`
 * when every one of its tests passes; with `'each'`, every passing test earns an equal share.
 */
export interface TestGroup {
  name: string;
  /** What the group is worth; 0 in a problem without scores. */
  points: number;
  /** Test names, in run order. A test may belong to several groups. */
  tests: string[];
  /** A failure skips the rest of this group's tests (a package's `on_reject: break`). */
  stopOnFailure: boolean;
  /** `'all'`: the points when all tests pass. `'each'`: points × passed / tests. */
  scoring: 'all' | 'each';
}

/** The limits a problem sets for the submission (the CLI's flags and the request override them). */
export type ProblemLimits = Pick<Limits, 'timeLimitMs' | 'memoryLimitMb' | 'outputLimitMb'>;

/** A package's output validator or interactor: its sources, compiled by the judge with its language profile. */
export interface ValidatorProgram {
  /** The program's directory: `output_validators/NAME/`, or `output_validators/` itself for loose files. */
  dir: string;
  /** Its files, relative to `dir`, sorted. */
  files: string[];
  /** From the files' extensions; `'build-run'` when the dir has a `build` or `run` script. */
  language: ValidatorLanguage;
}

export type ValidatorLanguage = 'c' | 'cpp' | 'python' | 'java' | 'javascript' | 'rust' | 'go' | 'build-run';

/** How outputs are judged. */
export type ProblemValidation =
  /** A plain tests dir: the judge's `checker` option decides (`tokens` by default). */
  | { kind: 'checker' }
  /** A package without a validator: the format's default output validator, with each test's `validatorFlags`. */
  | { kind: 'default' }
  /** A package's output validator, exit 42 accepts and 43 rejects. */
  | { kind: 'custom'; program: ValidatorProgram }
  /** An interactive package: the validator talks to the submission and its exit decides. */
  | { kind: 'interactive'; program: ValidatorProgram };

/** A problem as loadProblem() reads it from a plain tests dir or an ICPC problem package. */
export interface Problem {
  /** `'tests-dir'`: NAME.in + NAME.out/.ans files; `'package'`: the ICPC problem package format. */
  kind: 'tests-dir' | 'package';
  dir: string;
  /** problem.yaml's `name`, domjudge-problem.ini's, or the dir's base name. */
  name: string;
  /** problem.yaml's `problem_format_version` (`legacy` when absent); undefined for a tests dir. */
  formatVersion?: string;
  /** Every test, in run order: a package's data/sample then data/secret, each in lexicographic order. */
  tests: ProblemTest[];
  /** Every test is in at least one group. */
  groups: TestGroup[];
  /** The groups carry points. Without, every group is worth 0 and AC needs every test. */
  scored: boolean;
  limits: ProblemLimits;
  /** For the package's validator: `limits.validation_time` / `validation_memory` / `validation_output`. */
  validatorLimits: ProblemLimits;
  /** For compiling: `limits.compilation_time` / `compilation_memory`. */
  compileLimits: Pick<Limits, 'timeLimitMs' | 'memoryLimitMb'>;
  validation: ProblemValidation;
  /** domjudge-problem.ini's `points`: the problem's worth in a contest (not used for scoring tests). */
  points?: number;
  /** What the package asks for that saferun reads but does not do (a custom grader, `require_pass`...). */
  warnings: string[];
}
