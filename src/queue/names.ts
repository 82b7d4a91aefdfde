/** The BullMQ queue judge jobs go through, unless `queueName` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'saferun-judge';
/** BullMQ's default key prefix. */
export const DEFAULT_PREFIX = 'bull';
/** The name every judge job carries in BullMQ. */
export const JOB_NAME = 'judge';
/** The custom event that tells workers to abort a running job. */
export const CANCEL_EVENT = 'saferun:cancel';

/**
 * Cancel events travel on an event stream of their own (BullMQ's, under a sibling name), not on the
 * queue's: every worker reads them, and the queue's stream carries ~13 events a job that workers
 * would otherwise all read too.
 */
export function cancelStreamName(queueName: string): string {
  return `${queueName}-cancel`;
}
/** The failure reason of a job cancelled while it ran. */
export const CANCELLED_REASON = 'cancelled by the submitter';
/** How long a cancel mark stays in Redis: long enough for a stalled job to come back and see it. */
export const CANCEL_MARK_TTL_S = 7 * 24 * 3600;
/** Cancel events kept on their stream: a worker reconnecting after an outage reads what it missed. */
export const CANCEL_EVENTS_MAX_LEN = 1000;

export interface QueueIdentity {
  /** @default 'saferun-judge' */
  queueName?: string;
  /** @default 'bull' */
  prefix?: string;
}

export function cancelMarkKey(prefix: string, queueName: string, id: string): string {
  return `${prefix}:${queueName}:saferun-cancelled:${id}`;
}
