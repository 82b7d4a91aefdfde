import { isKnownStandard } from '../../compile/index.js';
import {
  LIMIT_RULES,
  NAMED_CHECKERS,
  DEFAULT_CHECKER,
  type AccountingMode,
  type SandboxMode,
  type NamedChecker,
} from '../../judge/index.js';
import { choiceOption, durationOption, integerOption, sizeOption, UsageError, type CommandLine } from '../kit/index.js';

export type CheckerArg = NamedChecker | { float: number } | { testlib: string };

/** What the command line asked for, validated. Limits are in the library's units (ms, MiB). */
export interface JudgeArgs {
  program: string;
  tests: string;
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

/** Validates `judge <program> <tests> [options]` without touching the file system. */
export function buildJudgeArgs(line: CommandLine): JudgeArgs {
  if (line.positionals.length !== 2) {
    const n = line.positionals.length;
    throw new UsageError(`Expected a program and a tests dir, got ${n} argument${n === 1 ? '' : 's'}`);
  }
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
    program: line.positionals[0]!,
    tests: line.positionals[1]!,
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
    sandbox: sandbox === undefined ? 'auto' : choiceOption('sandbox', sandbox, ['auto', 'bwrap', 'none'] as const),
    accounting:
      accounting === undefined ? 'auto' : choiceOption('accounting', accounting, ['auto', 'cgroup', 'rlimit'] as const),
    std,
    ...(interactor === undefined ? {} : { interactor: { file: interactor, withChecker: checker !== undefined } }),
  };
}
