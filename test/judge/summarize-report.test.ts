// The report's verdict and score from test results: pass-fail and scored problems.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/judge/summarize-report.js';
import type { TestGroup } from '../../src/judge/problem/types.js';
import type { TestResult, Verdict } from '../../src/judge/types.js';

const result = (name: string, verdict: Verdict): TestResult => ({
  name,
  verdict,
  cpuMs: 1,
  wallMs: 1,
  memoryKb: 1,
  exitCode: 0,
  signal: null,
  message: verdict === 'AC' ? '' : `${verdict} here`,
  checkerMessage: '',
});
const group = (name: string, points: number, tests: string[]): TestGroup => ({
  name,
  points,
  tests,
  stopOnFailure: true,
  scoring: 'all',
});
const groups = [group('sample', 0, ['s1']), group('small', 40, ['a1', 'a2']), group('large', 60, ['b1'])];

describe('summarize', () => {
  it('pass-fail: the first failure in test order, no score', () => {
    const summary = summarize({ scored: false, groups }, [result('s1', 'AC'), result('a1', 'TLE'), result('a2', 'IE')]);
    expect(summary).toMatchObject({ verdict: 'TLE', failedTest: 'a1', passed: 1, failed: 2, message: 'TLE here' });
    expect(summary.score).toBeUndefined();
  });

  it('scored: the first failure’s verdict with the points of the groups that passed', () => {
    const summary = summarize({ scored: true, groups }, [
      result('s1', 'AC'),
      result('a1', 'AC'),
      result('a2', 'AC'),
      result('b1', 'WA'),
    ]);
    expect(summary).toMatchObject({ verdict: 'WA', failedTest: 'b1', score: 40, maxScore: 100 });
    expect(summary.groups?.map((g) => g.verdict)).toEqual(['AC', 'AC', 'WA']);
  });

  it('scored: an IE anywhere makes the verdict IE, even after an earlier WA (the score is not to be trusted)', () => {
    const summary = summarize({ scored: true, groups }, [result('s1', 'WA'), result('a1', 'AC'), result('a2', 'IE')]);
    expect(summary).toMatchObject({ verdict: 'IE', failedTest: 'a2', message: 'IE here', score: 0 });
  });

  it('scored: a sample that fails makes it WA even with every point', () => {
    const summary = summarize({ scored: true, groups }, [
      result('s1', 'WA'),
      result('a1', 'AC'),
      result('a2', 'AC'),
      result('b1', 'AC'),
    ]);
    expect(summary).toMatchObject({ verdict: 'WA', failedTest: 's1', score: 100 });
  });
});
