import { isKnownStandard } from '../../compile/index.js';
import {
  ACCOUNTING_MODES,
  LIMIT_RULES,
  NAMED_CHECKERS,
  DEFAULT_CHECKER,
  type AccountingMode,
  type SandboxMode,
  type NamedChecker,
} from '../../judge/index.js';
import { SANDBOX_MODES } from '../../sandbox/index.js';
import { choiceOption, durationOption, integerOption, sizeOption, UsageError, type CommandLine } from '../kit/index.js';

export type CheckerArg = NamedChecker | { float: number } | { testlib: string };

/** What the command line asked for, validated. Limits are in the library's units (ms, MiB). */
export interface JudgeArgs {
  /** The first submission file (a binary, or a source). */
  program: string;
  /** Every submission file: all positionals but the last. */
  files: string[];
  tests: string;
  language: string | undefined;
  main: string | undefined;
  includeDirs: string[];
  grader: string[];
  extraFiles: string[];
  /** A JSON file of language profiles, read before judging. */
  languagesFile: string | undefined;
  listLanguages: boolean;
  timeLimitMs: number | undefined;
  wallTimeLimitMs: number | undefined;
  memoryLimitMb: number | undefined;
  outputLimitMb: number | undefined;
  stackLimitMb: number | undefined;
  processLimit: number | undefined;
  checker: CheckerArg;
  json: boolean;
  jobs: number;
  all: boolean;
  sandbox: SandboxMode;
  accounting: AccountingMode;
  std: string | undefined;
  /** `--interactor FILE`: an interactive problem; `checker` runs after the interactor only when `--checker` was given. */
  interactor?: { file: string; withChecker: boolean };
}

export const OPTIONS = {
  'time-limit': { type: 'string' },
  'wall-time-limit': { type: 'string' },
  'memory-limit': { type: 'string' },
  'output-limit': { type: 'string' },
  'stack-limit': { type: 'string' },
  'process-limit': { type: 'string' },
  checker: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  all: { type: 'boolean' },
  sandbox: { type: 'string' },
  accounting: { type: 'string' },
  std: { type: 'string' },
  interactor: { type: 'string' },
  json: { type: 'boolean' },
  language: { type: 'string' },
  main: { type: 'string' },
  'include-dir': { type: 'string', short: 'I', multiple: true },
  grader: { type: 'string', multiple: true },
  'extra-file': { type: 'string', multiple: true },
  languages: { type: 'string' },
  'list-languages': { type: 'boolean' },
} as const;

const MIB = 1024 * 1024;

/** A duration flag for a limit in ms, bounded by the judge's own rule for it. */
function timeLimit(line: CommandLine, flag: string, rule: 'timeLimitMs' | 'wallTimeLimitMs'): number | undefined {
  const raw = line.string(flag);
  return raw === undefined ? undefined : durationOption(flag, raw, LIMIT_RULES[rule]);
}

/** A size flag for a limit in MiB, bounded by the judge's own rule for it. */
function sizeLimit(
  line: CommandLine,
  flag: string,
  rule: 'memoryLimitMb' | 'outputLimitMb' | 'stackLimitMb',
): number | undefined {
  const raw = line.string(flag);
  if (raw === undefined) return undefined;
  const { min, max } = LIMIT_RULES[rule];
  return sizeOption(flag, raw, { min: min * MIB, max: max * MIB }) / MIB;
}

/** `tokens`, `exact`, `lines`, `float`, `float:1e-6`, or a testlib checker's source path. */
export function parseChecker(raw: string): CheckerArg {
  if ((NAMED_CHECKERS as readonly string[]).includes(raw)) return raw as NamedChecker;
  const float = /^float(?::(.+))?$/.exec(raw);
  if (float) {
    const eps = float[1] === undefined ? 1e-6 : Number(float[1]);
    if (Number.isFinite(eps) && eps >= 0) return { float: eps };
  } else if (raw.includes('/') || raw.includes('.')) {
    return { testlib: raw };
  }
  throw new UsageError(
    `--checker needs ${NAMED_CHECKERS.join(', ')}, float:EPS or a checker source path, got '${raw}'`,
  );
}

/** Validates `judge <program|sources...> <tests> [options]` without touching the file system. */
export function buildJudgeArgs(line: CommandLine): JudgeArgs {
  const listLanguages = line.flag('list-languages');
  const n = line.positionals.length;
  if (listLanguages ? n !== 0 : n < 2)
    throw new UsageError(
      listLanguages
        ? `Expected no files with --list-languages, got ${n} argument${n === 1 ? '' : 's'}`
        : `Expected a program (or its source files) and a tests dir, got ${n} argument${n === 1 ? '' : 's'}`,
    );
  const language = line.string('language');
  if (language !== undefined && !/^[a-z0-9][a-z0-9+#._-]*$/i.test(language))
    throw new UsageError(`--language needs a language id such as cpp, python or java, got '${language}'`);
  const std = line.string('std')?.replace(/^-std=/, '');
  if (std !== undefined && !isKnownStandard(std)) {
    throw new UsageError(`--std needs a language standard such as c++17 or gnu++20, got '${line.string('std')!}'`);
  }
  const processes = line.string('process-limit');
  const jobs = line.string('jobs');
  const checker = line.string('checker');
  const sandbox = line.string('sandbox');
  const accounting = line.string('accounting');
  const interactor = line.string('interactor');
  if (interactor === '') throw new UsageError("--interactor needs a file: the interactor's source or executable");
  return {
    program: line.positionals[0] ?? '',
    files: line.positionals.slice(0, -1),
    tests: line.positionals.at(-1) ?? '',
    language,
    main: line.string('main'),
    includeDirs: line.strings('include-dir'),
    grader: line.strings('grader'),
    extraFiles: line.strings('extra-file'),
    languagesFile: line.string('languages'),
    listLanguages,
    timeLimitMs: timeLimit(line, 'time-limit', 'timeLimitMs'),
    wallTimeLimitMs: timeLimit(line, 'wall-time-limit', 'wallTimeLimitMs'),
    memoryLimitMb: sizeLimit(line, 'memory-limit', 'memoryLimitMb'),
    outputLimitMb: sizeLimit(line, 'output-limit', 'outputLimitMb'),
    stackLimitMb: sizeLimit(line, 'stack-limit', 'stackLimitMb'),
    processLimit:
      processes === undefined
        ? undefined
        : integerOption('process-limit', processes, LIMIT_RULES.processLimit.min, LIMIT_RULES.processLimit.max),
    checker: checker === undefined ? DEFAULT_CHECKER : parseChecker(checker),
    json: line.flag('json'),
    jobs: jobs === undefined ? 1 : integerOption('jobs', jobs, 1, 1024),
    all: line.flag('all'),
    sandbox: sandbox === undefined ? 'auto' : choiceOption('sandbox', sandbox, SANDBOX_MODES),
    accounting: accounting === undefined ? 'auto' : choiceOption('accounting', accounting, ACCOUNTING_MODES),
    std,
    ...(interactor === undefined ? {} : { interactor: { file: interactor, withChecker: checker !== undefined } }),
  };
}
