import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JudgeJobData, JudgeReportLike, TestReport } from './types.js';

/** What the worker hands to `judge()`: issue 5's request, with the source written to a file. */
export interface JobJudgeRequest {
  source: string;
  compileOptions: { std?: string; flags: string[] };
  tests: JudgeJobData['tests'];
  timeLimitMs: number;
  memoryLimitMb: number;
  outputLimitMb: number;
  checker: JudgeJobData['checker'];
  stopOnFirstFailure: boolean;
  signal: AbortSignal;
  onTest: (test: TestReport) => void;
}

/** `judge()`, or a function of the same contract (a wrapper that logs, a judge for another language). */
export type JudgeFunction = (request: JobJudgeRequest) => Promise<JudgeReportLike>;

export interface RunJobContext {
  judge: JudgeFunction;
  signal: AbortSignal;
  onTest: (test: TestReport) => void;
  /** Parent of each job's temp dir. @default os.tmpdir() */
  tmpDir?: string;
}

/** Writes the job's source to a fresh temp dir, judges it, and removes the dir. */
export async function runJobJudge(data: JudgeJobData, context: RunJobContext): Promise<JudgeReportLike> {
  const dir = await mkdtemp(join(context.tmpDir ?? tmpdir(), 'saferun-job-'));
  try {
    const source = join(dir, 'main.cpp');
    await writeFile(source, data.source);
    return await context.judge({
      source,
      compileOptions: { ...(data.std === undefined ? {} : { std: data.std }), flags: data.flags },
      tests: data.tests,
      timeLimitMs: data.timeLimitMs,
      memoryLimitMb: data.memoryLimitMb,
      outputLimitMb: data.outputLimitMb,
      checker: data.checker,
      stopOnFirstFailure: data.stopOnFirstFailure,
      signal: context.signal,
      onTest: context.onTest,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
