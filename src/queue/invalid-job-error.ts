import { describeValue } from '../process/index.js';

/** Thrown by `submit` for a malformed job, and by the worker options' validation. */
export class InvalidJobError extends TypeError {
  override name = 'InvalidJobError';
}

export function invalidField(name: string, expected: string, value: unknown): InvalidJobError {
  return new InvalidJobError(`Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
}
