import { QueueEvents, Worker, type Job } from 'bullmq';
import { closeQueueEvents, dropErrorsAfterClose, stopStalledChecksAfterClose } from './bullmq-connections.js';
import { normalizeConnection, type RawConnection } from './connection.js';
import { describeChoices, MAX_TIMER_MS } from '../shared/index.js';
import { invalidField, MAX_PROGRESS_INTERVAL_MS, validateCount } from './invalid-field.js';
import {
  CANCEL_EVENT,
  CANCELLED_REASON,
  cancelMarkKey,
  cancelStreamName,
  DEFAULT_PREFIX,
  DEFAULT_QUEUE_NAME,
  JOB_NAME,
  type QueueIdentity,
} from './names.js';
import { HAND_BACK_REASON, makeProcessor } from './process-job.js';
import type { JudgeFunction } from './run-job-judge.js';
import { judge as realJudge, type JudgeReport } from '../judge/index.js';
import { SANDBOX_MODES, type SandboxMode } from '../sandbox/index.js';
import type { JudgeJobData } from './types.js';

export interface JudgeWorkerOptions extends QueueIdentity {
  /** A `redis://` URL, or `{ host, port, password, tls, ... }` as BullMQ takes them. @default '127.0.0.1:6379' */
  connection?: RawConnection;
  /** Jobs judged at once by this worker. @default 1 */
  concurrency?: number;
  /** Milliseconds a job's lock lasts without renewal: a dead worker's job is taken again after it. @default 30000 */
  lockDurationMs?: number;
  /** Milliseconds between checks for jobs whose worker died. @default 30000 */
  stalledIntervalMs?: number;
  /** Times a job may be orphaned by a dying worker before it is failed (and reported IE). @default 2 */
  maxStalledCount?: number;
  /**
   * Milliseconds a finished test's progress event may wait, to go out in one event with the tests
   * finished by then; the last ones go out before the job completes. 0: one event a test, at once.
   * At most 60000.
   * @default 100
   */
  progressIntervalMs?: number;
  /** The judge to call. @default judge() from saferun */
  judge?: JudgeFunction;
  /** Parent of each job's temp dir. @default os.tmpdir() */
  tmpDir?: string;
  /** The compile cache, shared by every job of this worker (and by workers on the same disk). @default $SAFERUN_CACHE_DIR, else ~/.cache/saferun */
  cacheDir?: string;
  /**
   * The dir every path a job names (its `tests` dir, its testlib `checker`) must lie in, symlinks
   * resolved; a job naming another is never run (IE `invalid job: ...`). Set it when jobs may carry
   * what users sent. @default anywhere the worker can read
   */
  problemsDir?: string;
  /** Where submissions compile and run: `'auto'` uses bubblewrap when it works, else none with a warning. @default 'auto' */
  sandbox?: SandboxMode;
  /** Called when a job ends on this worker (for logs). */
  onJobEnd?: (event: { id: string; verdict?: string; error?: string; ms: number }) => void;
}

export interface JudgeWorkerCloseOptions {
  /** Abort the running jobs at once and put them back on the queue for another worker. @default false */
  handBack?: boolean;
  /** Let running jobs finish for this many milliseconds, then hand them back. @default undefined (wait for them) */
  graceMs?: number;
}

export interface JudgeWorker {
  /** The BullMQ worker underneath. */
  readonly worker: Worker<JudgeJobData, JudgeReport>;
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs; running ones finish, or are handed back. Idempotent. */
  close(options?: JudgeWorkerCloseOptions): Promise<void>;
}

/**
 * A judge worker: takes jobs from the queue, runs `judge()` on each, stores the report.
 * Start as many as you like, on as many machines, all pointing at one Redis.
 * @example
 * const worker = startJudgeWorker({ connection: 'redis://10.0.0.5:6379', concurrency: 2 });
 * process.once('SIGTERM', () => void worker.close({ graceMs: 10_000 }));
 */
export function startJudgeWorker(options: JudgeWorkerOptions = {}): JudgeWorker {
  const connection = normalizeConnection(options.connection);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const concurrency = validateCount('concurrency', options.concurrency, 1);
  const lockDuration = validateCount('lockDurationMs', options.lockDurationMs, 30_000, 100, MAX_TIMER_MS);
  const stalledInterval = validateCount('stalledIntervalMs', options.stalledIntervalMs, 30_000, 100, MAX_TIMER_MS);
  const maxStalledCount = validateCount('maxStalledCount', options.maxStalledCount, 2, 0);
  const progressIntervalMs = validateCount(
    'progressIntervalMs',
    options.progressIntervalMs,
    100,
    0,
    MAX_PROGRESS_INTERVAL_MS,
  );
  const sandbox = options.sandbox ?? 'auto';
  if (!SANDBOX_MODES.includes(sandbox)) throw invalidField('sandbox', describeChoices(SANDBOX_MODES), sandbox);
  if (options.problemsDir !== undefined && (typeof options.problemsDir !== 'string' || options.problemsDir === ''))
    throw invalidField('problemsDir', 'a directory path', options.problemsDir);
  const judge: JudgeFunction = options.judge ?? realJudge;
  const cancelEvents = new QueueEvents(cancelStreamName(queueName), { connection, prefix });
  const worker: Worker<JudgeJobData, JudgeReport> = new Worker(
    queueName,
    makeProcessor({
      judge,
      progressIntervalMs,
      isCancelled: async (id) => (await (await worker.client).get(cancelMarkKey(prefix, queueName, id))) !== null,
      ...(options.tmpDir ? { tmpDir: options.tmpDir } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.problemsDir === undefined ? {} : { problemsDir: options.problemsDir }),
      sandbox,
    }),
    { connection, prefix, concurrency, lockDuration, stalledInterval, maxStalledCount, name: JOB_NAME },
  );
  // ioredis reconnects by itself; without listeners an 'error' would end the process.
  worker.on('error', () => {});
  cancelEvents.on('error', () => {});
  dropErrorsAfterClose(worker, cancelEvents);
  cancelEvents.on(
    CANCEL_EVENT as 'completed',
    (event: { jobId: string }) => void worker.cancelJob(event.jobId, CANCELLED_REASON),
  );
  const started = Date.now();
  const startedAt = new Map<string, number>();
  worker.on('active', (job: Job) => void startedAt.set(job.id as string, Date.now()));
  const ended = (job: Job | undefined, verdict?: string, error?: string) => {
    if (job?.id === undefined) return;
    const ms = Date.now() - (startedAt.get(job.id) ?? started);
    startedAt.delete(job.id);
    options.onJobEnd?.({ id: job.id, ...(verdict ? { verdict } : {}), ...(error ? { error } : {}), ms });
  };
  worker.on('completed', (job, report) => ended(job, report.verdict));
  worker.on('failed', (job, error) => ended(job, undefined, error.message));

  let closing: Promise<void> | undefined;
  return {
    worker,
    async ready() {
      await Promise.all([worker.waitUntilReady(), cancelEvents.waitUntilReady()]);
    },
    close(closeOptions = {}) {
      if (closeOptions.handBack) worker.cancelAllJobs(HAND_BACK_REASON);
      if (closing) return closing;
      const timer =
        closeOptions.graceMs === undefined
          ? undefined
          : setTimeout(() => worker.cancelAllJobs(HAND_BACK_REASON), closeOptions.graceMs);
      closing = (async () => {
        try {
          await worker.close();
        } finally {
          stopStalledChecksAfterClose(worker);
          if (timer) clearTimeout(timer);
          await closeQueueEvents(cancelEvents);
        }
      })();
      return closing;
    },
  };
}
