import { settingsOf, stopsOnReject, type Settings } from './data-settings.js';
import { invalidField, isRecord, problemError } from './problem-error.js';
import { splitFlags } from './validator-flags.js';
import type { TestGroup } from './types.js';
import type { DataTree } from './walk-data.js';

/** A group as judged: `sample`, `secret` (its loose tests), or one subdirectory of secret with all below it. */
interface Unit {
  name: string;
  tests: string[];
}

function unitsOf(tree: DataTree): Unit[] {
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

function nonNegative(label: string, values: Record<string, unknown>, key: string, name = key): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0)
    throw invalidField(label, name, 'a non-negative number', raw);
  return raw;
}

/** `range: "0 20"`: the upper bound caps the group's points (`inf` for none). */
function rangeCap(settings: Settings): number {
  const raw = settings.values.range;
  if (raw === undefined) return Infinity;
  const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  const bounds = text
    .trim()
    .split(/\s+/)
    .map((word) => (/^[+]?inf$/i.test(word) ? Infinity : /^-inf$/i.test(word) ? -Infinity : Number(word)));
  if (bounds.length !== 2 || bounds.some(Number.isNaN) || bounds[0]! > bounds[1]!)
    throw invalidField(settings.label, 'range', 'two numbers, low then high ("0 20")', raw);
  return bounds[1]!;
}

const MODES = new Set(['sum', 'avg', 'min', 'max']);
const KNOWN_FLAGS = new Set([...MODES, 'ignore_sample', 'worst_error', 'first_error']);

/**
 * Legacy scoring (testdata.yaml): each accepted test scores `accept_score` (1), and the default grader
 * aggregates with `grader_flags`: `min` (all or nothing, IOI style), `sum` (the default) or `avg`.
 */
function legacyPoints(unit: Unit, settings: Settings, warnings: string[]): Pick<TestGroup, 'points' | 'scoring'> {
  const accept = nonNegative(settings.label, settings.values, 'accept_score') ?? 1;
  if (settings.values.grading === 'custom')
    warnings.push(`${settings.label}: grading: custom is not run; ${unit.name} is scored by the default grader`);
  let mode = 'sum';
  for (const flag of typeof settings.values.grader_flags === 'string' ? splitFlags(settings.values.grader_flags) : []) {
    if (MODES.has(flag)) mode = flag;
    else if (!KNOWN_FLAGS.has(flag)) warnings.push(`${settings.label}: grader flag ${flag} is not supported`);
  }
  if (mode === 'max')
    warnings.push(`${settings.label}: grader_flags max is not supported; ${unit.name} is scored as sum`);
  const points = mode === 'min' || mode === 'avg' ? accept : accept * unit.tests.length;
  return { points: Math.min(points, rangeCap(settings)), scoring: mode === 'min' ? 'all' : 'each' };
}

interface Scoring {
  score?: number;
  aggregation: 'pass-fail' | 'sum' | 'min';
}

function readScoring(tree: DataTree, path: string, fallback: Scoring['aggregation']): Scoring {
  const settings = settingsOf(tree, path, true);
  const raw = settings.values.scoring;
  if (raw === undefined) return { aggregation: fallback };
  if (!isRecord(raw)) throw invalidField(settings.label, 'scoring', 'a map { score, aggregation }', raw);
  if (raw.score === 'unbounded') throw problemError(`${settings.label}: unbounded scores are not supported`);
  const score = nonNegative(settings.label, raw, 'score', 'scoring.score');
  const aggregation = raw.aggregation ?? fallback;
  if (aggregation !== 'pass-fail' && aggregation !== 'sum' && aggregation !== 'min')
    throw invalidField(settings.label, 'scoring.aggregation', "'pass-fail', 'sum' or 'min'", aggregation);
  return { ...(score === undefined ? {} : { score }), aggregation };
}

/**
 * 2023-07 scoring (`scoring: { score, aggregation }`): secret is worth 100 by default and sums its
 * subgroups and loose tests; those without a score share what is left evenly. A subgroup is pass-fail
 * (all or nothing) by default.
 */
function sharePoints(tree: DataTree, units: Unit[], max: number): Map<string, Pick<TestGroup, 'points' | 'scoring'>> {
  const subgroups = units.filter((unit) => unit.name.startsWith('secret/'));
  const scorings = new Map(subgroups.map((unit) => [unit.name, readScoring(tree, unit.name, 'pass-fail')]));
  const given = [...scorings.values()].reduce((sum, scoring) => sum + (scoring.score ?? 0), 0);
  const loose = units.find((unit) => unit.name === 'secret')?.tests.length ?? 0;
  const unscored = [...scorings.values()].filter((scoring) => scoring.score === undefined).length;
  if (given > max) throw problemError(`data/secret: the subgroups' scores add up to ${given}, over secret's ${max}`);
  const share = unscored + loose > 0 ? (max - given) / (unscored + loose) : 0;
  const points = new Map<string, Pick<TestGroup, 'points' | 'scoring'>>();
  points.set('secret', { points: share * loose, scoring: 'each' });
  for (const [name, scoring] of scorings)
    points.set(name, { points: scoring.score ?? share, scoring: scoring.aggregation === 'sum' ? 'each' : 'all' });
  return points;
}

/** 2023-07 groups and points; a secret that is not summed passes or fails as one group. */
function modernUnits(
  tree: DataTree,
  units: Unit[],
): { units: Unit[]; points: Map<string, Pick<TestGroup, 'points' | 'scoring'>> } {
  const secret = readScoring(tree, 'secret', 'sum');
  const max = secret.score ?? 100;
  if (secret.aggregation === 'sum') return { units, points: sharePoints(tree, units, max) };
  const sample = units.filter((unit) => unit.name === 'sample');
  const all = units.filter((unit) => unit.name !== 'sample').flatMap((unit) => unit.tests);
  const order = new Map(tree.tests.map((test, index) => [test.name, index]));
  all.sort((a, b) => order.get(a)! - order.get(b)!);
  return {
    units: [...sample, { name: 'secret', tests: all }],
    points: new Map([['secret', { points: max, scoring: 'all' }]]),
  };
}

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
  let modern: Map<string, Pick<TestGroup, 'points' | 'scoring'>> | undefined;
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
