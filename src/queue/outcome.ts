import type { Queue } from 'bullmq';
import { CANCELLED_REASON } from './names.js';
import { emptyReport, type JudgeReport } from '../judge/index.js';
import type { JobOutcome } from './types.js';

/** The report of a job the queue itself could not judge: never blamed on the submission. */
export function makeInternalErrorReport(message: string): JudgeReport {
  return emptyReport('IE', message);
}

/** The outcome of a job, or `undefined` while it has none yet (waiting, running, retrying). */
export async function readOutcome(
  queue: Queue,
  id: string,
  isCancelled: () => Promise<boolean>,
): Promise<JobOutcome | undefined> {
  // State first, then the job: a finished job no longer changes, so its report is complete when read.
  const state = await queue.getJobState(id);
  if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return undefined;
  const job = state === 'unknown' ? undefined : await queue.getJob(id);
  if (job === undefined) return (await isCancelled()) ? { kind: 'cancelled', id } : { kind: 'not-found', id };
  if (state === 'completed') {
    const report = (job.returnvalue ?? makeInternalErrorReport('the job completed without a report')) as JudgeReport;
    return { kind: 'judged', id, report, attempts: job.attemptsMade };
  }
  if (job.failedReason === CANCELLED_REASON) return { kind: 'cancelled', id };
  return {
    kind: 'judged',
    id,
    report: makeInternalErrorReport(job.failedReason || 'the job failed'),
    attempts: job.attemptsMade,
  };
}
