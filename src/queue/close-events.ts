import type { QueueEvents } from 'bullmq';

/** The part of BullMQ's (protected) RedisConnection this needs. */
interface BullConnection {
  status: string;
  close(force?: boolean): Promise<void>;
}

/**
 * Closes a QueueEvents reader, also when Redis has never been reachable. BullMQ's own `close()`
 * first waits for the connection to come up, which then never happens (as bullmq#4656 describes
 * for Worker); so a connection still being set up is closed here directly, and BullMQ's `close()`
 * is only started, to stop the reader's loop.
 */
export async function closeQueueEvents(events: QueueEvents): Promise<void> {
  const connection = (events as unknown as { connection?: BullConnection }).connection;
  // A connection Redis already dropped rejects its close: nothing is left to release.
  const closing = events.close().catch(() => {});
  if (connection?.status === 'initializing') await connection.close(true).catch(() => {});
  else await closing;
}
