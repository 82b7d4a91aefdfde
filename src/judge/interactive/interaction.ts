import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LimitSession } from '../executor/index.js';
import type { LoadedTest } from '../load-tests.js';
import type { NormalizedLimits } from '../limits.js';
import type { TestResult } from '../types.js';

/** How an interactive problem runs one test: the submission (in its session) against the interactor. */
export interface Interaction {
  runTest(session: LimitSession, test: LoadedTest, limits: NormalizedLimits): Promise<TestResult>;
}

/**
 * The interactor's wall time: the submission's wall limit, and as long again (at least 2 s) to judge after
 * it: enough that a submission's own limit always fires first, bounded so that a stuck interactor ends.
 */
export function interactorTimeoutMs(limits: NormalizedLimits): number {
  return limits.wallTimeLimitMs + Math.max(limits.wallTimeLimitMs, 2000);
}

/**
 * Runs `body` with a private dir for the test (the interactor's cwd, its files, its feedback dir) and the
 * test's files as absolute paths (inline text written there: the interactor runs in that dir). The dir goes
 * afterwards (a broken test never gets here: runTests makes it an IE first).
 */
export async function withTestDir(
  workDir: string,
  test: LoadedTest,
  body: (dir: string, files: { input: string; answer: string }) => Promise<TestResult>,
): Promise<TestResult> {
  const dir = await mkdtemp(join(workDir, 'interaction-'));
  try {
    const input = test.inputFile ? resolve(test.inputFile) : join(dir, 'input');
    if (!test.inputFile) await writeFile(input, test.input ?? '');
    const answer = test.expectedFile ? resolve(test.expectedFile) : join(dir, 'answer');
    if (!test.expectedFile) await writeFile(answer, test.expected ?? '');
    return await body(dir, { input, answer });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
