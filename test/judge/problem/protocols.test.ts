import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeedback } from '../../../src/judge/problem/read-feedback.js';
import { interpretTestlibExit } from '../../../src/judge/problem/testlib-exit.js';
import { interpretValidatorExit, outputValidatorArgs } from '../../../src/judge/problem/validator-protocol.js';
import { execFile } from '../../../src/process/index.js';

const exit = (exitCode: number | null, signal: NodeJS.Signals | null = null) => ({ exitCode, signal });

describe('the 42/43 protocol', () => {
  it('builds `input answer feedback_dir/ flags...`, the feedback dir ending with a slash', () => {
    expect(outputValidatorArgs({ input: '/t/1.in', answer: '/t/1.ans', feedbackDir: '/tmp/fb' })).toEqual([
      '/t/1.in',
      '/t/1.ans',
      '/tmp/fb/',
    ]);
    expect(
      outputValidatorArgs({ input: 'i', answer: 'a', feedbackDir: '/tmp/fb/' }, ['float_tolerance', '1e-6']),
    ).toEqual(['i', 'a', '/tmp/fb/', 'float_tolerance', '1e-6']);
  });

  it('42 accepts and 43 rejects, with judgemessage.txt as the message', () => {
    expect(interpretValidatorExit(exit(42))).toEqual({ verdict: 'AC', message: '' });
    expect(interpretValidatorExit(exit(43), { judgeMessage: 'expected 3, got 4\n', teamMessage: 'close' })).toEqual({
      verdict: 'WA',
      message: 'expected 3, got 4',
      judgeMessage: 'expected 3, got 4\n',
      teamMessage: 'close',
    });
    expect(interpretValidatorExit(exit(43))).toEqual({ verdict: 'WA', message: 'rejected by the output validator' });
  });

  it('anything else, 0 and signals included, is the validator’s failure: IE, never WA', () => {
    expect(interpretValidatorExit(exit(0))).toEqual({
      verdict: 'IE',
      message: 'output validator exited with code 0, expected exit code 42 (accept) or 43 (reject)',
    });
    expect(interpretValidatorExit(exit(1), { judgeMessage: 'cannot open the answer' }).message).toBe(
      'output validator exited with code 1, expected exit code 42 (accept) or 43 (reject): cannot open the answer',
    );
    expect(interpretValidatorExit(exit(null, 'SIGABRT'), {}, 'interactor')).toEqual({
      verdict: 'IE',
      message: 'interactor was killed by SIGABRT, expected exit code 42 (accept) or 43 (reject)',
    });
    // A shell-style 128+n status is still not 42 or 43.
    expect(interpretValidatorExit(exit(170)).verdict).toBe('IE');
  });
});

describe('readFeedback', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'saferun-feedback-'));

  it('reads judgemessage.txt and teammessage.txt; a missing file is absent', async () => {
    const feedback = dir();
    writeFileSync(join(feedback, 'judgemessage.txt'), 'wrong on line 2\n');
    expect(await readFeedback(feedback)).toEqual({ judgeMessage: 'wrong on line 2\n', refused: [] });
    writeFileSync(join(feedback, 'teammessage.txt'), 'try again');
    expect(await readFeedback(feedback)).toMatchObject({ teamMessage: 'try again' });
    expect(await readFeedback(join(feedback, 'nonexistent'))).toEqual({ refused: [] });
  });

  it('cuts a large file at maxBytes, with a note', async () => {
    const feedback = dir();
    writeFileSync(join(feedback, 'judgemessage.txt'), 'x'.repeat(100_000));
    const read = await readFeedback(feedback, { maxBytes: 1000 });
    expect(read.judgeMessage).toBe(`${'x'.repeat(1000)}\n[... cut at 1000 bytes]`);
    const whole = await readFeedback(feedback);
    expect(whole.judgeMessage?.startsWith('x'.repeat(64 * 1024))).toBe(true);
    expect(whole.judgeMessage?.endsWith('[... cut at 65536 bytes]')).toBe(true);
  });

  it('never follows a symbolic link (a validator could point it at /etc/shadow) and reads only regular files', async () => {
    const feedback = dir();
    const secret = join(dir(), 'secret.txt');
    writeFileSync(secret, 'the answers');
    symlinkSync(secret, join(feedback, 'judgemessage.txt'));
    mkdirSync(join(feedback, 'teammessage.txt'));
    const read = await readFeedback(feedback);
    expect(read.judgeMessage).toBeUndefined();
    expect(read.teamMessage).toBeUndefined();
    expect(read.refused).toEqual([
      'judgemessage.txt is a symbolic link: not read',
      'teammessage.txt is not a regular file: not read',
    ]);
  });

  it('does not hang on a FIFO left in the feedback dir', async () => {
    const feedback = dir();
    expect((await execFile('mkfifo', [join(feedback, 'judgemessage.txt')])).ok).toBe(true);
    const read = await readFeedback(feedback);
    expect(read.refused).toEqual(['judgemessage.txt is not a regular file: not read']);
  });
});

describe('interpretTestlibExit', () => {
  it('maps testlib’s exit codes', () => {
    expect(interpretTestlibExit(exit(0), 'ok 3 numbers\n')).toEqual({ verdict: 'AC', message: 'ok 3 numbers' });
    expect(interpretTestlibExit(exit(1), 'wrong answer 1st numbers differ')).toEqual({
      verdict: 'WA',
      message: 'wrong answer 1st numbers differ',
    });
    expect(interpretTestlibExit(exit(1), '')).toEqual({ verdict: 'WA', message: 'wrong answer' });
    expect(interpretTestlibExit(exit(2), 'wrong output format Expected integer')).toEqual({
      verdict: 'WA',
      message: 'presentation error: wrong output format Expected integer',
    });
    expect(interpretTestlibExit(exit(4), '')).toEqual({ verdict: 'WA', message: 'extra output' });
    expect(interpretTestlibExit(exit(8), 'unexpected eof')).toEqual({
      verdict: 'WA',
      message: 'unexpected end of file: unexpected eof',
    });
  });
  it('reads points from a points exit (7)', () => {
    expect(interpretTestlibExit(exit(7), 'points 0.5 half of the pairs')).toEqual({
      verdict: 'AC',
      message: 'points 0.5 half of the pairs',
      points: 0.5,
    });
    expect(interpretTestlibExit(exit(7), 'partial')).toEqual({
      verdict: 'IE',
      message: 'checker gave points without a number: partial',
    });
  });
  it('a failing checker (3), another code or a signal is IE', () => {
    expect(interpretTestlibExit(exit(3), 'FAIL answer file is wrong')).toEqual({
      verdict: 'IE',
      message: 'checker failed: FAIL answer file is wrong',
    });
    expect(interpretTestlibExit(exit(5), '', 'interactor')).toEqual({
      verdict: 'IE',
      message: 'interactor exited with code 5',
    });
    expect(interpretTestlibExit(exit(null, 'SIGSEGV'), '')).toEqual({
      verdict: 'IE',
      message: 'checker was killed by SIGSEGV',
    });
  });
});
