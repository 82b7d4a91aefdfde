import type { Envelope } from '../envelope.js';
import { bindSharedListener, type RawServerHandle } from './shared-listener.js';
import type { BoundAddress, ListenResult, PoolEvent } from './types.js';
import type { WorkerSlot } from './worker-slot.js';

const DEFAULT_LISTEN_TIMEOUT = 10_000;

export function listenFailure(
  kind: Extract<ListenResult, { ok: false }>['kind'],
  code: string,
  message: string,
): ListenResult {
  return { ok: false, kind, error: { code, message } };
}

/** The pool's one listening socket: bound here, passed to every worker that becomes ready. */
export class SharedPort {
  private listener: { handle: RawServerHandle; address: BoundAddress } | undefined;
  private waiter: ((result: ListenResult) => void) | undefined;

  constructor(
    private readonly slots: readonly WorkerSlot[],
    private readonly emit: (event: PoolEvent) => void,
  ) {}

  get address(): BoundAddress | undefined {
    return this.listener?.address;
  }

  get bound(): boolean {
    return this.listener !== undefined;
  }

  /** Binds, passes the socket to the ready workers, and waits until every live one listens. */
  async listen(
    port: unknown,
    host: unknown,
    rawTimeout: number | undefined,
    isClosing: () => boolean,
  ): Promise<ListenResult> {
    const bound = await bindSharedListener(port, host);
    if (!bound.ok) return bound;
    if (isClosing()) {
      bound.handle.close();
      return listenFailure('pool-closed', 'ERR_POOL_CLOSED', 'The pool closed while binding');
    }
    this.listener = { handle: bound.handle, address: bound.address };
    const listening = new Promise<ListenResult>((resolve) => (this.waiter = resolve));
    const timeout = rawTimeout ?? DEFAULT_LISTEN_TIMEOUT;
    const timer = setTimeout(() => {
      this.check(true);
      this.settle(
        listenFailure(
          'no-worker',
          'ERR_NO_WORKER',
          `No worker listened within ${timeout} ms: do the workers call parentChannel().shareServer(server)?`,
        ),
      );
    }, timeout);
    for (const slot of this.slots) if (slot.state === 'ready') this.passTo(slot);
    this.check();
    const result = await listening;
    clearTimeout(timer);
    return result;
  }

  passTo(slot: WorkerSlot): void {
    if (this.listener) void slot.child?.sendControl({ $saferun: 'listen' }, this.listener.handle);
  }

  onListening(slot: WorkerSlot, envelope: Envelope): void {
    if (envelope.$saferun !== 'listening' || !this.listener) return;
    if (!envelope.ok) {
      const error = envelope.error ?? { code: 'ERR_LISTEN', message: 'A worker could not listen' };
      this.settle(listenFailure('bind-error', error.code, error.message));
      return;
    }
    slot.listening = true;
    this.check();
  }

  /** Resolves `listen()` once every live worker (at least one) accepts on the socket. */
  check(timedOut = false): void {
    if (!this.waiter || !this.listener) return;
    const live = this.slots.filter((slot) => slot.state === 'starting' || slot.state === 'ready');
    if (this.slots.every((slot) => slot.state === 'failed' || slot.state === 'stopped')) {
      this.settle(listenFailure('no-worker', 'ERR_NO_WORKER', 'Every worker of the pool failed or stopped'));
      return;
    }
    const some = this.slots.some((slot) => slot.listening);
    if (some && (timedOut || live.every((slot) => slot.listening))) {
      this.emit({ type: 'listening', address: this.listener.address });
      this.settle({ ok: true, kind: 'listening', address: this.listener.address });
    }
  }

  settle(result: ListenResult): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(result);
  }

  /** Workers keep their own copies: closing ours only stops new workers from getting it. */
  close(): void {
    this.settle(listenFailure('pool-closed', 'ERR_POOL_CLOSED', 'The pool closed'));
    this.listener?.handle.close();
  }
}
