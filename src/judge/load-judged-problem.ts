import { stat } from 'node:fs/promises';
import { loadInlineTests, type InlineTest } from './load-tests.js';
import { loadProblem } from './problem/load-problem.js';
import { parseGroups } from './problem/parse-groups.js';
import type { Problem } from './problem/types.js';

/** Inline tests as a problem, judged by the request's checker: one pass-fail group, or the groups given. */
function inlineProblem(tests: readonly InlineTest[], groups: unknown): Problem {
  const loaded = loadInlineTests(tests).map((test) => ({ ...test, validatorFlags: [] }));
  const names = loaded.map((test) => test.name);
  return {
    kind: 'tests-dir',
    dir: '',
    name: 'inline',
    tests: loaded,
    groups:
      groups === undefined
        ? [{ name: 'tests', points: 0, tests: names, stopOnFailure: true, scoring: 'all' }]
        : parseGroups(groups, names, 'groups'),
    scored: groups !== undefined,
    limits: {},
    validatorLimits: {},
    compileLimits: {},
    validation: { kind: 'checker' },
    warnings: [],
  };
}

/**
 * The problem a judge request names: a tests dir or a package (loadProblem), or inline tests with
 * their optional groups. An
 * unusable one is a message (`cannot read the tests: ...`), the judge's IE, never the submission's.
 */
export async function loadJudgedProblem(tests: unknown, groups?: unknown): Promise<Problem | { message: string }> {
  if (Array.isArray(tests)) {
    if (tests.length === 0) return { message: 'no tests' };
    try {
      return inlineProblem(tests as InlineTest[], groups);
    } catch (error) {
      return { message: (error as Error).message };
    }
  }
  if (groups !== undefined)
    return { message: '`groups` is for inline tests: a tests dir has its groups in groups.json, a package in data/' };
  if (typeof tests !== 'string')
    return { message: 'Expected `tests` to be a directory path or an array of `{ input, expected }`' };
  try {
    // The dir's own error first (ENOENT, ENOTDIR), as before packages were read.
    await stat(tests);
    return await loadProblem(tests);
  } catch (error) {
    return { message: `cannot read the tests: ${(error as Error).message}` };
  }
}
