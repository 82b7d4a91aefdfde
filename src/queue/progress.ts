import type { JudgeProgress, ProgressTest } from './types.js';

/**
 * What a worker stores as a job's BullMQ progress: the tests finished since the last event, in order,
 * and how many the attempt has finished in all. One event can carry several tests, so a fast job
 * does not cost Redis an event per test.
 */
export interface ProgressBatch {
  done: number;
  tests: ProgressTest[];
}

export interface ProgressPublisher {
  /** Queues one finished test; it is published within the interval. */
  add(test: ProgressTest): void;
  /** Publishes what is queued now; resolves once the events before it are sent (never rejects). */
  flush(): Promise<void>;
  /** The last flush: a test added after it (by a judge that reports late) is dropped, as its job has ended. */
  end(): Promise<void>;
}

/**
 * Batches a job's per-test progress: the first test queued starts a timer of `intervalMs`, and
 * everything queued by then goes out in one event (`intervalMs` 0: one event a test, at once).
 * Events are sent one after another, so they arrive in order.
 */
export function makeProgressPublisher(
  publish: (batch: ProgressBatch) => Promise<unknown>,
  intervalMs: number,
): ProgressPublisher {
  let queued: ProgressTest[] = [];
  let done = 0;
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();
  let ended = false;
  const flush = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queued.length > 0) {
      const batch = { done, tests: queued };
      queued = [];
      // A progress event that Redis refuses is not worth failing the job for: the report has every test.
      sending = sending
        .then(() => publish(batch))
        .then(
          () => {},
          () => {},
        );
    }
    return sending;
  };
  return {
    add(test) {
      if (ended) return;
      done += 1;
      queued.push(test);
      if (intervalMs === 0) void flush();
      else timer ??= setTimeout(() => void flush(), intervalMs);
    },
    flush,
    end() {
      ended = true;
      return flush();
    },
  };
}

/** One entry a test, from a job's progress event. */
export function unpackProgress(id: string, data: unknown): JudgeProgress[] {
  const batch = data as Partial<ProgressBatch> | null;
  if (typeof batch !== 'object' || batch === null || !Array.isArray(batch.tests) || typeof batch.done !== 'number')
    return [];
  const first = batch.done - batch.tests.length;
  return batch.tests.map((test, index) => ({ id, done: first + index + 1, test }));
}
