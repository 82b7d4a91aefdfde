// Type tests of the public surface: checked by tsc (vitest's typecheck mode runs them with `npm test`).
import { describe, expectTypeOf, it } from 'vitest';
import type { CompileKind, CompileResult, StepResult } from '../../src/compile/index.js';
import type {
  GroupScore,
  JudgeReport,
  LimitedKind,
  LimitedResult,
  Limits,
  ProblemLimits,
  ProblemValidation,
  StopRule,
  TestGroup,
  Verdict,
} from '../../src/judge/index.js';
import type { NormalizedLimits } from '../../src/judge/limits.js';
import type { JobLimits, JudgeJob, JudgeJobData } from '../../src/queue/index.js';
import { SaferunError, type Result, type ResultKind, type SaferunErrorCode } from '../../src/index.js';

describe('public types', () => {
  it('closes the unions a caller switches on', () => {
    expectTypeOf<Verdict>().toEqualTypeOf<'AC' | 'WA' | 'TLE' | 'MLE' | 'OLE' | 'RE' | 'CE' | 'IE'>();
    expectTypeOf<ResultKind>().toEqualTypeOf<
      'ok' | 'exit' | 'signal' | 'timeout' | 'aborted' | 'output-limit' | 'spawn-error' | 'invalid-options'
    >();
    expectTypeOf<Result['kind']>().toEqualTypeOf<ResultKind>();
    expectTypeOf<JudgeReport['verdict']>().toEqualTypeOf<Verdict>();
    expectTypeOf<LimitedResult['kind']>().toEqualTypeOf<LimitedKind>();
    expectTypeOf<CompileResult['kind']>().toEqualTypeOf<CompileKind>();
    expectTypeOf<StepResult['kind']>().toEqualTypeOf<ResultKind>();
    expectTypeOf<CompileResult['sandbox']>().toEqualTypeOf<'bwrap' | 'none' | undefined>();
  });

  it('derives the queue’s and the normalized limits from the one Limits type', () => {
    expectTypeOf<JobLimits>().toEqualTypeOf<Pick<Limits, 'timeLimitMs' | 'memoryLimitMb' | 'outputLimitMb'>>();
    expectTypeOf<JudgeJob>().toExtend<JobLimits>();
    // Optional: a limit a job leaves out is the package's, else the judge's default.
    expectTypeOf<JudgeJobData['timeLimitMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NormalizedLimits>().toEqualTypeOf<Required<Limits>>();
  });

  it('gives every error a code from a closed list', () => {
    expectTypeOf<SaferunError['code']>().toEqualTypeOf<SaferunErrorCode>();
    expectTypeOf<SaferunError>().toExtend<Error>();
    expectTypeOf<'ERR_INVALID_LIMIT'>().toExtend<SaferunErrorCode>();
    expectTypeOf<'ERR_SOMETHING_ELSE'>().not.toExtend<SaferunErrorCode>();
  });

  it('closes the unions of problems, groups and scores', () => {
    expectTypeOf<ProblemValidation['kind']>().toEqualTypeOf<'checker' | 'default' | 'custom' | 'interactive'>();
    expectTypeOf<GroupScore['verdict']>().toEqualTypeOf<Verdict | 'skipped'>();
    expectTypeOf<StopRule>().toEqualTypeOf<'problem' | 'group' | 'never'>();
    expectTypeOf<TestGroup['scoring']>().toEqualTypeOf<'all' | 'each'>();
    expectTypeOf<ProblemLimits>().toEqualTypeOf<JobLimits>();
    expectTypeOf<'ERR_INVALID_PROBLEM'>().toExtend<SaferunErrorCode>();
  });
});
