import { describe, expect, it } from 'vitest';
import { defaultValidate } from '../../../src/judge/problem/default-validate.js';
import { parseValidatorFlags } from '../../../src/judge/problem/validator-flags.js';

const bytes = (text: string | number[]) => (typeof text === 'string' ? Buffer.from(text, 'latin1') : Buffer.from(text));

/** [output, answer, flags, expected message ('' for AC)]: the golden table of the default validator. */
const GOLDEN: [string | number[], string | number[], string, string][] = [
  // Tokens on any whitespace.
  ['3\n', '3\n', '', ''],
  ['  1   2\n\n3', '1 2 3\n', '', ''],
  ['1\r\n2\r\n', '1\n2\n', '', ''],
  ['1\t2\v3\f4\r', '1 2 3 4', '', ''],
  ['1\n2\n4\n', '1\n2\n3\n', '', "Wrong answer on line 3: expected '3', got '4'"],
  ['1\n2\n4\n', '1 2 3\n', '', "Wrong answer on line 3 of the output (line 1 of the answer): expected '3', got '4'"],
  // Case: ASCII letters fold unless case_sensitive; other bytes never do.
  ['YES\n', 'yes\n', '', ''],
  ['YES\n', 'yes\n', 'case_sensitive', "Wrong answer on line 1: expected 'yes', got 'YES'"],
  ['\u00c9', '\u00e9', '', "Wrong answer on line 1: expected '\ufffd', got '\ufffd'"],
  [[0xff], [0xfe], '', "Wrong answer on line 1: expected '\ufffd', got '\ufffd'"],
  [[0xff], [0xff], 'case_sensitive', ''],
  // Too little, too much.
  ['', '3\n', '', "Wrong answer on line 1: the output is empty, expected '3'"],
  [
    '\n\n',
    '3\n',
    '',
    "Wrong answer on line 3 of the output (line 1 of the answer): the output has no tokens, expected '3'",
  ],
  ['1 2', '1 2 3', '', "Wrong answer on line 1: the output ended, expected '3'"],
  ['1 2 3\n4\n', '1 2 3\n', '', "Wrong answer on line 2: trailing output after the answer ended: '4'"],
  ['3\n', '', '', "Wrong answer on line 1: trailing output after the answer ended: '3'"],
  ['', '', '', ''],
  ['\n', '  \n', '', ''],
  // Floats only with a tolerance; then any notation of a number passes.
  ['1.0', '1', '', "Wrong answer on line 1: expected '1', got '1.0'"],
  ['1.0', '1', 'float_tolerance 1e-9', ''],
  ['3.14000000e-2', '0.0314', 'float_tolerance 1e-9', ''],
  ['+.5', '0.5', 'float_absolute_tolerance 0', ''],
  ['5.', '5', 'float_absolute_tolerance 0', ''],
  ['3.0000001', '3', 'float_tolerance 1e-6', ''],
  [
    '3.00001',
    '3',
    'float_tolerance 1e-6',
    "Wrong answer on line 1: expected '3', got '3.00001': difference 1e-5 is over the tolerance (absolute 1e-6, relative 1e-6)",
  ],
  ['1000000001', '1000000000', 'float_relative_tolerance 1e-6', ''],
  [
    '1000000001',
    '1000000000',
    'float_absolute_tolerance 1e-6',
    "Wrong answer on line 1: expected '1000000000', got '1000000001': difference 1 is over the tolerance (absolute 1e-6)",
  ],
  // Relative to the answer: 1e-6 of 0 is 0.
  [
    '0.0000001',
    '0',
    'float_relative_tolerance 1e-6',
    "Wrong answer on line 1: expected '0', got '0.0000001': difference 1e-7 is over the tolerance (relative 1e-6)",
  ],
  ['abc', '1.5', 'float_tolerance 1e-6', "Wrong answer on line 1: expected a number like '1.5', got 'abc'"],
  ['0x1p-1', '0.5', 'float_tolerance 1e-6', "Wrong answer on line 1: expected a number like '0.5', got '0x1p-1'"],
  // Tokens that are not numbers in the format (inf, nan, overflow) compare as strings, case folded.
  ['INF', 'inf', 'float_tolerance 1e-6', ''],
  ['nan', 'NaN', 'float_tolerance 1e-6', ''],
  ['1e999', '1e999', 'float_tolerance 1e-6', ''],
  ['2e999', '1e999', 'float_tolerance 1e-6', "Wrong answer on line 1: expected '1e999', got '2e999'"],
  ['yes 1.00000001', 'YES 1', 'float_tolerance 1e-6', ''],
  // Whitespace byte for byte with space_change_sensitive.
  ['1 2\n', '1 2\n', 'space_change_sensitive', ''],
  [
    '1  2\n',
    '1 2\n',
    'space_change_sensitive',
    'Wrong answer on line 1: extra space: the answer has no more whitespace here',
  ],
  ['1\n', '1\n\n', 'space_change_sensitive', 'Wrong answer on line 2: expected a newline, got the end of the output'],
  ['1', '1\n', 'space_change_sensitive', 'Wrong answer on line 1: expected a newline, got the end of the output'],
  ['1\r\n', '1\n', 'space_change_sensitive', 'Wrong answer on line 1: expected a newline, got a carriage return'],
  ['1\t2', '1 2', 'space_change_sensitive', 'Wrong answer on line 1: expected a space, got a tab'],
  [' 1', '1', 'space_change_sensitive', 'Wrong answer on line 1: extra space: the answer has no more whitespace here'],
  ['12', '1 2', 'space_change_sensitive', "Wrong answer on line 1: expected '1', got '12'"],
  ['1 x', '1 2', 'space_change_sensitive', "Wrong answer on line 1: expected '2', got 'x'"],
  ['1\n', '1\n', 'space_change_sensitive case_sensitive float_tolerance 0.1', ''],
];

describe('defaultValidate: golden table', () => {
  for (const [output, answer, flags, message] of GOLDEN) {
    it(`${JSON.stringify(String(output))} vs ${JSON.stringify(String(answer))}${flags ? ` [${flags}]` : ''}`, () => {
      const result = defaultValidate(bytes(output), bytes(answer), parseValidatorFlags(flags));
      expect(result).toEqual(message === '' ? { verdict: 'AC', message: '' } : { verdict: 'WA', message });
    });
  }
});

describe('defaultValidate: messages people can read', () => {
  it('cuts long tokens and shows control bytes', () => {
    const long = 'a'.repeat(100);
    expect(defaultValidate(bytes(`${long}b`), bytes(`${long}c`)).message).toBe(
      `Wrong answer on line 1: expected '${'a'.repeat(61)}...', got '${'a'.repeat(61)}...'`,
    );
    expect(defaultValidate(bytes([0x41, 0x00]), bytes('A')).message).toBe(
      "Wrong answer on line 1: expected 'A', got 'A\\x00'",
    );
  });
  it('takes Uint8Array views, not only Buffers', () => {
    const whole = new TextEncoder().encode('xx 42 yy');
    expect(defaultValidate(whole.subarray(3, 5), new TextEncoder().encode('42')).verdict).toBe('AC');
  });
  it('handles a large output without building strings', () => {
    const answer = Buffer.from(`${Array.from({ length: 200_000 }, (_, i) => i).join(' ')}\n`);
    const output = Buffer.from(answer.toString().replace('199999', '199998'));
    expect(defaultValidate(output, answer).message).toBe("Wrong answer on line 1: expected '199999', got '199998'");
  });
});

describe('parseValidatorFlags', () => {
  it('reads a string or a list; float_tolerance sets both; a later tolerance wins, as in Kattis and DOMjudge', () => {
    expect(parseValidatorFlags('float_tolerance 1e-6 case_sensitive')).toEqual({
      floatAbsoluteTolerance: 1e-6,
      floatRelativeTolerance: 1e-6,
      caseSensitive: true,
    });
    expect(parseValidatorFlags(['float_tolerance', '1e-6', 'float_relative_tolerance', '1e-3'])).toEqual({
      floatAbsoluteTolerance: 1e-6,
      floatRelativeTolerance: 1e-3,
    });
    expect(parseValidatorFlags('  space_change_sensitive\n')).toEqual({ spaceChangeSensitive: true });
    expect(parseValidatorFlags('')).toEqual({});
  });
  it('names the source, the flag and the value in its errors', () => {
    expect(() => parseValidatorFlags('case_insensitive', 'problem.yaml validator_flags')).toThrow(
      'problem.yaml validator_flags: Expected `flag` to be one of case_sensitive, space_change_sensitive, float_tolerance ε, float_absolute_tolerance ε or float_relative_tolerance ε, got `"case_insensitive"` (string)',
    );
    expect(() => parseValidatorFlags('float_tolerance')).toThrow(
      'validator flags: Expected a number after `float_tolerance`, got the end of the flags',
    );
    expect(() => parseValidatorFlags('float_tolerance -1')).toThrow(
      'Expected `float_tolerance` to be followed by a non-negative number, got `"-1"` (string)',
    );
    expect(() => parseValidatorFlags('float_absolute_tolerance abc')).toThrow(/float_absolute_tolerance/);
    try {
      parseValidatorFlags('bogus');
    } catch (error) {
      expect(error).toMatchObject({ name: 'SaferunError', code: 'ERR_INVALID_PROBLEM' });
    }
  });
});
