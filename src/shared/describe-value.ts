/**
 * A value as validation messages show it: `` `-1` (number) ``, `` `"2s"` (string) ``,
 * `` `{"a":1}` (object) ``. Strings are quoted so that an empty or padded one is visible.
 */
export function describeValue(value: unknown): string {
  return `\`${showValue(value)}\` (${typeOfValue(value)})`;
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  // An instance of a class is named by its class: a Map shows as `{}`, so (object) would mislead.
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
    const name = prototype?.constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return typeof value;
}

function showValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'function') shown = `[function ${value.name || 'anonymous'}]`;
  else if (typeof value === 'string') shown = JSON.stringify(value);
  else if (typeof value === 'bigint') shown = `${value}n`;
  else if (typeof value === 'symbol') shown = value.toString();
  else if (typeof value === 'number') shown = Object.is(value, -0) ? '-0' : String(value);
  else if (value instanceof Date || value instanceof URL || value instanceof RegExp) shown = String(value);
  else {
    try {
      // JSON.stringify gives undefined for undefined (its type says string).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      // A cycle or a throwing toJSON: the tag is all that can be shown.
      shown = Object.prototype.toString.call(value);
    }
  }
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

/** Choices as validation messages list them: `'a', 'b' or 'c'`. */
export function describeChoices(choices: readonly string[]): string {
  const quoted = choices.map((choice) => `'${choice}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}` : (quoted[0] ?? '');
}
