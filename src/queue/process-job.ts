import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { checkJobPaths } from './check-job-paths.js';
import { CANCELLED_REASON } from './names.js';
import { makeInternalErrorReport } from './outcome.js';
import { makeProgressPublisher } from './progress.js';
import { runJobJudge, type JudgeFunction } from './run-job-judge.js';
import type { JudgeReport, TestResult } from '../judge/index.js';
import type { SandboxMode } from '../sandbox/index.js';
import type { JudgeJobData } from './types.js';
import { validateJob } from './validate-job.js';

/** The abort reason a worker uses to hand its running jobs back to the queue when it stops. */
export const HAND_BACK_REASON = 'saferun:hand-back';

export interface ProcessContext {
  judge: JudgeFunction;
  isCancelled: (id: string) => Promise<boolean>;
  /** Milliseconds a finished test's progress may wait to go out with the next ones (0: one event a test). */
  progressIntervalMs: number;
  tmpDir?: string;
  cacheDir?: string;
  sandbox?: SandboxMode;
  /** The only dir a job's paths may name. @default anywhere */
  problemsDir?: string;
}

function internalMessage(report: JudgeReport | undefined, failure: unknown): string | undefined {
  if (report === undefined) return failure instanceof Error ? failure.message : String(failure);
  if (report.verdict !== 'IE') return undefined;
  const test = report.tests.find((t) => t.verdict === 'IE');
  return report.message || test?.message || test?.checkerMessage || 'internal error';
}

/** A stored job that submit() would refuse fails at once, never retried, with the reason (an IE, not a verdict). */
async function validateStoredJob(raw: unknown, problemsDir: string | undefined): Promise<JudgeJobData> {
  try {
    const data = validateJob(raw);
    if (problemsDir !== undefined) await checkJobPaths(data, problemsDir);
    return data;
  } catch (error) {
    throw new UnrecoverableError(`invalid job: ${(error as Error).message}`);
  }
}

/**
 * BullMQ's processor for judge jobs. A judged submission (any verdict but IE) completes the job;
 * an internal failure throws so BullMQ retries it, and on the last try the IE report completes it.
 */
export function makeProcessor(context: ProcessContext) {
  // Three parameters: BullMQ passes the abort signal only to a processor that declares it.
  return async (job: Job<JudgeJobData>, token: string | undefined, signal?: AbortSignal): Promise<JudgeReport> => {
    const id = job.id as string;
    if (await context.isCancelled(id)) throw new UnrecoverableError(CANCELLED_REASON);
    // Checked again here: another BullMQ client (or anyone who can write to Redis) may add a job past submit().
    const data = await validateStoredJob(job.data, context.problemsDir);
    const aborter = signal ?? new AbortController().signal;
    const progress = makeProgressPublisher((batch) => job.updateProgress(batch), context.progressIntervalMs);
    const onTest = (test: TestResult) => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-boolean-literal-compare -- a job added by another client may lack it; absent means true
      if (job.data.progress === false) return;
      // The output and expected text stay out of the event stream: the report has them.
      const { output: _output, expected: _expected, ...slim } = test;
      progress.add(slim);
    };
    let report: JudgeReport | undefined;
    let failure: unknown;
    try {
      report = await runJobJudge(data, {
        judge: context.judge,
        signal: aborter,
        onTest,
        ...(context.tmpDir ? { tmpDir: context.tmpDir } : {}),
        ...(context.cacheDir ? { cacheDir: context.cacheDir } : {}),
        ...(context.sandbox ? { sandbox: context.sandbox } : {}),
      });
    } catch (error) {
      failure = error;
    }
    // Before the job completes, so a listener has every test's progress by the time the report is there.
    await progress.end();
    if (aborter.aborted) {
      if (aborter.reason === HAND_BACK_REASON) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      throw new UnrecoverableError(CANCELLED_REASON);
    }
    const message = internalMessage(report, failure);
    if (message === undefined && report !== undefined) return report;
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!lastTry) throw new Error(message);
    return report ?? makeInternalErrorReport(message ?? 'internal error');
  };
}
