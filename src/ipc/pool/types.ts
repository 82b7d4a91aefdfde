import type { Result } from '../../process/index.js';
import type { IpcForkOptions } from '../fork.js';
import type { IpcError } from '../types.js';

/** How the pool restarts a worker that exits while the pool is open. */
export interface RestartOptions {
  /** Restarts in a row (without a stable run in between) before the worker is reported failed. @default 5 */
  maxRestarts?: number;
  /** Delay before the first restart; doubles for each one in a row. @default 100 */
  initialDelayMs?: number;
  /** Longest delay between restarts. @default 5000 */
  maxDelayMs?: number;
  /** A worker ready for this long has run stably: its count of restarts in a row starts over. @default 10000 */
  stableAfterMs?: number;
}

export interface WorkerPoolOptions extends IpcForkOptions {
  /** Number of workers. @default os.availableParallelism() */
  size?: number;
  /** Arguments of every worker. */
  args?: string[];
  /** Restart policy; `false` never restarts. @default {} (the defaults above) */
  restart?: RestartOptions | false;
  /** Called with every pool event (also delivered to `pool.on('event')`). */
  onEvent?: (event: PoolEvent) => void;
}

/** Everything that happens to the pool's workers, in order. */
export type PoolEvent =
  | { type: 'spawn'; workerId: number; pid: number | undefined }
  | { type: 'ready'; workerId: number; pid: number }
  | { type: 'exit'; workerId: number; pid: number | undefined; result: Result<unknown> }
  | { type: 'restart'; workerId: number; attempt: number; delayMs: number }
  | { type: 'failed'; workerId: number; restarts: number; result: Result<unknown> }
  | { type: 'listening'; address: BoundAddress }
  | { type: 'closed'; forced: number };

export type WorkerState = 'starting' | 'ready' | 'backoff' | 'failed' | 'stopping' | 'stopped';

export interface WorkerInfo {
  workerId: number;
  pid: number | undefined;
  state: WorkerState;
  /** Restarts so far, in all. */
  restarts: number;
  /** `pool.request()` calls it has not answered yet. */
  inFlight: number;
}

export interface BoundAddress {
  address: string;
  family: string;
  port: number;
}

export type ListenResult =
  | { ok: true; kind: 'listening'; address: BoundAddress }
  | {
      ok: false;
      kind: 'bind-error' | 'invalid-options' | 'pool-closed' | 'no-worker' | 'already-listening';
      error: IpcError;
    };

export interface CloseOptions {
  /** Milliseconds to let workers finish their work before they are SIGKILLed. @default 5000 */
  timeout?: number;
}

export interface CloseResult {
  /** Every worker stopped by itself within the timeout. */
  ok: boolean;
  /** Workers that had to be killed. */
  forced: number;
}
