import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../compile/index.js';
import type { JudgeReport, JudgeRequest, TestResult } from '../judge/index.js';
import type { SandboxMode } from '../sandbox/index.js';
import type { JudgeJobData } from './types.js';

/** `judge()`, or a function of the same contract (a wrapper that logs, a judge for another language). */
export type JudgeFunction = (request: JudgeRequest) => Promise<JudgeReport>;

export interface RunJobContext {
  judge: JudgeFunction;
  signal: AbortSignal;
  onTest: (test: TestResult) => void;
  /** Parent of each job's temp dir. @default os.tmpdir() */
  tmpDir?: string;
  /** The compile cache. @default compile()'s default ($SAFERUN_CACHE_DIR, ~/.cache/saferun) */
  cacheDir?: string;
  /** Where the submission compiles and runs. @default 'auto' */
  sandbox?: SandboxMode;
}

/**
 * Compiles the job's source (in the sandbox) into a fresh temp dir, calls `judge()` on it, and removes the dir. The source goes
 * to compile() as text under a fixed name, so the compile cache (keyed by name and contents)
 * serves every re-judge of the same source without g++.
 */
export async function runJobJudge(data: JudgeJobData, context: RunJobContext): Promise<JudgeReport> {
  const dir = await mkdtemp(join(context.tmpDir ?? tmpdir(), 'saferun-job-'));
  try {
    const compiled = await compile(
      { code: data.source, name: 'main.cpp' },
      {
        ...(data.std === undefined ? {} : { std: data.std }),
        flags: data.flags,
        output: join(dir, 'main'),
        signal: context.signal,
        sandbox: context.sandbox ?? 'auto',
        ...(context.cacheDir === undefined ? {} : { cacheDir: context.cacheDir }),
      },
    );
    return await context.judge({
      compiled,
      tests: data.tests,
      // Only the limits the job set: a package's own limits stand for the others.
      ...(data.timeLimitMs === undefined ? {} : { timeLimitMs: data.timeLimitMs }),
      ...(data.memoryLimitMb === undefined ? {} : { memoryLimitMb: data.memoryLimitMb }),
      ...(data.outputLimitMb === undefined ? {} : { outputLimitMb: data.outputLimitMb }),
      checker: data.checker,
      stopOnFirstFailure: data.stopOnFirstFailure,
      signal: context.signal,
      onTest: context.onTest,
      sandbox: context.sandbox ?? 'auto',
      ...(context.cacheDir === undefined ? {} : { cacheDir: context.cacheDir }),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
