import { scoreReport } from './problem/score-report.js';
import type { Problem } from './problem/types.js';
import type { JudgeReport, TestResult } from './types.js';

type Summary = Pick<
  JudgeReport,
  | 'verdict'
  | 'tests'
  | 'maxCpuMs'
  | 'maxMemoryKb'
  | 'passed'
  | 'failed'
  | 'failedTest'
  | 'message'
  | 'score'
  | 'maxScore'
  | 'groups'
>;

/** A scored problem's points, IOI style: with no results (a CE) every group is skipped and scores 0. */
export function scoreOf(problem: Pick<Problem, 'scored' | 'groups'>, tests: readonly TestResult[]) {
  if (!problem.scored) return {};
  const { score, maxScore, groups } = scoreReport(problem.groups, tests);
  return { score, maxScore, groups };
}

/**
 * The report's verdict and counts. The verdict is the first failing test's (in test order), AC when
 * every test passed. A scored problem gets its score; there an IE on any test makes the verdict IE,
 * since the score then depends on the judge's failure.
 */
export function summarize(problem: Pick<Problem, 'scored' | 'groups'>, tests: TestResult[]): Summary {
  const failure =
    (problem.scored ? tests.find((test) => test.verdict === 'IE') : undefined) ??
    tests.find((test) => test.verdict !== 'AC');
  const failed = tests.filter((test) => test.verdict !== 'AC').length;
  return {
    verdict: failure?.verdict ?? 'AC',
    tests,
    maxCpuMs: Math.max(0, ...tests.map((test) => test.cpuMs)),
    maxMemoryKb: Math.max(0, ...tests.map((test) => test.memoryKb)),
    passed: tests.length - failed,
    failed,
    ...(failure ? { failedTest: failure.name, message: failure.message || failure.checkerMessage } : { message: '' }),
    ...scoreOf(problem, tests),
  };
}
