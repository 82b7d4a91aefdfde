import { describe, expect, it } from 'vitest';
import type { Checker } from '../../src/judge/checkers/types.js';
import type { LimitSession, RunOutcome } from '../../src/judge/executor/index.js';
import { runTests, type TestLoop } from '../../src/judge/run-tests.js';
import type { NormalizedLimits } from '../../src/judge/limits.js';

const okRun = (stdout: string): RunOutcome =>
  ({
    ok: true,
    kind: 'ok',
    stdoutBuffer: Buffer.from(stdout),
    stderr: '',
    cpuMs: 1,
    wallMs: 1,
    memoryKb: 1,
    outputBytes: stdout.length,
    exitCode: 0,
    signal: null,
    sandbox: 'none',
    accounting: 'rlimit',
  }) as RunOutcome;

// A session whose run answers the test's input after `delayMs` (so one worker is still busy when another fails).
const fakeSession = (finished: string[]): LimitSession =>
  ({
    alive: true,
    run: async ({ input }: { input?: string }) => {
      if (input === 'slow') await new Promise((resolve) => setTimeout(resolve, 200));
      finished.push(input ?? '');
      return okRun(input ?? '');
    },
    close: () => Promise.resolve(),
  }) as unknown as LimitSession;

const checker: Checker = {
  check: ({ output }) => {
    if (output.toString() === 'boom') return Promise.reject(new Error('checker exploded'));
    return Promise.resolve({ verdict: 'AC', message: '' });
  },
};

const loopOf = (extra: Partial<TestLoop>, finished: string[]): TestLoop => ({
  openSession: () => Promise.resolve(fakeSession(finished)),
  limits: {} as NormalizedLimits,
  tests: [
    { name: '1', input: 'boom', expected: Buffer.from('') },
    { name: '2', input: 'slow', expected: Buffer.from('slow') },
  ],
  checker,
  jobs: 2,
  stopOnFirstFailure: false,
  ...extra,
});

describe('runTests', () => {
  it('turns a throwing checker into an IE for that test and waits for the other workers', async () => {
    const finished: string[] = [];
    const { results } = await runTests(loopOf({}, finished));
    expect(finished).toContain('slow');
    expect(results.map((result) => result.verdict)).toEqual(['IE', 'AC']);
    expect(results[0]!.message).toContain('checker exploded');
  });

  it('turns a session that cannot open into an IE', async () => {
    const finished: string[] = [];
    let opened = 0;
    const openSession = () => {
      if (opened++ === 0) return Promise.reject(new Error('no helper'));
      return Promise.resolve(fakeSession(finished));
    };
    const { results } = await runTests(loopOf({ openSession, jobs: 1 }, finished));
    expect(results.map((result) => result.verdict)).toEqual(['IE', 'AC']);
    expect(results[0]!.message).toContain('no helper');
  });

  it('ignores an onTest callback that throws', async () => {
    const finished: string[] = [];
    const { results } = await runTests(
      loopOf(
        {
          onTest: () => {
            throw new Error('user bug');
          },
        },
        finished,
      ),
    );
    expect(results).toHaveLength(2);
    expect(finished).toContain('slow');
  });
});
