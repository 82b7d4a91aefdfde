import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Envelope } from '../envelope.js';
import { fork, type IpcForkOptions } from '../fork.js';
import { failed } from '../pending-requests.js';
import type { RequestOptions, RequestResult } from '../types.js';
import { describeValue } from './describe-value.js';
import { normalizeRestart, type RestartPolicy } from './restart-policy.js';
import { bindSharedListener, type RawServerHandle } from './shared-listener.js';
import type { BoundAddress, CloseOptions, CloseResult, ListenResult, PoolEvent, WorkerInfo, WorkerPoolOptions } from './types.js';
import { WorkerSlot, type PoolChild, type SlotHost } from './worker-slot.js';

const DEFAULT_LISTEN_TIMEOUT = 10_000;

type ListenWaiter = (result: ListenResult) => void;

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
  private listener: { handle: RawServerHandle; address: BoundAddress } | undefined;
  private listenWaiter: ListenWaiter | undefined;
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
    if (this.invalid !== undefined) return;
    for (let id = 1; id <= (size ?? availableParallelism()); id++) this.slots.push(new WorkerSlot(id, this));
    for (const slot of this.slots) slot.start();
  }

  get closing(): boolean {
    return this.closingPromise !== undefined;
  }

  /** The bound address once `listen()` succeeded. */
  get address(): BoundAddress | undefined {
    return this.listener?.address;
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
    if (this.invalid !== undefined) return { ok: false, kind: 'invalid-options', error: { code: 'ERR_INVALID_OPTION', message: this.invalid } };
    if (this.closing) return { ok: false, kind: 'pool-closed', error: { code: 'ERR_POOL_CLOSED', message: 'The pool is closed' } };
    if (this.listener) return { ok: false, kind: 'already-listening', error: { code: 'ERR_SERVER_ALREADY_LISTEN', message: 'The pool already listens' } };
    const bound = await bindSharedListener(port, host);
    if (!bound.ok) return bound;
    if (this.closing) {
      bound.handle.close();
      return { ok: false, kind: 'pool-closed', error: { code: 'ERR_POOL_CLOSED', message: 'The pool closed while binding' } };
    }
    this.listener = { handle: bound.handle, address: bound.address };
    const listening = new Promise<ListenResult>((resolve) => (this.listenWaiter = resolve));
    const timeout = options.timeout ?? DEFAULT_LISTEN_TIMEOUT;
    const timer = setTimeout(() => {
      this.checkAllListening(true);
      this.settleListen(noWorker(`No worker listened within ${timeout} ms: do the workers call parentChannel().shareServer(server)?`));
    }, timeout);
    for (const slot of this.slots) if (slot.state === 'ready') this.passListener(slot);
    this.checkAllGone();
    const result = await listening;
    clearTimeout(timer);
    return result;
  }

  /** Sends `payload` to the least busy ready worker's `handle()`; waits for one when none is ready. */
  async request(payload: Req, options?: RequestOptions): Promise<RequestResult<Res>> {
    if (this.invalid !== undefined) return failed('invalid-options', 'ERR_INVALID_OPTION', this.invalid);
    for (;;) {
      if (this.closing) return failed('pool-closed', 'ERR_POOL_CLOSED', 'The pool is closed');
      const slot = this.pickLeastBusy();
      if (slot) return (await slot.request(payload, options)) as RequestResult<Res>;
      if (this.slots.every((each) => each.state === 'failed')) return failed('no-worker', 'ERR_NO_WORKER', 'Every worker of the pool failed');
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
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
    return fork(this.modulePath, this.args, this.forkOptions) as PoolChild;
  }

  onReady(slot: WorkerSlot): void {
    if (this.listener) this.passListener(slot);
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  onListening(slot: WorkerSlot, envelope: Envelope): void {
    if (envelope.$saferun !== 'listening' || !this.listener) return;
    if (envelope.ok) {
      slot.listening = true;
      this.checkAllListening();
    } else {
      this.settleListen({ ok: false, kind: 'bind-error', error: envelope.error ?? { code: 'ERR_LISTEN', message: 'A worker could not listen' } });
    }
  }

  onGone(): void {
    for (const wake of this.readyWaiters.splice(0)) wake();
    this.checkAllListening();
    this.checkAllGone();
  }

  /** `listen()` resolves once every live worker (at least one) accepts on the socket. */
  private checkAllListening(timedOut = false): void {
    if (!this.listenWaiter || !this.listener) return;
    const live = this.slots.filter((slot) => slot.state === 'starting' || slot.state === 'ready');
    const some = this.slots.some((slot) => slot.listening);
    if (some && (timedOut || live.every((slot) => slot.listening))) {
      this.emit({ type: 'listening', address: this.listener.address });
      this.settleListen({ ok: true, kind: 'listening', address: this.listener.address });
    }
  }

  private checkAllGone(): void {
    if (!this.slots.every((slot) => slot.state === 'failed' || slot.state === 'stopped')) return;
    for (const wake of this.readyWaiters.splice(0)) wake();
    this.settleListen(noWorker(this.closing ? 'The pool closed' : 'Every worker of the pool failed'));
  }

  private settleListen(result: ListenResult): void {
    const waiter = this.listenWaiter;
    this.listenWaiter = undefined;
    waiter?.(result);
  }

  private passListener(slot: WorkerSlot): void {
    void slot.child?.sendControl({ $saferun: 'listen' }, this.listener!.handle);
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
    if (best) this.cursor = (best.workerId % count);
    return best;
  }

  private async shutDown(timeout: number): Promise<CloseResult> {
    for (const wake of this.readyWaiters.splice(0)) wake();
    this.settleListen({ ok: false, kind: 'pool-closed', error: { code: 'ERR_POOL_CLOSED', message: 'The pool closed' } });
    // Workers hold their own copies of the socket: closing ours only stops new workers getting it.
    this.listener?.handle.close();
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

function noWorker(message: string): ListenResult {
  return { ok: false, kind: 'no-worker', error: { code: 'ERR_NO_WORKER', message } };
}

/**
 * Forks `size` workers of `modulePath` and keeps them running.
 * @example
 * const pool = createWorkerPool('./http-worker.js', { size: 4, restart: { maxRestarts: 3 } });
 * const bound = await pool.listen(0, '127.0.0.1');
 * if (bound.ok) console.log(`http://127.0.0.1:${bound.address.port}/`);
 * await pool.close({ timeout: 5000 });
 */
export function createWorkerPool<Req = unknown, Res = unknown>(modulePath: string, options?: WorkerPoolOptions): WorkerPool<Req, Res> {
  return new WorkerPool<Req, Res>(modulePath, options);
}
