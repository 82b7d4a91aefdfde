import { readNonNegative, settingsOf } from './data-settings.js';
import type { GroupPoints, Unit } from './group-units.js';
import { invalidField, isRecord, problemError } from './problem-error.js';
import type { DataTree } from './walk-data.js';

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
  const score = readNonNegative(settings.label, raw, 'score', 'scoring.score');
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
function sharePoints(tree: DataTree, units: Unit[], max: number): Map<string, GroupPoints> {
  const subgroups = units.filter((unit) => unit.name.startsWith('secret/'));
  const scorings = new Map(subgroups.map((unit) => [unit.name, readScoring(tree, unit.name, 'pass-fail')]));
  const given = [...scorings.values()].reduce((sum, scoring) => sum + (scoring.score ?? 0), 0);
  const loose = units.find((unit) => unit.name === 'secret')?.tests.length ?? 0;
  const unscored = [...scorings.values()].filter((scoring) => scoring.score === undefined).length;
  if (given > max) throw problemError(`data/secret: the subgroups' scores add up to ${given}, over secret's ${max}`);
  const share = unscored + loose > 0 ? (max - given) / (unscored + loose) : 0;
  const points = new Map<string, GroupPoints>();
  points.set('secret', { points: share * loose, scoring: 'each' });
  for (const [name, scoring] of scorings)
    points.set(name, { points: scoring.score ?? share, scoring: scoring.aggregation === 'sum' ? 'each' : 'all' });
  return points;
}

/** 2023-07 groups and points; a secret that is not summed passes or fails as one group. */
export function modernUnits(tree: DataTree, units: Unit[]): { units: Unit[]; points: Map<string, GroupPoints> } {
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
