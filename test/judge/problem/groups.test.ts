import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/judge/index.js';
import { mergeLimits } from '../../../src/judge/problem/merge-limits.js';
import { parseGroups } from '../../../src/judge/problem/parse-groups.js';
import {
  chooseStopRule,
  planRun,
  recordResult,
  shouldRun,
  type StopRule,
} from '../../../src/judge/problem/plan-run.js';
import { scoreReport } from '../../../src/judge/problem/score-report.js';
import type { TestGroup } from '../../../src/judge/problem/types.js';
import { normalizeLimits } from '../../../src/judge/limits.js';

const group = (name: string, points: number, tests: string[], extra: Partial<TestGroup> = {}): TestGroup => ({
  name,
  points,
  tests,
  stopOnFailure: true,
  scoring: 'all',
  ...extra,
});

/** Runs the plan over verdicts given up front: the names of the tests that ran, in order. */
function simulate(groups: TestGroup[], order: string[], verdicts: Record<string, Verdict>, stop: StopRule): string[] {
  const plan = planRun(groups, stop);
  let state = plan.start;
  const ran: string[] = [];
  for (const name of order) {
    if (!shouldRun(plan, name, state)) continue;
    ran.push(name);
    state = recordResult(plan, state, { name, verdict: verdicts[name] ?? 'AC' });
  }
  return ran;
}

describe('planRun and shouldRun: stopping early stays per group', () => {
  const groups = [group('a', 30, ['1', '2', '3']), group('b', 70, ['4', '5', '6'])];
  const order = ['1', '2', '3', '4', '5', '6'];

  it("'group': a failure in group a skips the rest of a only", () => {
    expect(simulate(groups, order, { '2': 'WA' }, 'group')).toEqual(['1', '2', '4', '5', '6']);
    expect(simulate(groups, order, { '1': 'TLE', '5': 'RE' }, 'group')).toEqual(['1', '4', '5']);
  });
  it("'problem': the first failure ends the run; 'never': everything runs", () => {
    expect(simulate(groups, order, { '2': 'WA' }, 'problem')).toEqual(['1', '2']);
    expect(simulate(groups, order, { '2': 'WA', '4': 'WA' }, 'never')).toEqual(order);
  });
  it('a group that does not stop on failure (on_reject: continue) runs on', () => {
    const continuing = [group('a', 30, ['1', '2', '3'], { stopOnFailure: false }), groups[1]!];
    expect(simulate(continuing, order, { '1': 'WA', '4': 'WA' }, 'group')).toEqual(['1', '2', '3', '4']);
  });
  it('a test shared by two groups runs while either still needs it', () => {
    // IOI subtasks often include the tests of an easier one.
    const shared = [group('easy', 20, ['1', '2']), group('full', 80, ['1', '2', '3'])];
    expect(simulate(shared, ['1', '2', '3'], { '1': 'WA' }, 'group')).toEqual(['1']);
    const overlapping = [group('x', 50, ['1', '2']), group('y', 50, ['2', '3'])];
    expect(simulate(overlapping, ['1', '2', '3'], { '1': 'WA' }, 'group')).toEqual(['1', '2', '3']);
  });
  it('is pure: recording a pass returns the same state, a failure a new one', () => {
    const plan = planRun(groups, 'group');
    expect(recordResult(plan, plan.start, { name: '1', verdict: 'AC' })).toBe(plan.start);
    const failed = recordResult(plan, plan.start, { name: '1', verdict: 'WA' });
    expect(failed).toEqual({ failures: 1, failedGroups: new Set(['a']) });
    expect(plan.start.failedGroups.size).toBe(0);
  });
  it('chooses the rule from the problem and the caller', () => {
    expect(chooseStopRule({ scored: true })).toBe('group');
    expect(chooseStopRule({ scored: false })).toBe('problem');
    expect(chooseStopRule({ scored: true }, { stopOnFirstFailure: false })).toBe('never');
  });
});

describe('scoreReport', () => {
  const groups = [group('samples', 0, ['s1']), group('small', 30, ['1', '2']), group('large', 70, ['3', '4'])];

  it('gives a group its points when all its tests pass, IOI style', () => {
    const report = scoreReport(groups, [
      { name: 's1', verdict: 'AC' },
      { name: '1', verdict: 'AC' },
      { name: '2', verdict: 'AC' },
      { name: '3', verdict: 'AC' },
      { name: '4', verdict: 'TLE' },
    ]);
    expect(report).toEqual({
      score: 30,
      maxScore: 100,
      groups: [
        { name: 'samples', score: 0, maxScore: 0, verdict: 'AC', passed: 1, failed: 0, skipped: 0 },
        { name: 'small', score: 30, maxScore: 30, verdict: 'AC', passed: 2, failed: 0, skipped: 0 },
        { name: 'large', score: 0, maxScore: 70, verdict: 'TLE', passed: 1, failed: 1, skipped: 0 },
      ],
    });
  });
  it('counts skipped tests, and names the first failure in group order', () => {
    const report = scoreReport(groups, [
      { name: '1', verdict: 'AC' },
      { name: '2', verdict: 'WA' },
    ]);
    expect(report.groups.map((g) => [g.name, g.verdict, g.skipped])).toEqual([
      ['samples', 'skipped', 1],
      ['small', 'WA', 0],
      ['large', 'skipped', 2],
    ]);
    expect(report.score).toBe(0);
  });
  it("'each' groups earn a share per passing test; rounding keeps thirds whole", () => {
    const thirds = [group('a', 100, ['1', '2', '3'], { scoring: 'each' })];
    const names = ['1', '2', '3'];
    expect(
      scoreReport(
        thirds,
        names.map((name) => ({ name, verdict: 'AC' })),
      ).score,
    ).toBe(100);
    expect(
      scoreReport(
        thirds,
        names.map((name) => ({ name, verdict: name === '2' ? 'WA' : 'AC' })),
      ).score,
    ).toBe(66.666667);
  });
  it('takes partial credit (a fraction) on an AC: the smallest for all, the mean for each', () => {
    const results = [
      { name: '1', verdict: 'AC' as const, score: 0.5 },
      { name: '2', verdict: 'AC' as const, score: 2 },
    ];
    expect(scoreReport([group('a', 10, ['1', '2'])], results).score).toBe(5);
    expect(scoreReport([group('a', 10, ['1', '2'], { scoring: 'each' })], results).score).toBe(7.5);
    // A score on a failed test gives nothing.
    expect(scoreReport([group('a', 10, ['1'])], [{ name: '1', verdict: 'WA', score: 1 }]).score).toBe(0);
  });
});

describe('parseGroups (groups.json and inline tests)', () => {
  const names = ['1', '2', 'small-1', 'small-2', 'large-1', 'large-10', 'large-2'];

  it('takes names, patterns and lists, in run order; a test may be in several groups', () => {
    const groups = parseGroups(
      [
        { name: 'samples', points: 0, tests: ['2', '1'] },
        { name: 'small', points: 40, tests: 'small-*' },
        { name: 'large', points: 60, tests: ['small-?', 'large-*'], scoring: 'each', stopOnFailure: false },
      ],
      names,
    );
    expect(groups).toEqual([
      { name: 'samples', points: 0, tests: ['1', '2'], stopOnFailure: true, scoring: 'all' },
      { name: 'small', points: 40, tests: ['small-1', 'small-2'], stopOnFailure: true, scoring: 'all' },
      {
        name: 'large',
        points: 60,
        tests: ['small-1', 'small-2', 'large-1', 'large-10', 'large-2'],
        stopOnFailure: false,
        scoring: 'each',
      },
    ]);
  });
  it('rejects what cannot be scored, naming the source and the field', () => {
    const bad = (raw: unknown) => () => parseGroups(raw, ['1', '2'], 'groups.json');
    expect(bad({})).toThrow(
      'groups.json: Expected `groups` to be a non-empty list of { name, points, tests }, got `{}` (object)',
    );
    expect(bad([{ name: 'a', points: -1, tests: '*' }])).toThrow(
      'groups.json[0]: Expected `points` to be a non-negative number, got `-1` (number)',
    );
    expect(bad([{ name: '', points: 1, tests: '*' }])).toThrow(
      'groups.json[0]: Expected `name` to be a non-empty string',
    );
    expect(bad([{ name: 'a', points: 1, tests: [] }])).toThrow('Expected `tests` to be a test name or pattern');
    expect(bad([{ name: 'a', points: 1, tests: '3' }])).toThrow('groups.json[0]: no test matches "3"');
    expect(bad([{ name: 'a', points: 1, tests: '1' }])).toThrow(
      'groups.json: every test must be in a group; not in any: 2',
    );
    expect(bad([{ name: 'a', points: 1, tests: '*', score: 3 }])).toThrow('groups.json[0]: unknown field `score`');
    expect(bad([{ name: 'a', points: 1, tests: '*', scoring: 'sum' }])).toThrow(
      "Expected `scoring` to be 'all' or 'each'",
    );
    expect(bad([{ name: 'a', points: 1, tests: '*', stopOnFailure: 'yes' }])).toThrow(
      'Expected `stopOnFailure` to be a boolean',
    );
    expect(
      bad([
        { name: 'a', points: 1, tests: '1' },
        { name: 'a', points: 1, tests: '2' },
      ]),
    ).toThrow('groups.json: two groups are named "a"');
    expect(bad([null])).toThrow(
      'groups.json: Expected `[0]` to be an object { name, points, tests }, got `null` (null)',
    );
  });
  it('treats regular expression characters in patterns as themselves', () => {
    const groups = parseGroups(
      [
        { name: 'a', points: 1, tests: ['a.*', 'a+*'] },
        { name: 'rest', points: 1, tests: 'axb' },
      ],
      ['a.b', 'axb', 'a+1'],
      'g',
    );
    expect(groups[0]?.tests).toEqual(['a.b', 'a+1']);
  });
});

describe('mergeLimits: the caller overrides the problem', () => {
  it('keeps the problem’s limits the caller left unset, and only limit fields', () => {
    expect(mergeLimits({ timeLimitMs: 2000, memoryLimitMb: 1024 }, { memoryLimitMb: 256 })).toEqual({
      timeLimitMs: 2000,
      memoryLimitMb: 256,
    });
    expect(mergeLimits({ timeLimitMs: 2000 }, { timeLimitMs: undefined, sandbox: 'none' })).toEqual({
      timeLimitMs: 2000,
      sandbox: 'none',
    });
    const request = { source: 'a.cpp', tests: 'tests/', outputLimitMb: 8, jobs: 2 };
    expect(mergeLimits({ outputLimitMb: 16 }, request)).toEqual({ outputLimitMb: 8 });
    expect(mergeLimits({})).toEqual({});
  });
  it('leaves the derived limits to normalizeLimits: the wall time follows the merged time limit', () => {
    expect(normalizeLimits(mergeLimits({ timeLimitMs: 2000 }, {}))).toMatchObject({ wallTimeLimitMs: 6000 });
    expect(normalizeLimits(mergeLimits({ timeLimitMs: 2000 }, { timeLimitMs: 500 }))).toMatchObject({
      timeLimitMs: 500,
      wallTimeLimitMs: 1500,
    });
    expect(normalizeLimits(mergeLimits({ memoryLimitMb: 1024 }, {}))).toMatchObject({ stackLimitMb: 1024 });
  });
});
