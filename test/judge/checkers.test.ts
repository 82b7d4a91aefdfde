import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { prepareTestlibChecker } from '../../src/judge/checkers/testlib-checker.js';
import {
  closeEnough,
  compareExact,
  compareFloats,
  compareLines,
  compareTokens,
} from '../../src/judge/checkers/compare-text.js';

describe('compareTokens', () => {
  it('ignores whitespace layout', () => {
    expect(compareTokens('1  2\n3\n\n', '1 2 3').verdict).toBe('AC');
  });
  it('names the first differing token', () => {
    expect(compareTokens('1 2 4', '1 2 3')).toEqual({
      verdict: 'WA',
      message: "3rd words differ - expected: '3', found: '4'",
    });
  });
  it('rejects missing and extra tokens', () => {
    expect(compareTokens('1 2', '1 2 3').message).toContain('found: end of output');
    expect(compareTokens('1 2 3 4', '1 2 3').message).toContain("expected: end of output, found: '4'");
  });
  it('rejects empty output for a non-empty answer', () => {
    expect(compareTokens('', '5').verdict).toBe('WA');
  });
});

describe('compareLines', () => {
  it('treats CRLF as LF and ignores trailing spaces and trailing blank lines', () => {
    expect(compareLines('a b  \r\nc\r\n\r\n\n', 'a b\nc').verdict).toBe('AC');
  });
  it('keeps spaces inside a line significant', () => {
    expect(compareLines('a  b\n', 'a b\n')).toEqual({
      verdict: 'WA',
      message: "1st lines differ - expected: 'a b', found: 'a  b'",
    });
  });
  it('keeps leading blank lines significant', () => {
    expect(compareLines('\na\n', 'a\n').verdict).toBe('WA');
  });
});

describe('compareExact', () => {
  it('accepts only identical bytes', () => {
    expect(compareExact('a\n', 'a\n').verdict).toBe('AC');
    expect(compareExact('a', 'a\n')).toEqual({
      verdict: 'WA',
      message: "outputs differ at byte 2: expected '\n', found end of output",
    });
  });
});

describe('compareFloats', () => {
  it('accepts an absolute error within eps', () => {
    expect(compareFloats('0.0000031', '0.0000031416', 1e-6).verdict).toBe('AC');
  });
  it('accepts a relative error within eps on large numbers', () => {
    expect(compareFloats('478828248.49', '478828248.4939214587', 1e-6).verdict).toBe('AC');
    expect(compareFloats('478820000', '478828248.4939214587', 1e-6).verdict).toBe('WA');
  });
  it('rejects an error past both', () => {
    expect(compareFloats('3.14', '3.1415926536', 1e-6).message).toContain(
      "1st numbers differ - expected: '3.1415926536', found: '3.14'",
    );
  });
  it('compares non-numeric tokens exactly and wants a number where the answer has one', () => {
    expect(compareFloats('YES 1.0', 'YES 1', 1e-9).verdict).toBe('AC');
    expect(compareFloats('NO 1', 'YES 1', 1e-9).verdict).toBe('WA');
    expect(compareFloats('x', '1', 1e-9).verdict).toBe('WA');
  });
  it('matches infinities and NaN only with themselves, like testlib', () => {
    expect(closeEnough(Infinity, Infinity, 1e-6)).toBe(true);
    expect(closeEnough(NaN, NaN, 1e-6)).toBe(true);
    expect(closeEnough(1, NaN, 1e-6)).toBe(false);
    expect(compareFloats('inf', 'inf', 1e-6).verdict).toBe('AC');
  });
});

describe('prepareTestlibChecker', () => {
  it('removes the input, answer and output copies after each check', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'testlib-checker-'));
    const script = join(mkdtempSync(join(tmpdir(), 'testlib-script-')), 'check.sh');
    try {
      // testlib's contract: checker input output answer; exit 0 for AC.
      writeFileSync(script, '#!/bin/sh\ncmp -s "$2" "$3"\n', { mode: 0o755 });
      const checker = await prepareTestlibChecker(script, { workDir });
      if (!('check' in checker)) throw new Error(checker.message);
      const result = await checker.check({
        input: () => Promise.resolve('1 2'),
        expected: Buffer.from('3\n'),
        output: Buffer.from('3\n'),
      });
      expect(result.verdict).toBe('AC');
      expect(readdirSync(workDir)).toEqual([]);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
      rmSync(dirname(script), { recursive: true, force: true });
    }
  });
});
