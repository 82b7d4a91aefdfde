import { describeValue } from '../process/index.js';

/** Thrown by `submit` for a malformed job, and by the worker options' validation. */
export class InvalidJobError extends TypeError {
  override name = 'InvalidJobError';
}

export function invalidField(name: string, expected: string, value: unknown): InvalidJobError {
  return new InvalidJobError(`Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
}

/** An integer option of the queue or the worker: `fallback` when absent, at least `min`. */
export function validateCount(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalidField(name, min === 1 ? 'a positive integer' : `an integer of at least ${min}`, value);
  }
  return value;
}
