import { mapBounded } from '../shared/index.js';
import type { Checker } from './checkers/types.js';
import type { LimitSession } from './executor/index.js';
import type { Interaction } from './interactive/index.js';
import { readExpected, readInput, type LoadedTest } from './load-tests.js';
import type { TestResult } from './types.js';
import type { NormalizedLimits } from './limits.js';
import { recordResult, shouldRun, type RunPlan } from './problem/plan-run.js';
import { internalTestError, makeTestResult } from './verdict-of.js';

export interface TestLoop {
  openSession: () => Promise<LimitSession>;
  limits: NormalizedLimits;
  tests: LoadedTest[];
  checker: Checker;
  /** An interactive problem: each test runs through it (the checker, if any, is its business). */
  interaction?: Interaction;
  jobs: number;
  stopOnFirstFailure: boolean;
  /** A scored problem's per-group stopping: a test whose groups all failed is skipped, not run. */
  plan?: RunPlan;
  onTest?: (result: TestResult) => void;
  signal?: AbortSignal;
}

async function runOne(loop: TestLoop, session: LimitSession, test: LoadedTest): Promise<TestResult> {
  if (test.problem) return internalTestError(test.name, test.problem);
  if (loop.interaction) return loop.interaction.runTest(session, test, loop.limits);
  const input = test.inputFile ? { inputFile: test.inputFile } : { input: test.input ?? '' };
  const run = await session.run({ limits: loop.limits, ...input });
  if (run.kind !== 'ok') return makeTestResult(test.name, run);
  let expected: Buffer;
  try {
    expected = await readExpected(test);
  } catch (error) {
    return internalTestError(test.name, `cannot read the answer: ${(error as Error).message}`);
  }
  // Bytes all the way: the checker compares what the program wrote, never a decoding of it.
  const check = await loop.checker.check({
    input: () => readInput(test),
    ...(test.inputFile ? { inputFile: test.inputFile } : {}),
    ...(test.expectedFile ? { expectedFile: test.expectedFile } : {}),
    expected,
    output: run.stdoutBuffer,
    ...(run.stdoutFile ? { outputFile: run.stdoutFile } : {}),
  });
  return makeTestResult(test.name, run, check, expected);
}

/** A user callback that throws must not break judging. */
function reportTest(loop: TestLoop, result: TestResult): void {
  try {
    loop.onTest?.(result);
  } catch {
    // ignored: the result is in the report anyway
  }
}

/**
 * Runs the tests `jobs` at a time, in order. With `stopOnFirstFailure`, no test after the first
 * failure (in test order) starts, and results are kept up to that failure only.
 */
export async function runTests(loop: TestLoop): Promise<{ results: TestResult[]; skipped: number }> {
  let firstFailure = Infinity;
  // Each lane keeps one helper session; a session that died (helper killed) is replaced.
  const sessions: (LimitSession | undefined)[] = [];
  let planState = loop.plan?.start;
  const runInLane = async (test: LoadedTest, index: number, lane: number): Promise<TestResult | undefined> => {
    if (loop.plan && planState && !shouldRun(loop.plan, test.name, planState)) return undefined;
    let result: TestResult;
    try {
      let session = sessions[lane];
      if (!session?.alive) {
        sessions[lane] = undefined;
        await session?.close();
        session = sessions[lane] = await loop.openSession();
      }
      result = await runOne(loop, session, test);
    } catch (error) {
      // A failed helper or checker is this test's IE; the judge must not end while other lanes still run.
      result = internalTestError(
        test.name,
        `internal error: ${(error as Partial<Error> | null | undefined)?.message ?? String(error)}`,
      );
    }
    reportTest(loop, result);
    if (loop.plan && planState) planState = recordResult(loop.plan, planState, result);
    if (result.verdict !== 'AC' && loop.stopOnFirstFailure) firstFailure = Math.min(firstFailure, index);
    return result;
  };
  let results: (TestResult | undefined)[];
  try {
    results = await mapBounded(
      loop.tests,
      loop.jobs,
      runInLane,
      (index) => index < firstFailure && !loop.signal?.aborted,
    );
  } finally {
    const open = sessions.filter((session): session is LimitSession => session !== undefined);
    await Promise.all(open.map((session) => session.close().catch(() => undefined)));
  }
  const end = loop.stopOnFirstFailure ? Math.min(firstFailure + 1, loop.tests.length) : loop.tests.length;
  const kept = results.slice(0, end).filter((result): result is TestResult => result !== undefined);
  return { results: kept, skipped: loop.tests.length - kept.length };
}
