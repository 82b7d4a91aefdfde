import { LIMIT_RULES } from '../limits.js';
import { invalidField, isRecord } from './problem-error.js';
import type { Problem } from './types.js';

type PackageLimits = Pick<Problem, 'limits' | 'validatorLimits' | 'compileLimits'>;

/** Seconds (a float, as problem.yaml and .timelimit write them) to whole milliseconds, at least 1. */
export function secondsToMs(value: unknown, where: string, name: string): number {
  const max = LIMIT_RULES.timeLimitMs.max / 1000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max)
    throw invalidField(where, name, `a number of seconds above 0 and at most ${max}`, value);
  return Math.max(1, Math.round(value * 1000));
}

function mebibytes(value: unknown, where: string, name: string): number {
  const max = LIMIT_RULES.memoryLimitMb.max;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max)
    throw invalidField(where, name, `a number of MiB above 0 and at most ${max}`, value);
  return value;
}

/**
 * problem.yaml's `limits`: `time_limit` (s, the 2023-07 format; DOMjudge reads it in any version),
 * `memory` and `output` (MiB), `validation_time` (s), `validation_memory` and `validation_output` (MiB),
 * `compilation_time` (s) and `compilation_memory` (MiB). The legacy `time_multiplier` and
 * `time_safety_margin` and the 2023-07 `time_multipliers` derive a time limit from the package's
 * accepted submissions, which judging does not run: they are not read, as in DOMjudge.
 */
export function readLimits(raw: unknown, where: string): PackageLimits {
  const read: PackageLimits = { limits: {}, validatorLimits: {}, compileLimits: {} };
  if (raw === undefined || raw === null) return read;
  if (!isRecord(raw)) throw invalidField(where, 'limits', 'a map', raw);
  const seconds = (key: string) => (raw[key] === undefined ? undefined : secondsToMs(raw[key], where, `limits.${key}`));
  const mib = (key: string) => (raw[key] === undefined ? undefined : mebibytes(raw[key], where, `limits.${key}`));
  const set = <T extends object>(target: T, key: keyof T, value: number | undefined) => {
    if (value !== undefined) (target as Record<keyof T, number>)[key] = value;
  };
  set(read.limits, 'timeLimitMs', seconds('time_limit'));
  set(read.limits, 'memoryLimitMb', mib('memory'));
  set(read.limits, 'outputLimitMb', mib('output'));
  set(read.validatorLimits, 'timeLimitMs', seconds('validation_time'));
  set(read.validatorLimits, 'memoryLimitMb', mib('validation_memory'));
  set(read.validatorLimits, 'outputLimitMb', mib('validation_output'));
  set(read.compileLimits, 'timeLimitMs', seconds('compilation_time'));
  set(read.compileLimits, 'memoryLimitMb', mib('compilation_memory'));
  return read;
}
