/** Node fires a timer over 2^31 - 1 ms at once: no duration option may pass it (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** 'from 0 to 60000', or 'of at least 1' when there is no upper bound: the range an integer takes. */
function integerRange(min: number, max = Number.MAX_SAFE_INTEGER): string {
  return max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `of at least ${min}`;
}

/** What an integer option expects, worded one way everywhere: 'a positive integer', 'an integer from 0 to 9'. */
export function describeIntegerRange(min: number, max = Number.MAX_SAFE_INTEGER): string {
  if (max === Number.MAX_SAFE_INTEGER && min === 1) return 'a positive integer';
  if (max === Number.MAX_SAFE_INTEGER && min === 0) return 'a non-negative integer';
  return `an integer ${integerRange(min, max)}`;
}

export function isIntegerIn(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
