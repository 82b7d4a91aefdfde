import { invalidValue, type SaferunError } from '../shared/index.js';

/** ``Expected `timeout` to be a non-negative integer, got `-1` (number)``, as an ERR_INVALID_OPTION. */
export function invalidOption(name: string, expected: string, value: unknown): SaferunError {
  return invalidValue('ERR_INVALID_OPTION', name, expected, value);
}
