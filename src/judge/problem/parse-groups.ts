import { invalidField, isRecord, problemError } from './problem-error.js';
import type { TestGroup } from './types.js';

const KEYS = new Set(['name', 'points', 'tests', 'stopOnFailure', 'scoring']);

/** `*` matches any characters, `?` one; everything else stands for itself. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function matchTests(patterns: string[], testNames: readonly string[], where: string): string[] {
  const wanted = new Set<string>();
  for (const pattern of patterns) {
    const matches = /[*?]/.test(pattern)
      ? testNames.filter((name) => globToRegExp(pattern).test(name))
      : testNames.filter((name) => name === pattern);
    if (matches.length === 0) throw problemError(`${where}: no test matches ${JSON.stringify(pattern)}`);
    for (const name of matches) wanted.add(name);
  }
  // Run order, whatever order the patterns came in.
  return testNames.filter((name) => wanted.has(name));
}

function parseGroup(raw: unknown, index: number, testNames: readonly string[], source: string): TestGroup {
  const where = `${source}[${index}]`;
  if (!isRecord(raw)) throw invalidField(source, `[${index}]`, 'an object { name, points, tests }', raw);
  const unknown = Object.keys(raw).find((key) => !KEYS.has(key));
  if (unknown !== undefined)
    throw problemError(`${where}: unknown field \`${unknown}\` (expected name, points, tests, stopOnFailure, scoring)`);
  const { name, points, tests, stopOnFailure = true, scoring = 'all' } = raw;
  if (typeof name !== 'string' || name.trim() === '') throw invalidField(where, 'name', 'a non-empty string', name);
  if (typeof points !== 'number' || !Number.isFinite(points) || points < 0)
    throw invalidField(where, 'points', 'a non-negative number', points);
  const patterns = typeof tests === 'string' ? [tests] : tests;
  if (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((item) => typeof item === 'string'))
    throw invalidField(where, 'tests', 'a test name or pattern (`*`, `?`), or a non-empty list of them', tests);
  if (typeof stopOnFailure !== 'boolean') throw invalidField(where, 'stopOnFailure', 'a boolean', stopOnFailure);
  if (scoring !== 'all' && scoring !== 'each') throw invalidField(where, 'scoring', "'all' or 'each'", scoring);
  return { name, points, tests: matchTests(patterns, testNames, where), stopOnFailure, scoring };
}

/**
 * Validates the groups form of a plain tests dir (`groups.json`) or of inline tests:
 * `[{ name, points, tests, stopOnFailure?, scoring? }]`, where `tests` is a test name, a pattern with
 * `*` and `?`, or a list of them. Names are unique; every test is in at least one group (a test may
 * be in several). Throws SaferunError (ERR_INVALID_PROBLEM) naming `source` and the bad field.
 */
export function parseGroups(raw: unknown, testNames: readonly string[], source = 'groups'): TestGroup[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalidField(source, 'groups', 'a non-empty list of { name, points, tests }', raw);
  const groups = raw.map((item, index) => parseGroup(item, index, testNames, source));
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.name)) throw problemError(`${source}: two groups are named ${JSON.stringify(group.name)}`);
    seen.add(group.name);
  }
  const grouped = new Set(groups.flatMap((group) => group.tests));
  const loose = testNames.filter((name) => !grouped.has(name));
  if (loose.length > 0) {
    const shown = loose.slice(0, 5).join(', ') + (loose.length > 5 ? `, and ${loose.length - 5} more` : '');
    throw problemError(`${source}: every test must be in a group; not in any: ${shown}`);
  }
  return groups;
}
