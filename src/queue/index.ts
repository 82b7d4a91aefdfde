export { createJudgeQueue, type JudgeQueue, type JudgeQueueOptions } from './judge-queue.js';
export {
  startJudgeWorker,
  type JudgeWorkerCloseOptions,
  type JudgeWorker,
  type JudgeWorkerOptions,
} from './judge-worker.js';
export { normalizeConnection, type RawConnection, type RedisConnectionOptions } from './connection.js';
export { validateJob } from './validate-job.js';
export { MAX_PROGRESS_INTERVAL_MS } from './invalid-field.js';
export type { JudgeFunction } from './run-job-judge.js';
export type { WaitOptions, WaitOutcome } from './wait-for-outcome.js';
export type {
  CancelOutcome,
  JobChecker,
  JobLimits,
  JobOutcome,
  JobTest,
  JudgeJob,
  JudgeJobData,
  JudgeProgress,
  ProgressTest,
} from './types.js';
