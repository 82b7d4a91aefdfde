import type { Verdict } from '../types.js';
import type { Problem, TestGroup } from './types.js';

/**
 * When failures stop the run. `'problem'`: the first failure ends it (a pass-fail problem: the verdict
 * is known). `'group'`: a failure skips the rest of its group only, for groups with `stopOnFailure`
 * (a scored problem: the other groups still earn points). `'never'`: every test runs.
 */
export type StopRule = 'problem' | 'group' | 'never';

export interface RunPlan {
  stop: StopRule;
  /** The groups each test belongs to. */
  groupsOf: ReadonlyMap<string, readonly TestGroup[]>;
  /** The state before any test ran. */
  start: RunState;
}

/** What the run has seen so far; recordResult() returns the next one. */
export interface RunState {
  failures: number;
  failedGroups: ReadonlySet<string>;
}

/** The stop rule for a problem: scored problems stop per group, others at the first failure (unless told not to). */
export function chooseStopRule(
  problem: Pick<Problem, 'scored'>,
  options: { stopOnFirstFailure?: boolean } = {},
): StopRule {
  if (options.stopOnFirstFailure === false) return 'never';
  return problem.scored ? 'group' : 'problem';
}

/**
 * A plan the test loop follows: before starting a test, ask shouldRun(); after it, recordResult().
 * Tests start in order, so with several at once a test already started when an earlier one fails
 * still finishes (and its result counts).
 * @example
 * const plan = planRun(problem.groups, chooseStopRule(problem));
 * let state = plan.start;
 * for (const test of problem.tests) {
 *   if (!shouldRun(plan, test.name, state)) continue; // skipped
 *   const result = await runTest(test);
 *   state = recordResult(plan, state, result);
 * }
 */
export function planRun(groups: readonly TestGroup[], stop: StopRule): RunPlan {
  const groupsOf = new Map<string, TestGroup[]>();
  for (const group of groups) {
    for (const test of group.tests) groupsOf.set(test, [...(groupsOf.get(test) ?? []), group]);
  }
  return { stop, groupsOf, start: { failures: 0, failedGroups: new Set() } };
}

/** Whether a test should still run, given what failed so far. */
export function shouldRun(plan: RunPlan, test: string, state: RunState): boolean {
  if (plan.stop === 'never') return true;
  if (plan.stop === 'problem') return state.failures === 0;
  const groups = plan.groupsOf.get(test);
  // A test outside every group has nothing to stop it.
  if (!groups) return true;
  return groups.some((group) => !group.stopOnFailure || !state.failedGroups.has(group.name));
}

/** The state after a test's result: a failure (any verdict but AC) marks each of its groups failed. */
export function recordResult(plan: RunPlan, state: RunState, result: { name: string; verdict: Verdict }): RunState {
  if (result.verdict === 'AC') return state;
  const failedGroups = new Set(state.failedGroups);
  for (const group of plan.groupsOf.get(result.name) ?? []) failedGroups.add(group.name);
  return { failures: state.failures + 1, failedGroups };
}
