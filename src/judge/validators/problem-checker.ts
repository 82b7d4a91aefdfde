import { resolveSandbox } from '../../sandbox/index.js';
import { resolveChecker } from '../checkers/resolve-checker.js';
import type { Checker, CheckerSpec, CheckResult } from '../checkers/types.js';
import type { TestlibCheckerOptions } from '../checkers/testlib-checker.js';
import type { ExecutorBackend } from '../executor/index.js';
import { normalizeLimits } from '../limits.js';
import { defaultValidate } from '../problem/default-validate.js';
import type { Problem, ProblemTest } from '../problem/types.js';
import { parseValidatorFlags, type DefaultValidatorFlags } from '../problem/validator-flags.js';
import { prepareValidator } from './prepare-validator.js';
import { runValidator } from './run-validator.js';
import { ValidatorPool } from './validator-pool.js';

/** The package format's defaults for its validator: 60 s, 2 GiB, 8 MiB of output. */
const VALIDATOR_DEFAULTS = { timeLimitMs: 60_000, memoryLimitMb: 2048, outputLimitMb: 8 };

export interface ProblemCheckerOptions {
  /** The request's checker: it judges a plain tests dir (and inline tests). */
  checker: CheckerSpec | undefined;
  /** For a testlib checker and a C/C++ validator: the judge's dir and compile options. */
  testlib: Required<Pick<TestlibCheckerOptions, 'workDir' | 'compileOptions'>>;
  helper: string;
  backend: ExecutorBackend;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Each test's validator flags, by input file (a package's tests each have their own): the Checker
 * interface sees a test's files, not its name.
 */
function flagsByInput(tests: readonly ProblemTest[]): Map<string, string[]> {
  return new Map(tests.flatMap((test) => (test.inputFile ? [[test.inputFile, test.validatorFlags]] : [])));
}

function defaultValidatorChecker(tests: readonly ProblemTest[]): Checker {
  const flags = flagsByInput(tests);
  const parsed = new Map<string, DefaultValidatorFlags>();
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- the Checker interface is async
    async check(test) {
      const words = (test.inputFile && flags.get(test.inputFile)) || [];
      const key = words.join('\0');
      let options = parsed.get(key);
      // loadProblem checked them already: parse errors cannot happen here.
      if (!options) parsed.set(key, (options = parseValidatorFlags(words)));
      return defaultValidate(test.output, test.expected, options);
    },
  };
}

async function customValidatorChecker(
  problem: Problem & { validation: { kind: 'custom' } },
  options: ProblemCheckerOptions,
): Promise<Checker | CheckResult> {
  const limits = normalizeLimits({ ...VALIDATOR_DEFAULTS, ...problem.validatorLimits, sandbox: 'none' });
  const prepared = await prepareValidator(problem.validation.program, {
    workDir: options.testlib.workDir,
    compileOptions: options.testlib.compileOptions,
    buildTimeoutMs: problem.compileLimits.timeLimitMs ?? 60_000,
    memoryLimitMb: limits.memoryLimitMb,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (prepared.kind === 'failed') return { verdict: 'IE', message: prepared.message };
  const pool = new ValidatorPool(
    {
      helper: options.helper,
      backend: options.backend,
      sandbox: await resolveSandbox('none'),
      workDir: options.testlib.workDir,
      limits,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    prepared,
  );
  const flags = flagsByInput(problem.tests);
  return {
    check: (test) => runValidator(pool, limits, test, (test.inputFile && flags.get(test.inputFile)) || []),
    close: () => pool.close(),
  };
}

/**
 * How a problem's outputs are judged: a tests dir by the request's checker; a package by its own
 * validation (the default output validator with each test's flags, or its output validator, built
 * once). A checker or validator that cannot be made ready is an IE result instead.
 */
export async function resolveProblemChecker(
  problem: Problem,
  options: ProblemCheckerOptions,
): Promise<Checker | CheckResult> {
  const validation = problem.validation;
  if (validation.kind === 'checker') return resolveChecker(options.checker, options.testlib);
  if (options.checker !== undefined && options.checker !== 'tokens')
    options.onWarning?.(
      `the checker option is ignored: the package's ${validation.kind} validation judges the outputs`,
    );
  switch (validation.kind) {
    case 'default':
      return defaultValidatorChecker(problem.tests);
    case 'custom':
      return customValidatorChecker({ ...problem, validation }, options);
    case 'interactive':
      return { verdict: 'IE', message: 'interactive problems (validation: custom interactive) are not judged here' };
    default: {
      const unreachable: never = validation;
      return unreachable;
    }
  }
}
