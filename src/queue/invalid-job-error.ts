import { describeValue } from '../process/index.js';

/** Thrown by `submit` for a malformed job, and by the worker options' validation. */
export class InvalidJobError extends TypeError {
  override name = 'InvalidJobError';
}

export function invalidField(name: string, expected: string, value: unknown): InvalidJobError {
  return new InvalidJobError(`Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
}

/** An integer option of the queue or the worker: `fallback` when absent, at least `min`. */
/** Node's timers fire at once beyond this many milliseconds (about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;
/** A progress event later than a minute is no longer progress. */
export const MAX_PROGRESS_INTERVAL_MS = 60_000;

/** 'from 0 to 60000', or 'of at least 1' when there is no upper bound: what an integer option takes. */
export function integerRange(min: number, max = Number.MAX_SAFE_INTEGER): string {
  return max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `of at least ${min}`;
}

export function validateCount(
  name: string,
  value: unknown,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidField(
      name,
      min === 1 && max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer ${integerRange(min, max)}`,
      value,
    );
  }
  return value;
}
