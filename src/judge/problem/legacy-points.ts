import { readNonNegative, type Settings } from './data-settings.js';
import type { GroupPoints, Unit } from './group-units.js';
import { invalidField } from './problem-error.js';
import { splitFlags } from './validator-flags.js';

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
export function legacyPoints(unit: Unit, settings: Settings, warnings: string[]): GroupPoints {
  const accept = readNonNegative(settings.label, settings.values, 'accept_score') ?? 1;
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
