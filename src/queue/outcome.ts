import type { Job, Queue } from 'bullmq';
import { CANCELLED_REASON } from './names.js';
import type { JobOutcome, JudgeReportLike } from './types.js';

/** The report of a job the queue itself could not judge: never blamed on the submission. */
export function makeInternalErrorReport(message: string): JudgeReportLike {
  return { verdict: 'IE', tests: [], maxCpuMs: 0, maxMemoryKb: 0, message };
}

/** The outcome of a job, or `undefined` while it has none yet (waiting, running, retrying). */
export async function readOutcome(queue: Queue, id: string, isCancelled: () => Promise<boolean>): Promise<JobOutcome | undefined> {
  const job = (await queue.getJob(id)) as Job | undefined;
  if (job === undefined) return (await isCancelled()) ? { kind: 'cancelled', id } : { kind: 'not-found', id };
  const attempts = job.attemptsMade;
  if (job.finishedOn !== undefined && job.returnvalue !== null && job.returnvalue !== undefined) {
    return { kind: 'judged', id, report: job.returnvalue as JudgeReportLike, attempts: Math.max(attempts, 1) };
  }
  const state = await job.getState();
  if (state === 'completed') {
    return { kind: 'judged', id, report: (job.returnvalue ?? makeInternalErrorReport('no report stored')) as JudgeReportLike, attempts };
  }
  if (state === 'failed') {
    if (job.failedReason === CANCELLED_REASON) return { kind: 'cancelled', id };
    return { kind: 'judged', id, report: makeInternalErrorReport(job.failedReason || 'the job failed'), attempts };
  }
  if (state === 'unknown') return (await isCancelled()) ? { kind: 'cancelled', id } : { kind: 'not-found', id };
  return undefined;
}
