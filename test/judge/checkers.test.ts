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

describe('bytes, not text', () => {
  const ff = Buffer.from([0xff, 0x0a]);
  const x80 = Buffer.from([0x80, 0x0a]);

  it('two different invalid UTF-8 bytes are different, with every checker', () => {
    expect(compareExact(ff, x80)).toEqual({
      verdict: 'WA',
      message: "outputs differ at byte 1: expected '\\x80', found '\\xff'",
    });
    expect(compareTokens(ff, x80)).toEqual({
      verdict: 'WA',
      message: "1st words differ - expected: '\\x80', found: '\\xff'",
    });
    expect(compareLines(ff, x80).verdict).toBe('WA');
    expect(compareFloats(ff, x80, 1e-6).verdict).toBe('WA');
    expect(compareExact(ff, Buffer.from(ff)).verdict).toBe('AC');
  });

  it('splits tokens and lines on ASCII white space only (a no-break space is part of a token)', () => {
    expect(compareTokens('a\u00a0b', 'a b').verdict).toBe('WA');
    expect(compareTokens('a\u00a0b', 'a\u00a0b\n').verdict).toBe('AC');
    expect(compareTokens('a\vb\fc\r\n', 'a b c').verdict).toBe('AC');
    expect(compareLines('a\u00a0\n', 'a\n').verdict).toBe('WA');
  });

  it('compares a string as its UTF-8 bytes', () => {
    expect(compareExact('é\n', Buffer.from('é\n')).verdict).toBe('AC');
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
  it("reads the program's own output file, bytes as written", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'testlib-own-'));
    const script = join(dir, 'check.sh');
    const output = join(dir, 'stdout');
    try {
      writeFileSync(script, '#!/bin/sh\ncmp -s "$2" "$3"\n', { mode: 0o755 });
      writeFileSync(output, Buffer.from([0xff, 0x0a]));
      const checker = await prepareTestlibChecker(script, { workDir: dir });
      if (!('check' in checker)) throw new Error(checker.message);
      const check = (answer: number[]) =>
        checker.check({
          input: () => Promise.resolve(''),
          expected: Buffer.from(answer),
          output: Buffer.alloc(0), // not used: the checker reads outputFile
          outputFile: output,
        });
      expect((await check([0xff, 0x0a])).verdict).toBe('AC');
      expect((await check([0x80, 0x0a])).verdict).toBe('WA');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
