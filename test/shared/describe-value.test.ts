import { describe, expect, it } from 'vitest';
import { describeChoices, describeValue, invalidValue, SaferunError } from '../../src/shared/index.js';

describe('describeValue', () => {
  it.each([
    [-1, '`-1` (number)'],
    ['2s', '`"2s"` (string)'],
    ['', '`""` (string)'],
    [null, '`null` (null)'],
    [undefined, '`undefined` (undefined)'],
    [[1, 2], '`[1,2]` (array)'],
    [{ a: 1 }, '`{"a":1}` (object)'],
    [BigInt(10), '`10n` (bigint)'],
    [NaN, '`NaN` (number)'],
    [function named() {}, '`[function named]` (function)'],
    [new Map([['a', 1]]), '`{}` (Map)'],
    [new URL('https://example.com/'), '`https://example.com/` (URL)'],
  ])('shows case %# as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  it('cuts long values and survives cycles', () => {
    expect(describeValue('x'.repeat(100))).toBe(`\`"${'x'.repeat(56)}...\` (string)`);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(describeValue(cycle)).toBe('`[object Object]` (object)');
  });
});

describe('SaferunError', () => {
  it('carries a code and names the option, what was expected and what was given', () => {
    const error = invalidValue('ERR_INVALID_OPTION', 'timeout', 'a non-negative integer', -1);
    expect(error).toBeInstanceOf(SaferunError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe('Expected `timeout` to be a non-negative integer, got `-1` (number)');
  });
});

describe('describeChoices', () => {
  it('quotes each choice and joins the last with "or"', () => {
    expect(describeChoices(['auto', 'bwrap', 'none'])).toBe("'auto', 'bwrap' or 'none'");
    expect(describeChoices(['json', 'advanced'])).toBe("'json' or 'advanced'");
    expect(describeChoices(['only'])).toBe("'only'");
  });
});
