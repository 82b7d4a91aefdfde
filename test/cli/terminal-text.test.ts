import { describe, expect, it } from 'vitest';
import { escapeForTerminal, escapeNameForTerminal, escapeStringsForTerminal } from '../../src/cli/kit/index.js';

describe('escapeForTerminal', () => {
  it('escapes C0 and C1 controls, DEL and bidi overrides; keeps newlines, tabs and other text', () => {
    expect(escapeForTerminal('\u001b[2J\u0007\u007f\u009b31m\u202eabc\u2066')).toBe(
      '\\x1b[2J\\x07\\x7f\\x9b31m\\u{202e}abc\\u{2066}',
    );
    expect(escapeForTerminal('line 1\n\tline 2 é €')).toBe('line 1\n\tline 2 é €');
  });

  it('escapes a file name onto one line, C1 controls and bidi overrides too', () => {
    expect(escapeNameForTerminal('a\nb\r\t\u001b\u009b\u202e.cpp')).toBe('a\\nb\\r\\t\\x1b\\x9b\\u{202e}.cpp');
  });

  it('escapes every string of a report, leaving numbers and other values alone', () => {
    const report = { verdict: 'WA', cpuMs: 3, tests: [{ name: '1', message: 'found \u001b[8m', exit: null }] };
    expect(escapeStringsForTerminal(report)).toEqual({
      verdict: 'WA',
      cpuMs: 3,
      tests: [{ name: '1', message: 'found \\x1b[8m', exit: null }],
    });
  });
});
