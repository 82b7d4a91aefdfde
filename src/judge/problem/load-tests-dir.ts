import { basename, join } from 'node:path';
import { loadTestsFromDir } from '../load-tests.js';
import { parseGroups } from './parse-groups.js';
import { problemError } from './problem-error.js';
import { readOptionalFile } from './read-config.js';
import type { Problem, TestGroup } from './types.js';

/** The groups form of a plain tests dir. */
const GROUPS_FILE = 'groups.json';

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw problemError(`${label}: ${(error as Error).message}`);
  }
}

/**
 * A plain tests dir: NAME.in with NAME.out or NAME.ans, in natural order (loadTestsFromDir), and an
 * optional groups.json that makes it a scored problem. Without it, all tests form one group, `tests`.
 */
export async function loadTestsDir(dir: string): Promise<Problem> {
  let tests;
  try {
    tests = await loadTestsFromDir(dir);
  } catch (error) {
    throw problemError(`cannot read the tests dir ${dir}: ${(error as Error).message}`);
  }
  if (tests.length === 0) throw problemError(`no tests in ${dir}: expected NAME.in with NAME.out or NAME.ans`);
  const names = tests.map((test) => test.name);
  const text = await readOptionalFile(join(dir, GROUPS_FILE));
  const groups: TestGroup[] =
    text === undefined
      ? [{ name: 'tests', points: 0, tests: names, stopOnFailure: true, scoring: 'all' }]
      : parseGroups(parseJson(text, GROUPS_FILE), names, GROUPS_FILE);
  return {
    kind: 'tests-dir',
    dir,
    name: basename(dir),
    tests: tests.map((test) => ({ ...test, validatorFlags: [] })),
    groups,
    scored: text !== undefined,
    limits: {},
    validatorLimits: {},
    compileLimits: {},
    validation: { kind: 'checker' },
    warnings: [],
  };
}
