import { settingsOf, stopsOnReject } from './data-settings.js';
import { unitsOf, type GroupPoints, type Unit } from './group-units.js';
import { legacyPoints } from './legacy-points.js';
import { modernUnits } from './modern-points.js';
import type { TestGroup } from './types.js';
import type { DataTree } from './walk-data.js';

/** Warns about settings below a group that flattening into groups does not honour. */
function warnNested(tree: DataTree, units: Unit[], modern: boolean, warnings: string[]): void {
  for (const [path, dir] of tree.dirs) {
    const owner = units.find((unit) => unit.name !== 'secret' && path.startsWith(`${unit.name}/`));
    if (!owner || dir.settings === undefined) continue;
    const keys = modern ? ['scoring', 'require_pass'] : ['accept_score', 'grader_flags', 'range', 'on_reject'];
    if (keys.some((key) => key in dir.settings!))
      warnings.push(`${dir.settingsLabel ?? path}: nested groups are judged as part of ${owner.name}`);
  }
  for (const dir of tree.dirs.values())
    if (dir.settings && 'require_pass' in dir.settings)
      warnings.push(`${dir.settingsLabel ?? dir.path}: require_pass is not supported`);
}

/** The package's groups: `sample`, `secret`'s loose tests, and each subdirectory of `secret`. */
export function packageGroups(
  tree: DataTree,
  options: { modern: boolean; scored: boolean },
): {
  groups: TestGroup[];
  warnings: string[];
} {
  const warnings: string[] = [];
  let units = unitsOf(tree);
  let modern: Map<string, GroupPoints> | undefined;
  if (options.scored && options.modern) ({ units, points: modern } = modernUnits(tree, units));
  const groups = units.map((unit): TestGroup => {
    const settings = settingsOf(tree, unit.name, options.modern);
    const base = { name: unit.name, tests: unit.tests, stopOnFailure: stopsOnReject(settings) };
    if (!options.scored || unit.name === 'sample') return { ...base, points: 0, scoring: 'all' };
    return { ...base, ...(modern ? modern.get(unit.name)! : legacyPoints(unit, settings, warnings)) };
  });
  if (!options.scored) {
    const keys = ['accept_score', 'range', 'scoring'];
    const scoredDir = [...tree.dirs.values()].find((dir) => keys.some((key) => key in (dir.settings ?? {})));
    if (scoredDir)
      warnings.push(`${scoredDir.settingsLabel ?? 'data'} sets scores, but problem.yaml does not say type: scoring`);
  } else {
    warnNested(tree, units, options.modern, warnings);
  }
  return { groups, warnings };
}
