// Workarounds for BullMQ 5 on a Redis that does not answer, reaching its protected members
// (RedisConnection objects, the Worker's stalled-check stopper). If a BullMQ upgrade renames them,
// these do nothing, and the tests of a Redis that never answers fail.
import { EventEmitter } from 'node:events';
import type { QueueEvents, Worker } from 'bullmq';

/** The part of BullMQ's RedisConnection these need. */
interface BullConnection extends EventEmitter {
  status: string;
  close(force?: boolean): Promise<void>;
}

function connectionsOf(owner: object): BullConnection[] {
  const fields = owner as { connection?: unknown; blockingConnection?: unknown };
  return [fields.connection, fields.blockingConnection].filter((c): c is BullConnection => c instanceof EventEmitter);
}

/**
 * A closed RedisConnection has no listeners left, yet a connection attempt that was in flight at
 * close ends later and the connection emits its 'error' ('connect ETIMEDOUT'): with no listener,
 * Node ends the process. After close nobody is left to tell, so that error is dropped.
 */
export function dropErrorsAfterClose(...owners: object[]): void {
  for (const connection of owners.flatMap(connectionsOf)) {
    const emit = connection.emit.bind(connection);
    connection.emit = (event: string | symbol, ...args: unknown[]) =>
      event === 'error' && connection.listenerCount('error') === 0 ? false : emit(event, ...args);
  }
}

/**
 * Closes a QueueEvents reader, also when Redis has never been reachable. BullMQ's own `close()`
 * first waits for the connection to come up, which then never happens (as bullmq#4656 describes
 * for Worker); so a connection still being set up is closed here directly, and BullMQ's `close()`
 * is only started, to stop the reader's loop.
 */
export async function closeQueueEvents(events: QueueEvents): Promise<void> {
  const [connection] = connectionsOf(events);
  // A connection Redis already dropped rejects its close: nothing is left to release.
  const closing = events.close().catch(() => {});
  if (connection?.status === 'initializing') await connection.close(true).catch(() => {});
  else await closing;
}

/**
 * After `Worker.close()`, BullMQ's stalled-job check can still arm its next wait, when its Redis
 * call fails only after the close (a connection attempt in flight): a timer of `stalledInterval`
 * (30 s by default) that keeps the process alive with nothing to do. This stops that wait at once,
 * whenever it is armed.
 */
export function stopStalledChecksAfterClose(worker: Worker): void {
  const fields = worker as unknown as { stalledCheckStopper?: () => void };
  fields.stalledCheckStopper?.();
  Object.defineProperty(worker, 'stalledCheckStopper', {
    configurable: true,
    get: () => undefined,
    set: (stop?: () => void) => stop?.(),
  });
}
