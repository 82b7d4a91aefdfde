import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Envelope } from '../envelope.js';
import { fork, type IpcForkOptions } from '../fork.js';
import { checkRequestTimeout, failed } from '../pending-requests.js';
import type { RequestOptions, RequestResult } from '../types.js';
import { describeValue } from '../../shared/index.js';
import { normalizeRestart, type RestartPolicy } from './restart-policy.js';
import { listenFailure, SharedPort } from './shared-port.js';
import type {
  BoundAddress,
  CloseOptions,
  CloseResult,
  ListenResult,
  PoolEvent,
  WorkerInfo,
  WorkerPoolOptions,
} from './types.js';
import { WorkerSlot, type PoolChild, type SlotHost } from './worker-slot.js';

/**
 * Workers forked from one module, kept at `size`: restarted with back-off when they die,
 * sharing one listening socket (`listen`) and taking job-style work (`request`).
 */
export class WorkerPool<Req = unknown, Res = unknown> implements SlotHost {
  readonly policy: RestartPolicy;
  private readonly slots: WorkerSlot[] = [];
  private readonly emitter = new EventEmitter();
  private readonly forkOptions: IpcForkOptions;
  private readonly args: string[];
  private readonly onEvent: ((event: PoolEvent) => void) | undefined;
  private readonly invalid: string | undefined;
  private readonly port: SharedPort;
  private readyWaiters: (() => void)[] = [];
  private cursor = 0;
  private closingPromise: Promise<CloseResult> | undefined;

  constructor(
    private readonly modulePath: string,
    rawOptions: WorkerPoolOptions = {},
  ) {
    const { size, args, restart, onEvent, ...forkOptions } = rawOptions;
    this.forkOptions = { stdio: ['pipe', 'inherit', 'inherit'], ...forkOptions };
    this.args = args ?? [];
    this.onEvent = onEvent;
    let policy = normalizeRestart(undefined);
    try {
      policy = normalizeRestart(restart);
      if (size !== undefined && !(typeof size === 'number' && Number.isInteger(size) && size > 0)) {
        throw new TypeError(`Expected \`size\` to be a positive integer, got ${describeValue(size)}`);
      }
    } catch (error) {
      this.invalid = (error as Error).message;
    }
    this.policy = policy;
    this.port = new SharedPort(this.slots, (event) => this.emit(event));
    if (this.invalid !== undefined) return;
    for (let id = 1; id <= (size ?? availableParallelism()); id++) this.slots.push(new WorkerSlot(id, this));
    for (const slot of this.slots) slot.start();
  }

  get closing(): boolean {
    return this.closingPromise !== undefined;
  }

  /** The bound address once `listen()` succeeded. */
  get address(): BoundAddress | undefined {
    return this.port.address;
  }

  /** A snapshot of every worker. */
  workers(): WorkerInfo[] {
    return this.slots.map((slot) => slot.info());
  }

  /** Resolves once every worker is ready (or failed), with a snapshot of them. */
  async ready(): Promise<WorkerInfo[]> {
    while (!this.closing && this.slots.some((slot) => slot.state !== 'ready' && slot.state !== 'failed')) {
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
    return this.workers();
  }

  on(event: 'event', listener: (event: PoolEvent) => void): this {
    this.emitter.on(event, listener);
    return this;
  }

  off(event: 'event', listener: (event: PoolEvent) => void): this {
    this.emitter.off(event, listener);
    return this;
  }

  /**
   * Binds one socket here and passes it to every worker (and every restarted one), whose
   * `parentChannel().shareServer(server)` accepts on it. Resolves once every live worker listens
   * (or, after `timeout`, once at least one does).
   */
  async listen(port: number, host?: string, options: { timeout?: number } = {}): Promise<ListenResult> {
    if (this.invalid !== undefined) return listenFailure('invalid-options', 'ERR_INVALID_OPTION', this.invalid);
    if (this.closing) return listenFailure('pool-closed', 'ERR_POOL_CLOSED', 'The pool is closed');
    if (this.port.bound)
      return listenFailure('already-listening', 'ERR_SERVER_ALREADY_LISTEN', 'The pool already listens');
    return this.port.listen(port, host, options.timeout, () => this.closing);
  }

  /** Sends `payload` to the least busy ready worker's `handle()`; waits for one when none is ready. */
  async request(payload: Req, options?: RequestOptions): Promise<RequestResult<Res>> {
    if (this.invalid !== undefined) return failed('invalid-options', 'ERR_INVALID_OPTION', this.invalid);
    const refused = checkRequestTimeout(options?.timeout);
    if (refused) return refused;
    // The timeout covers the wait for a ready worker too.
    const deadline = options?.timeout === undefined ? undefined : performance.now() + options.timeout;
    for (;;) {
      if (this.closing) return failed('pool-closed', 'ERR_POOL_CLOSED', 'The pool is closed');
      const slot = this.pickLeastBusy();
      const left = deadline === undefined ? undefined : Math.ceil(deadline - performance.now());
      if (left !== undefined && left <= 0)
        return failed('timeout', 'ETIMEDOUT', `No worker was ready within ${options!.timeout} ms`);
      if (slot)
        return (await slot.request(payload, left === undefined ? undefined : { timeout: left })) as RequestResult<Res>;
      if (this.slots.every((each) => each.state === 'failed'))
        return failed('no-worker', 'ERR_NO_WORKER', 'Every worker of the pool failed');
      await this.waitForChange(left);
    }
  }

  private waitForChange(timeout: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = timeout === undefined ? undefined : setTimeout(resolve, timeout);
      this.readyWaiters.push(() => {
        if (timer) clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Stops accepting, lets every worker finish (its shared server closes, its requests are
   * answered), then SIGKILLs what remains after `timeout`. Leaves no process behind.
   */
  close(options: CloseOptions = {}): Promise<CloseResult> {
    this.closingPromise ??= this.shutDown(options.timeout ?? 5000);
    return this.closingPromise;
  }

  emit(event: PoolEvent): void {
    try {
      this.onEvent?.(event);
      this.emitter.emit('event', event);
    } catch (error) {
      process.emitWarning(`A worker pool event listener threw: ${(error as Error).message}`);
    }
  }

  forkWorker(): PoolChild {
    return fork(this.modulePath, this.args, this.forkOptions);
  }

  onReady(slot: WorkerSlot): void {
    this.port.passTo(slot);
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  onListening(slot: WorkerSlot, envelope: Envelope): void {
    this.port.onListening(slot, envelope);
  }

  onGone(): void {
    for (const wake of this.readyWaiters.splice(0)) wake();
    this.port.check();
    this.checkAllGone();
  }

  private checkAllGone(): void {
    if (!this.slots.every((slot) => slot.state === 'failed' || slot.state === 'stopped')) return;
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  private pickLeastBusy(): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    const count = this.slots.length;
    // Start after the last pick so that equally busy workers take turns.
    for (let i = 0; i < count; i++) {
      const slot = this.slots[(this.cursor + i) % count]!;
      if (slot.state !== 'ready' || !slot.child?.connected) continue;
      if (!best || slot.inFlight < best.inFlight) best = slot;
    }
    if (best) this.cursor = best.workerId % count;
    return best;
  }

  private async shutDown(timeout: number): Promise<CloseResult> {
    for (const wake of this.readyWaiters.splice(0)) wake();
    this.port.close();
    const stopped = Promise.all(this.slots.map((slot) => slot.stop()));
    let forced = 0;
    const timer = setTimeout(() => {
      for (const slot of this.slots) if (slot.kill()) forced++;
    }, timeout);
    await stopped;
    clearTimeout(timer);
    this.emit({ type: 'closed', forced });
    return { ok: forced === 0, forced };
  }
}

/**
 * Forks `size` workers of `modulePath` and keeps them running.
 * @example
 * const pool = createWorkerPool('./http-worker.js', { size: 4, restart: { maxRestarts: 3 } });
 * const bound = await pool.listen(0, '127.0.0.1');
 * if (bound.ok) console.log(`http://127.0.0.1:${bound.address.port}/`);
 * await pool.close({ timeout: 5000 });
 */
export function createWorkerPool<Req = unknown, Res = unknown>(
  modulePath: string,
  options?: WorkerPoolOptions,
): WorkerPool<Req, Res> {
  return new WorkerPool<Req, Res>(modulePath, options);
}
