import { stat } from 'node:fs/promises';
import { loadInlineTests, type InlineTest } from './load-tests.js';
import { loadProblem } from './problem/load-problem.js';
import type { Problem } from './problem/types.js';

/** Inline tests as a problem: one pass-fail group, judged by the request's checker. */
function inlineProblem(tests: readonly InlineTest[]): Problem {
  const loaded = loadInlineTests(tests).map((test) => ({ ...test, validatorFlags: [] }));
  return {
    kind: 'tests-dir',
    dir: '',
    name: 'inline',
    tests: loaded,
    groups: [{ name: 'tests', points: 0, tests: loaded.map((test) => test.name), stopOnFailure: true, scoring: 'all' }],
    scored: false,
    limits: {},
    validatorLimits: {},
    compileLimits: {},
    validation: { kind: 'checker' },
    warnings: [],
  };
}

/**
 * The problem a judge request names: a tests dir or a package (loadProblem), or inline tests. An
 * unusable one is a message (`cannot read the tests: ...`), the judge's IE, never the submission's.
 */
export async function loadJudgedProblem(tests: unknown): Promise<Problem | { message: string }> {
  if (Array.isArray(tests)) {
    if (tests.length === 0) return { message: 'no tests' };
    return inlineProblem(tests as InlineTest[]);
  }
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
