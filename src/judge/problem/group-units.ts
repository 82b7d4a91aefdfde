import type { TestGroup } from './types.js';
import type { DataTree } from './walk-data.js';

/** A group as judged: `sample`, `secret` (its loose tests), or one subdirectory of secret with all below it. */
export interface Unit {
  name: string;
  tests: string[];
}

export function unitsOf(tree: DataTree): Unit[] {
  const under = (path: string) =>
    tree.tests.filter((test) => test.name.startsWith(`${path}/`)).map((test) => test.name);
  const units: Unit[] = [{ name: 'sample', tests: under('sample') }];
  const secret = tree.dirs.get('secret');
  if (secret) {
    units.push({ name: 'secret', tests: secret.tests });
    for (const child of secret.children) units.push({ name: child.path, tests: under(child.path) });
  }
  const order = new Map(tree.tests.map((test, index) => [test.name, index]));
  return units
    .filter((unit) => unit.tests.length > 0)
    .sort((a, b) => order.get(a.tests[0]!)! - order.get(b.tests[0]!)!);
}

/** What scoring decides for a group. */
export type GroupPoints = Pick<TestGroup, 'points' | 'scoring'>;
