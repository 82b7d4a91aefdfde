/** `` `-1` (number) ``, for validation messages. */
export function describeValue(value: unknown): string {
  const shown =
    typeof value === 'string'
      ? `"${value}"`
      : typeof value === 'object' && value !== null
        ? Object.prototype.toString.call(value)
        : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}
