import type { Verdict } from '../types.js';
import type { TestGroup } from './types.js';

/** One group's outcome. */
export interface GroupScore {
  name: string;
  score: number;
  maxScore: number;
  /** AC when every test passed; else the first failing test's verdict; `'skipped'` when tests did not run and none failed. */
  verdict: Verdict | 'skipped';
  passed: number;
  failed: number;
  /** Tests of the group with no result (skipped after a failure, or never run). */
  skipped: number;
}

export interface ScoreReport {
  score: number;
  maxScore: number;
  groups: GroupScore[];
}

/** A test's result as scoring reads it; `score`, a fraction in [0, 1], is partial credit for an AC. */
export interface ScoredResult {
  name: string;
  verdict: Verdict;
  score?: number;
}

// Points split in thirds and summed should read 100, not 99.99999999999999.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function fractionOf(result: ScoredResult | undefined): number {
  if (result?.verdict !== 'AC') return 0;
  const score = result.score;
  if (score === undefined || !Number.isFinite(score)) return 1;
  return Math.min(1, Math.max(0, score));
}

function scoreGroup(group: TestGroup, results: ReadonlyMap<string, ScoredResult>): GroupScore {
  const own = group.tests.map((name) => results.get(name));
  const passed = own.filter((result) => result?.verdict === 'AC').length;
  const ran = own.filter((result) => result !== undefined).length;
  const failure = own.find((result) => result !== undefined && result.verdict !== 'AC');
  const fractions = own.map(fractionOf);
  const share =
    group.tests.length === 0
      ? 0
      : group.scoring === 'all'
        ? fractions.reduce((low, fraction) => Math.min(low, fraction), 1)
        : fractions.reduce((sum, fraction) => sum + fraction, 0) / group.tests.length;
  return {
    name: group.name,
    score: round(group.points * share),
    maxScore: round(group.points),
    verdict: failure?.verdict ?? (ran === group.tests.length ? 'AC' : 'skipped'),
    passed,
    failed: ran - passed,
    skipped: group.tests.length - ran,
  };
}

/**
 * Scores test results by group, IOI style: a group with `scoring: 'all'` earns its points only when
 * every one of its tests passed (times the smallest partial `score`, if any); with `'each'`, each
 * passing test earns an equal share. A test with no result (skipped or not run) earns nothing.
 * @example
 * scoreReport(problem.groups, report.tests); // { score: 20, maxScore: 100, groups: [...] }
 */
export function scoreReport(groups: readonly TestGroup[], results: readonly ScoredResult[]): ScoreReport {
  const byName = new Map(results.map((result) => [result.name, result]));
  const scored = groups.map((group) => scoreGroup(group, byName));
  return {
    score: round(scored.reduce((sum, group) => sum + group.score, 0)),
    maxScore: round(scored.reduce((sum, group) => sum + group.maxScore, 0)),
    groups: scored,
  };
}
