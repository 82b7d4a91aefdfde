import { Queue, QueueEvents, QueueEventsProducer, type JobsOptions } from 'bullmq';
import { closeQueueEvents, dropErrorsAfterClose } from './bullmq-connections.js';
import { normalizeConnection, type RawConnection } from './connection.js';
import { describeValue, MAX_TIMER_MS, SaferunError } from '../shared/index.js';
import { validateCount } from './invalid-field.js';
import {
  CANCEL_EVENT,
  CANCEL_MARK_TTL_S,
  CANCELLED_REASON,
  cancelMarkKey,
  cancelStreamName,
  DEFAULT_PREFIX,
  DEFAULT_QUEUE_NAME,
  CANCEL_EVENTS_MAX_LEN,
  JOB_NAME,
  type QueueIdentity,
} from './names.js';
import { readOutcome } from './outcome.js';
import { unpackProgress } from './progress.js';
import type { CancelOutcome, JobOutcome, JudgeJob, JudgeJobData, JudgeProgress } from './types.js';
import { validateJob, validateJobOptions } from './validate-job.js';
import { waitForOutcome, type WaitOptions, type WaitOutcome } from './wait-for-outcome.js';

export interface JudgeQueueOptions extends QueueIdentity {
  /** A `redis://` URL, or `{ host, port, password, tls, ... }` as BullMQ takes them. @default '127.0.0.1:6379' */
  connection?: RawConnection;
  /** Tries of a job that fails for internal reasons before it is reported `IE`. @default 3 */
  attempts?: number;
  /** First retry delay, doubled each retry. @default 1000 */
  backoffMs?: number;
  /** Seconds a finished job (and its report) stays in Redis. @default 86400 (a day) */
  keepSeconds?: number;
}

export interface JudgeQueue {
  /** Validates and enqueues one job; resolves to its id. Throws SaferunError (ERR_INVALID_JOB) for a malformed job. */
  submit(job: JudgeJob): Promise<string>;
  /** Validates every job first (none is enqueued if one is malformed), then enqueues them in one round trip. */
  submitBatch(jobs: JudgeJob[]): Promise<string[]>;
  /** Waits for the job's end: its report (`IE` after the retries), `cancelled`, or `not-found`. */
  result(id: string, options?: WaitOptions): Promise<WaitOutcome>;
  /** The outcome now, without waiting: `undefined` while the job waits or runs. */
  peek(id: string): Promise<JobOutcome | undefined>;
  /** Removes a waiting job, or tells the worker running it to abort. */
  cancel(id: string): Promise<CancelOutcome>;
  /** Listens to every job's per-test progress; returns the function that stops listening. */
  onProgress(listener: (progress: JudgeProgress) => void): () => void;
  /** Jobs per state, e.g. `{ waiting: 3, active: 2, completed: 40, failed: 0 }`. */
  counts(): Promise<Record<string, number>>;
  /** The BullMQ queue underneath, for dashboards and admin. */
  readonly bullQueue: Queue<JudgeJobData>;
  /** Resolves once the queue's connections are up. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The back end's side of the distributed judge: submit jobs, wait for reports, cancel.
 * @example
 * const queue = createJudgeQueue({ connection: 'redis://127.0.0.1:6379' });
 * const id = await queue.submit({ source, tests: [{ input: '1 2', expected: '3' }], timeLimitMs: 1000 });
 * const outcome = await queue.result(id); // { kind: 'judged', report: { verdict: 'AC', ... } }
 */
export function createJudgeQueue(options: JudgeQueueOptions = {}): JudgeQueue {
  const connection = normalizeConnection(options.connection);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const attempts = validateCount('attempts', options.attempts, 3);
  const backoffMs = validateCount('backoffMs', options.backoffMs, 1000, 1, MAX_TIMER_MS);
  const keepSeconds = validateCount('keepSeconds', options.keepSeconds, 86_400);
  const shared = { connection, prefix };
  const queue = new Queue<JudgeJobData>(queueName, shared);
  const events = new QueueEvents(queueName, { ...shared, autorun: true });
  const producer = new QueueEventsProducer(cancelStreamName(queueName), shared);
  events.setMaxListeners(0);
  // Without a listener, an 'error' (Redis restarting) would crash the process; ioredis reconnects on its own.
  for (const emitter of [queue, events, producer] as const)
    (emitter as unknown as NodeJS.EventEmitter).on('error', () => {});
  dropErrorsAfterClose(queue, events, producer);

  const jobOptions: JobsOptions = {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: keepSeconds },
    removeOnFail: { age: keepSeconds },
  };
  const markKey = (id: string) => cancelMarkKey(prefix, queueName, id);
  const isCancelled = (id: string) => async () => (await (await queue.client).get(markKey(id))) !== null;
  const peek = (id: string) => readOutcome(queue, id, isCancelled(id));

  function prepare(job: JudgeJob, index?: number) {
    try {
      return { name: JOB_NAME, data: validateJob(job), opts: { ...jobOptions, ...validateJobOptions(job) } };
    } catch (error) {
      if (index === undefined || !(error instanceof Error)) throw error;
      throw new SaferunError('ERR_INVALID_JOB', `jobs[${index}]: ${error.message}`);
    }
  }

  return {
    bullQueue: queue,
    async submit(job) {
      const { name, data, opts } = prepare(job);
      return (await queue.add(name, data, opts)).id as string;
    },
    async submitBatch(jobs) {
      if (!Array.isArray(jobs))
        throw new SaferunError('ERR_INVALID_JOB', `Expected \`jobs\` to be an array, got ${describeValue(jobs)}`);
      const prepared = jobs.map((job, index) => prepare(job, index));
      return (await queue.addBulk(prepared)).map((job) => job.id as string);
    },
    result: (id, waitOptions) => waitForOutcome(events, id, () => peek(id), waitOptions),
    peek,
    async cancel(id) {
      const client = await queue.client;
      await client.set(markKey(id), '1', { EX: CANCEL_MARK_TTL_S });
      const job = await queue.getJob(id);
      const state = job === undefined ? 'unknown' : await job.getState();
      if (job === undefined || state === 'unknown') {
        await client.del(markKey(id));
        return 'not-found';
      }
      if (state === 'failed' && job.failedReason === CANCELLED_REASON) return 'cancelled';
      if (state === 'completed' || state === 'failed') {
        await client.del(markKey(id));
        return 'finished';
      }
      if (state !== 'active') {
        try {
          await job.remove();
          return 'cancelled';
        } catch {
          // Locked: a worker took it in the meantime, so abort it there.
        }
      }
      await producer.publishEvent({ eventName: CANCEL_EVENT, jobId: id }, CANCEL_EVENTS_MAX_LEN);
      return 'aborting';
    },
    onProgress(listener) {
      const forward = ({ jobId, data }: { jobId: string; data: unknown }) => {
        for (const progress of unpackProgress(jobId, data)) listener(progress);
      };
      events.on('progress', forward);
      return () => void events.off('progress', forward);
    },
    async counts() {
      return queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    },
    async ready() {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), producer.waitUntilReady()]);
    },
    async close() {
      await Promise.allSettled([closeQueueEvents(events), producer.close(), queue.close()]);
    },
  };
}
