import type { QueueEvents } from 'bullmq';
import { unpackProgress } from './progress.js';
import type { JobOutcome, JudgeProgress } from './types.js';

export interface WaitOptions {
  /** Resolve `{ kind: 'pending' }` after this many milliseconds. @default undefined (wait for ever) */
  timeoutMs?: number;
  /** Called for each test this job finishes, on whichever worker runs it. */
  onProgress?: (progress: JudgeProgress) => void;
  /** Milliseconds between state checks, beside the events: a safety net should an event be missed. @default 15000 */
  pollMs?: number;
}

export type WaitOutcome = JobOutcome | { kind: 'pending'; id: string };

/** Waits on the queue's event stream for one job's end, checking its state too so no event can be missed. */
export function waitForOutcome(
  events: QueueEvents,
  id: string,
  read: () => Promise<JobOutcome | undefined>,
  options: WaitOptions = {},
): Promise<WaitOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const onEnd = () => void check();
    const onProgress = ({ data }: { data: unknown }) => {
      for (const progress of unpackProgress(id, data)) options.onProgress?.(progress);
    };
    const cleanup = () => {
      settled = true;
      clearInterval(poll);
      if (timer !== undefined) clearTimeout(timer);
      for (const event of ['completed', 'failed', 'removed']) events.off(`${event}:${id}` as 'completed', onEnd);
      events.off(`progress:${id}` as 'progress', onProgress);
    };
    const finish = (outcome: WaitOutcome) => {
      if (settled) return;
      cleanup();
      resolve(outcome);
    };
    async function check(): Promise<void> {
      try {
        const outcome = await read();
        if (outcome !== undefined) finish(outcome);
      } catch {
        // Redis unreachable for now: the next poll tries again.
      }
    }
    for (const event of ['completed', 'failed', 'removed']) events.on(`${event}:${id}` as 'completed', onEnd);
    if (options.onProgress) events.on(`progress:${id}` as 'progress', onProgress);
    const poll = setInterval(onEnd, options.pollMs ?? 15_000);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => finish({ kind: 'pending', id }), options.timeoutMs);
    void check();
  });
}
