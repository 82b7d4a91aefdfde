import { describeIntegerRange, invalidValue, isIntegerIn, type SaferunError } from '../shared/index.js';

/** A malformed job or queue option: SaferunError with code ERR_INVALID_JOB, naming the field. */
export function invalidField(name: string, expected: string, value: unknown): SaferunError {
  return invalidValue('ERR_INVALID_JOB', name, expected, value);
}

/** A progress event later than a minute is no longer progress. */
export const MAX_PROGRESS_INTERVAL_MS = 60_000;

/** An integer option of the queue or the worker: `fallback` when absent, else within [min, max]. */
export function validateCount(
  name: string,
  value: unknown,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!isIntegerIn(value, min, max)) throw invalidField(name, describeIntegerRange(min, max), value);
  return value;
}
