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

export function validateCount(name: string, value: unknown, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max < Number.MAX_SAFE_INTEGER ? `an integer from ${min} to ${max}` : min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
    throw invalidField(name, range, value);
  }
  return value;
}
