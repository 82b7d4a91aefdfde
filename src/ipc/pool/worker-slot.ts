import type { Result } from '../../process/index.js';
import type { Envelope } from '../envelope.js';
import type { IpcChild } from '../fork.js';
import type { RequestOptions, RequestResult } from '../types.js';
import { computeRestartDelay, type RestartPolicy } from './restart-policy.js';
import type { PoolEvent, WorkerInfo, WorkerState } from './types.js';

export type PoolChild = IpcChild<unknown, unknown, unknown, unknown, unknown>;

/** What a slot needs from its pool. */
export interface SlotHost {
  readonly policy: RestartPolicy;
  readonly closing: boolean;
  forkWorker(): PoolChild;
  emit(event: PoolEvent): void;
  onReady(slot: WorkerSlot): void;
  onListening(slot: WorkerSlot, envelope: Envelope): void;
  onGone(slot: WorkerSlot): void;
}

/** One place in the pool: the worker in it now, restarted with back-off when it dies. */
export class WorkerSlot {
  state: WorkerState = 'starting';
  child: PoolChild | undefined;
  restarts = 0;
  inFlight = 0;
  /** This worker accepts on the pool's shared socket. */
  listening = false;
  private crashesInRow = 0;
  private readyAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly workerId: number,
    private readonly host: SlotHost,
  ) {}

  info(): WorkerInfo {
    return {
      workerId: this.workerId,
      pid: this.child?.pid,
      state: this.state,
      restarts: this.restarts,
      inFlight: this.inFlight,
    };
  }

  start(): void {
    this.timer = undefined;
    this.state = 'starting';
    this.readyAt = undefined;
    this.listening = false;
    const child = this.host.forkWorker();
    this.child = child;
    this.host.emit({ type: 'spawn', workerId: this.workerId, pid: child.pid });
    child.onControl('ready', () => this.onReady(child));
    child.onControl('listening', (envelope) => this.host.onListening(this, envelope));
    this.running = child.then((result) => this.onExit(child, result));
  }

  async request(payload: unknown, options: RequestOptions | undefined): Promise<RequestResult> {
    this.inFlight++;
    try {
      return await this.child!.request(payload, options);
    } finally {
      this.inFlight--;
    }
  }

  /** Asks the worker to finish its work and exit; resolves when it has (or was killed). */
  stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.state === 'starting' || this.state === 'ready') {
      this.state = 'stopping';
      void this.child?.sendControl({ $saferun: 'stop' });
    } else if (this.state === 'backoff') {
      this.state = 'stopped';
    }
    return this.running;
  }

  /** SIGKILLs a worker that did not stop in time; true when there was one. */
  kill(): boolean {
    return this.state === 'stopping' && (this.child?.kill('SIGKILL') ?? false);
  }

  private onReady(child: PoolChild): void {
    if (this.child !== child || this.state !== 'starting') return;
    this.state = 'ready';
    this.readyAt = performance.now();
    this.host.emit({ type: 'ready', workerId: this.workerId, pid: child.pid! });
    this.host.onReady(this);
  }

  private onExit(child: PoolChild, result: Result<unknown>): void {
    this.listening = false;
    this.host.emit({ type: 'exit', workerId: this.workerId, pid: child.pid, result });
    if (this.host.closing || this.state === 'stopping' || this.state === 'stopped') {
      this.state = 'stopped';
      this.host.onGone(this);
      return;
    }
    const { policy } = this.host;
    if (this.readyAt !== undefined && performance.now() - this.readyAt >= policy.stableAfterMs) this.crashesInRow = 0;
    this.crashesInRow++;
    if (!policy.enabled || this.crashesInRow > policy.maxRestarts) {
      this.state = 'failed';
      this.host.emit({ type: 'failed', workerId: this.workerId, restarts: this.crashesInRow - 1, result });
      this.host.onGone(this);
      return;
    }
    const delayMs = computeRestartDelay(policy, this.crashesInRow);
    this.restarts++;
    this.state = 'backoff';
    this.host.emit({ type: 'restart', workerId: this.workerId, attempt: this.crashesInRow, delayMs });
    this.timer = setTimeout(() => this.start(), delayMs);
    this.host.onGone(this);
  }
}
