/** The BullMQ queue judge jobs go through, unless `queueName` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'saferun-judge';
/** BullMQ's default key prefix. */
export const DEFAULT_PREFIX = 'bull';
/** The name every judge job carries in BullMQ. */
export const JOB_NAME = 'judge';
/** The custom event (on the queue's event stream) that tells workers to abort a running job. */
export const CANCEL_EVENT = 'saferun:cancel';
/** The failure reason of a job cancelled while it ran. */
export const CANCELLED_REASON = 'cancelled by the submitter';
/** How long a cancel mark stays in Redis: long enough for a stalled job to come back and see it. */
export const CANCEL_MARK_TTL_S = 7 * 24 * 3600;
/** The events stream length BullMQ keeps by default. */
export const EVENTS_MAX_LEN = 10_000;

export interface QueueIdentity {
  /** @default 'saferun-judge' */
  queueName?: string;
  /** @default 'bull' */
  prefix?: string;
}

export function cancelMarkKey(prefix: string, queueName: string, id: string): string {
  return `${prefix}:${queueName}:saferun-cancelled:${id}`;
}
