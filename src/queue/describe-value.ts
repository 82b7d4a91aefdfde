/** `` `-1` (number) ``: a value as validation messages show it, cut to a readable length. */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return '[function] (function)';
  let shown: string;
  try {
    shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (shown.length > 60) shown = `${shown.slice(0, 57)}...`;
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `\`${shown}\` (${type})`;
}

/** Thrown by `submit` for a malformed job, and by the worker options' validation. */
export class InvalidJobError extends TypeError {
  override name = 'InvalidJobError';
}

export function invalidField(name: string, expected: string, value: unknown): InvalidJobError {
  return new InvalidJobError(`Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
}
