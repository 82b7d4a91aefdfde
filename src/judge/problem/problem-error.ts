import { describeValue, SaferunError } from '../../shared/index.js';

/** A problem that cannot be judged as it is: the problem setter's mistake, never the submission's. */
export function problemError(message: string): SaferunError {
  return new SaferunError('ERR_INVALID_PROBLEM', message);
}

/** ``data/secret/testdata.yaml: Expected `accept_score` to be a non-negative number, got `"x"` (string)``. */
export function invalidField(where: string, name: string, expected: string, value: unknown): SaferunError {
  return problemError(`${where}: Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
